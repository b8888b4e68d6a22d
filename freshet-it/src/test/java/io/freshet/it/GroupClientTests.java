package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.freshet.it.ClientGroupMember.Handled;
import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classic consumer groups driven by a non-Java client (kafkajs or librdkafka), each member a process of its own,
 * against the embedded broker, or against the broker named by {@code -Dfreshet.it.bootstrap=HOST:PORT} (used to
 * check these tests against Apache Kafka). The members commit after each message they handle; stopping one
 * (closing its stdin) makes it leave the group.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class GroupClientTests {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final long MEMBER_TIMEOUT_MS = 45_000;

    @RegisterExtension
    static final FreshetExtension freshet = FreshetExtension.perClass()
            .withProperty("group.initial.rebalance.delay.ms", "0");

    @TempDir
    Path logs;

    private final GroupClient client;
    private final List<ClientProcess> started = new ArrayList<>();

    GroupClientTests(GroupClient client) {
        this.client = client;
    }

    @BeforeEach
    void requireClient() {
        String missing = client.missing();
        if (missing != null) {
            String message = "!!!!! SKIPPING " + client.label() + " group test: " + missing
                    + " is missing. Run scripts/install-test-deps.sh !!!!!";
            System.err.println(message);
            System.out.println(message);
        }
        Assumptions.assumeTrue(missing == null, () -> client.label() + ": missing " + missing);
    }

    @AfterEach
    void stopClients() {
        started.forEach(ClientProcess::close);
    }

    static String bootstrap() {
        return freshet.bootstrapServers(); // the external broker's under -Dfreshet.it.bootstrap (FreshetExtension)
    }

    /** Unique per run, so that repeated runs against one external broker never meet old topics or groups. */
    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void twoMembersOfOneGroupShouldShareThePartitionsAndHandleEveryMessageOnce() throws Exception {
        String topic = unique(client.label() + "-shared");
        String group = unique("shared");
        int partitions = 4;
        int messages = 400;
        KafkaClients.createTopic(bootstrap(), topic, partitions);

        ClientProcess a = member("a", topic, group, 0);
        ClientProcess b = member("b", topic, group, 0);
        Map<String, List<Integer>> split = awaitStableSplit(topic, partitions, List.of(a, b));

        produce(topic, messages, "k");
        awaitHandled(messages, List.of(a, b));
        stopAll(List.of(a, b));

        assertHandledExactlyOnce(concat(a.handled(), b.handled()), messages, "k");
        assertEachHandledItsShare(split, List.of(a, b));
        assertThat(committed(group, topic)).as("committed offsets (Admin listConsumerGroupOffsets)")
                .isEqualTo(endOffsets(topic));
    }

    @Test
    void eachOfTwoGroupsShouldSeeEveryMessage() throws Exception {
        String topic = unique(client.label() + "-broadcast");
        int messages = 300;
        KafkaClients.createTopic(bootstrap(), topic, 3);
        produce(topic, messages, "b");

        ClientProcess first = member("group1", topic, unique("broadcast-1"), messages);
        ClientProcess second = member("group2", topic, unique("broadcast-2"), messages);
        for (ClientProcess member : List.of(first, second)) {
            JsonFinal end = JsonFinal.of(member.awaitSuccess(WAIT, "final"));
            assertThat(end.reason).as("%s stopped because", member.name()).isEqualTo("count");
            assertThat(end.partitions).as("%s: sole member of its group", member.name()).containsExactly(0, 1, 2);
            assertHandledExactlyOnce(member.handled(), messages, "b");
        }
    }

    @Test
    void aNewMemberShouldResumeAfterTheOffsetsTheFirstCommitted() throws Exception {
        String topic = unique(client.label() + "-resume");
        String group = unique("resume");
        int messages = 300;
        int firstShare = 120;
        KafkaClients.createTopic(bootstrap(), topic, 3);
        produce(topic, messages, "r");

        ClientProcess first = member("first", topic, group, firstShare);
        assertThat(JsonFinal.of(first.awaitSuccess(WAIT, "final")).reason).isEqualTo("count");
        List<Handled> before = first.handled();
        assertThat(before).hasSize(firstShare);
        Map<TopicPartition, Long> expected = new TreeMap<>(PARTITION_ORDER);
        before.forEach(h -> expected.merge(new TopicPartition(topic, h.partition()), h.offset() + 1, Math::max));
        assertThat(committed(group, topic)).as("offsets committed by the first member, through the Admin client")
                .isEqualTo(expected);

        ClientProcess second = member("second", topic, group, messages - firstShare);
        assertThat(JsonFinal.of(second.awaitSuccess(WAIT, "final")).reason).isEqualTo("count");
        List<Handled> after = second.handled();
        assertThat(after).extracting(Handled::key).as("nothing committed is delivered again")
                .doesNotContainAnyElementsOf(before.stream().map(Handled::key).toList());
        Map<Integer, Long> firstOffsetAfter = new HashMap<>();
        after.forEach(h -> firstOffsetAfter.merge(h.partition(), h.offset(), Math::min));
        firstOffsetAfter.forEach((partition, offset) -> assertThat(offset)
                .as("second member's first offset in partition %s", partition)
                .isEqualTo(expected.getOrDefault(new TopicPartition(topic, partition), 0L)));
        assertHandledExactlyOnce(concat(before, after), messages, "r");
        assertThat(committed(group, topic)).as("all committed at the end").isEqualTo(endOffsets(topic));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    ClientProcess member(String name, String topic, String group, int count) {
        return member(client, name, topic, group, count, null);
    }

    ClientProcess member(GroupClient which, String name, String topic, String group, int count, String assignment) {
        ClientProcess process = ClientProcess.start(which.label() + "-" + name,
                which.member(bootstrap(), topic, group, count, MEMBER_TIMEOUT_MS, assignment), logs);
        started.add(process);
        return process;
    }

    void produce(String topic, int count, String prefix) throws InterruptedException {
        ClientProcess producer = ClientProcess.start(client.label() + "-producer",
                client.producer(bootstrap(), topic, count, prefix), logs);
        started.add(producer);
        assertThat(producer.awaitSuccess(WAIT, "done").get("produced").asInt()).isEqualTo(count);
    }

    /**
     * Waits until the members' newest assignments split all partitions between them, each member getting some, and
     * returns that split (member name to partitions). Nothing joins or leaves afterwards until the test stops the
     * members, so the group must keep it: the members' later records are checked against it (their final
     * assignments may already belong to the rebalance that stopping one of them starts).
     */
    static Map<String, List<Integer>> awaitStableSplit(String topic, int partitions,
            List<? extends ClientGroupMember> members) throws InterruptedException {
        Map<String, List<Integer>> split = new HashMap<>();
        awaitTrue(WAIT, () -> {
            split.clear();
            List<Integer> all = new ArrayList<>();
            for (ClientGroupMember m : members) {
                Optional<List<Integer>> assigned = m.assignment();
                if (assigned.isEmpty() || assigned.get().isEmpty()) {
                    return false;
                }
                split.put(m.name(), assigned.get());
                all.addAll(assigned.get());
            }
            return all.size() == partitions && new HashSet<>(all).size() == partitions;
        }, () -> "members of one group did not split the " + partitions + " partitions of " + topic + ": "
                + members.stream().map(m -> m.name() + "=" + m.assignment()).toList()
                + diagnosticsOf(members));
        return Map.copyOf(split);
    }

    /** Each member handled messages, and only of the partitions {@code split} gave it. */
    static void assertEachHandledItsShare(Map<String, List<Integer>> split, List<? extends ClientGroupMember> members) {
        for (ClientGroupMember member : members) {
            assertThat(member.handled()).as("%s handled messages", member.name()).isNotEmpty();
            assertThat(member.handled()).extracting(Handled::partition)
                    .as("%s handled only its partitions %s", member.name(), split.get(member.name()))
                    .allMatch(p -> split.get(member.name()).contains(p));
        }
    }

    static void awaitHandled(int total, List<? extends ClientGroupMember> members) throws InterruptedException {
        awaitTrue(WAIT, () -> members.stream().mapToInt(m -> m.handled().size()).sum() >= total,
                () -> "members handled " + members.stream().map(m -> m.name() + "=" + m.handled().size()).toList()
                        + " of " + total + diagnosticsOf(members));
    }

    static void stopAll(Collection<ClientProcess> members) throws InterruptedException {
        members.forEach(ClientProcess::closeStdin);
        for (ClientProcess member : members) {
            assertThat(JsonFinal.of(member.awaitSuccess(WAIT, "final")).reason).isEqualTo("stdin");
        }
    }

    static void assertHandledExactlyOnce(List<Handled> handled, int messages, String prefix) {
        assertThat(handled).extracting(Handled::key).as("keys handled")
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, messages).mapToObj(i -> prefix + "-" + i)
                        .toList());
        assertThat(handled.stream().map(h -> h.partition() + "@" + h.offset()).collect(Collectors.toSet()))
                .as("distinct (partition, offset) handled").hasSize(messages);
    }

    static Map<TopicPartition, Long> committed(String group, String topic) throws Exception {
        try (Admin admin = KafkaClients.admin(bootstrap())) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> out = new TreeMap<>(PARTITION_ORDER);
            offsets.forEach((tp, om) -> {
                if (tp.topic().equals(topic) && om != null) {
                    out.put(tp, om.offset());
                }
            });
            return out;
        }
    }

    static Map<TopicPartition, Long> endOffsets(String topic) {
        Map<TopicPartition, Long> out = new TreeMap<>(PARTITION_ORDER);
        out.putAll(KafkaClients.endOffsets(bootstrap(), topic));
        return out;
    }

    static final java.util.Comparator<TopicPartition> PARTITION_ORDER =
            java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static void awaitTrue(Duration timeout, BooleanSupplier condition, Supplier<String> failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after " + timeout + ": " + failure.get());
            }
            Thread.sleep(50);
        }
    }

    private static String diagnosticsOf(List<? extends ClientGroupMember> members) {
        return members.stream().map(m -> "\n--- " + m.name() + ": " + m.diagnostics())
                .collect(Collectors.joining());
    }

    /** A member's last line: why it stopped and its final assignment. */
    record JsonFinal(String reason, int count, List<Integer> partitions) {
        static JsonFinal of(com.fasterxml.jackson.databind.JsonNode line) {
            return new JsonFinal(line.get("reason").asText(), line.get("count").asInt(),
                    ClientProcess.partitions(line));
        }
    }

}
