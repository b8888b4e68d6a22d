package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.freshet.it.cli.Cli;
import io.freshet.testkit.FreshetExtension;

import org.awaitility.Awaitility;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code freshet groups} (freshet-tools) against the broker, run in-process with captured output: a real consumer
 * group (classic and KIP-848 protocols) commits offsets, the CLI lists and describes it with its lag, refuses to
 * reset or delete it while it has a member, resets its offsets once it is empty (and a consumer of the group then
 * resumes there), deletes its offsets and the group.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GroupsCliTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final FreshetExtension freshet = FreshetExtension.perTest();

    private Cli.Run groups(String... args) {
        return new Cli(freshet.bootstrapServers()).run("groups", args);
    }

    private KafkaConsumer<String, String> member(String group, String protocol) {
        return KafkaClients.consumer(freshet.bootstrapServers(), Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol));
    }

    @ParameterizedTest(name = "group.protocol={0}")
    @ValueSource(strings = {"classic", "consumer"})
    void shouldListAndDescribeAnActiveGroupWithItsLagAndRefuseToResetOrDeleteIt(String protocol) throws Exception {
        String topic = "orders-" + protocol;
        String group = "billing-" + protocol;
        KafkaClients.createTopic(freshet.bootstrapServers(), topic, 2);
        produce(topic, 0, 10, Instant.now());
        produce(topic, 1, 6, Instant.now());

        try (KafkaConsumer<String, String> consumer = member(group, protocol)) {
            consumer.subscribe(List.of(topic));
            awaitAssignment(consumer, 2);
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(4),
                    new TopicPartition(topic, 1), new OffsetAndMetadata(6)));
            String memberId = consumer.groupMetadata().memberId();
            String type = protocol.equals("classic") ? "Classic" : "Consumer";

            Cli.Run list = groups("list");
            assertThat(list.exitCode()).isZero();
            assertThat(list.out().lines().findFirst().orElseThrow().split("\\s+")).containsExactly("GROUP", "TYPE",
                    "STATE");
            assertThat(list.rows(group)).containsExactly(List.of(group, type, "Stable"));
            assertThat(list.err()).isEmpty();

            Cli.Run describe = groups("describe", group);
            assertThat(describe.exitCode()).isZero();
            assertThat(describe.out().lines().findFirst().orElseThrow())
                    .startsWith("Consumer group '" + group + "': state Stable, type " + type + ", coordinator ")
                    .contains(", 1 member");
            assertThat(describe.out()).contains("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET",
                    "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID");
            List<List<String>> rows = describe.rows(group);
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).subList(0, 7)).containsExactly(group, topic, "0", "4", "10", "6", memberId);
            assertThat(rows.get(1).subList(0, 7)).containsExactly(group, topic, "1", "6", "6", "0", memberId);

            Cli.Run members = groups("describe", group, "--members");
            assertThat(members.rows(group)).hasSize(1);
            assertThat(members.rows(group).get(0)).contains(memberId, "2", topic + ":0,1");

            Cli.Run reset = groups("reset-offsets", "--group", group, "--topic", topic, "--to-earliest", "--execute");
            assertThat(reset.exitCode()).isEqualTo(1);
            assertThat(reset.err()).contains("inactive", "Stable");
            assertThat(committed(group)).containsEntry(new TopicPartition(topic, 0), 4L);

            Cli.Run delete = groups("delete", "--group", group);
            assertThat(delete.exitCode()).isEqualTo(1);
            assertThat(delete.err()).contains("NON_EMPTY_GROUP");

            Cli.Run deleteOffsets = groups("delete-offsets", "--group", group, "--topic", topic);
            assertThat(deleteOffsets.exitCode()).isEqualTo(1);
            assertThat(deleteOffsets.out()).contains("GROUP_SUBSCRIBED_TO_TOPIC");
        }
        awaitEmpty(group);

        Cli.Run empty = groups("list", "--state", "Empty");
        assertThat(empty.rows(group)).hasSize(1);
        assertThat(groups("list", "--state", "Stable").rows(group)).isEmpty();
        Cli.Run describe = groups("describe", group);
        assertThat(describe.out()).contains("state Empty", "0 members", "has no active members");
        assertThat(describe.rows(group).get(0)).containsExactly(group, topic, "0", "4", "10", "6", "-", "-", "-");
    }

    @ParameterizedTest(name = "group.protocol={0}")
    @ValueSource(strings = {"classic", "consumer"})
    void shouldResetTheOffsetsOfAnEmptyGroupAndTheConsumerResumesThere(String protocol) throws Exception {
        String topic = "payments-" + protocol;
        String group = "ledger-" + protocol;
        TopicPartition partition = new TopicPartition(topic, 0);
        KafkaClients.createTopic(freshet.bootstrapServers(), topic, 1);
        // In the past, so that no broker-side limit on timestamps ahead of its clock can get in the way.
        Instant earlier = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(4));
        Instant later = earlier.plus(Duration.ofHours(2));
        Instant between = earlier.plus(Duration.ofHours(1));
        Instant afterAll = later.plus(Duration.ofMinutes(30));
        produce(topic, 0, 5, earlier); // offsets 0..4
        produce(topic, 0, 5, later);   // offsets 5..9
        assertThat(firstOffsetRead(group, protocol, topic)).isZero();
        commitAndLeave(group, protocol, partition, 9);

        Cli.Run dryRun = groups("reset-offsets", "--group", group, "--topic", topic, "--to-earliest");
        assertThat(dryRun.exitCode()).isZero();
        assertThat(dryRun.rows(group)).containsExactly(List.of(group, topic, "0", "0"));
        assertThat(committed(group)).containsEntry(partition, 9L);

        assertThat(resetAndRead(group, protocol, topic, "--topic", topic, "--to-earliest")).isZero();
        assertThat(resetAndRead(group, protocol, topic, "--all-topics", "--to-datetime", between.toString()))
                .isEqualTo(5);
        assertThat(resetAndRead(group, protocol, topic, "--topic", topic + ":0", "--to-offset", "7")).isEqualTo(7);
        assertThat(resetAndRead(group, protocol, topic, "--all-topics", "--to-datetime",
                between.atOffset(ZoneOffset.ofHours(-1)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))).isEqualTo(5);
        assertThat(resetAndRead(group, protocol, topic, "--all-topics", "--to-earliest")).isZero();
        assertThat(resetAndRead(group, protocol, topic, "--all-topics", "--to-datetime",
                LocalDateTime.ofInstant(between, ZoneId.systemDefault()).toString())).isEqualTo(5); // local time
        assertThat(resetAndRead(group, protocol, topic, "--all-topics", "--shift-by", "-3")).isEqualTo(2);

        // Past the last record, and past the log end: both land on the log end (10), where there is nothing to read.
        Cli.Run afterLast = groups("reset-offsets", "--group", group, "--all-topics", "--to-datetime",
                afterAll.toString(), "--execute");
        assertThat(afterLast.rows(group)).containsExactly(List.of(group, topic, "0", "10"));
        assertThat(committed(group)).containsEntry(partition, 10L);
        Cli.Run beyond = groups("reset-offsets", "--group", group, "--topic", topic, "--to-offset", "999", "--execute");
        assertThat(beyond.exitCode()).isZero();
        assertThat(beyond.rows(group)).containsExactly(List.of(group, topic, "0", "10"));
        assertThat(beyond.err()).contains("above the log end offset 10");
    }

    @Test
    void shouldDeleteOffsetsThenTheGroupAndReportAnUnknownGroup() throws Exception {
        String group = "archive";
        TopicPartition partition = new TopicPartition("archived", 0);
        KafkaClients.createTopic(freshet.bootstrapServers(), "archived", 1);
        produce("archived", 0, 3, Instant.now());
        commitAndLeave(group, "classic", partition, 2);

        Cli.Run deleteOffsets = groups("delete-offsets", "--group", group, "--topic", "archived");
        assertThat(deleteOffsets.exitCode()).as(deleteOffsets.err()).isZero();
        assertThat(deleteOffsets.rows(group)).containsExactly(List.of(group, "archived", "0", "Successful"));
        assertThat(committed(group)).isEmpty();

        Cli.Run delete = groups("delete", "--group", group);
        assertThat(delete.exitCode()).as(delete.err()).isZero();
        assertThat(delete.out().strip()).isEqualTo("Deletion of requested consumer groups ('archive') was successful.");
        assertThat(groups("list").rows(group)).isEmpty();

        Cli.Run unknown = groups("describe", group);
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err().strip()).isEqualTo("freshet groups: Consumer group 'archive' does not exist.");
        Cli.Run deleteUnknown = groups("delete", "--group", group);
        assertThat(deleteUnknown.exitCode()).isEqualTo(1);
        assertThat(deleteUnknown.err()).contains("GROUP_ID_NOT_FOUND");
    }

    private long resetAndRead(String group, String protocol, String topic, String... args) {
        List<String> words = new ArrayList<>(List.of("reset-offsets", "--group", group, "--execute"));
        words.addAll(List.of(args));
        Cli.Run reset = groups(words.toArray(String[]::new));
        assertThat(reset.exitCode()).as(reset.err()).isZero();
        long planned = Long.parseLong(reset.rows(group).get(0).get(3));
        assertThat(committed(group)).containsEntry(new TopicPartition(topic, 0), planned);
        long resumed = firstOffsetRead(group, protocol, topic);
        assertThat(resumed).isEqualTo(planned);
        return resumed;
    }

    private void produce(String topic, int partition, int count, Instant timestamp) throws Exception {
        try (KafkaProducer<String, String> producer = KafkaClients.producer(freshet.bootstrapServers())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, timestamp.toEpochMilli(), "k" + i, "v" + i))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Joins the group, returns the offset of the first record it is given, leaves without committing. */
    private long firstOffsetRead(String group, String protocol, String topic) {
        try (KafkaConsumer<String, String> consumer = member(group, protocol)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    return record.offset();
                }
            }
            throw new AssertionError("the group's consumer read nothing within " + WAIT);
        } finally {
            awaitEmpty(group);
        }
    }

    private void commitAndLeave(String group, String protocol, TopicPartition partition, long offset) {
        try (KafkaConsumer<String, String> consumer = member(group, protocol)) {
            consumer.subscribe(List.of(partition.topic()));
            awaitAssignment(consumer, 1);
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset)));
        }
        awaitEmpty(group);
    }

    private static void awaitAssignment(KafkaConsumer<String, String> consumer, int partitions) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (consumer.assignment().size() < partitions) {
            assertThat(System.nanoTime()).as("assignment of %d partitions", partitions).isLessThan(deadline);
            consumer.poll(Duration.ofMillis(100));
        }
    }

    private Map<TopicPartition, Long> committed(String group) {
        try (Admin admin = KafkaClients.admin(freshet.bootstrapServers())) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void awaitEmpty(String group) {
        try (Admin admin = KafkaClients.admin(freshet.bootstrapServers())) {
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> admin
                    .describeConsumerGroups(List.of(group)).describedGroups().get(group).get(30, TimeUnit.SECONDS)
                    .groupState() == GroupState.EMPTY);
        }
    }
}
