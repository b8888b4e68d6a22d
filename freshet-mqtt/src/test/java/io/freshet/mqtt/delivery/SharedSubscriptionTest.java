package io.freshet.mqtt.delivery;

import io.freshet.mqtt.delivery.RecordingLink.Acks;
import io.freshet.mqtt.delivery.RecordingLink.Publish;
import io.freshet.mqtt.message.Outcome;
import io.freshet.mqtt.session.SubscriptionRequest;
import io.netty.channel.DefaultEventLoop;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.freshet.mqtt.delivery.DeliveryHarness.get;
import static io.freshet.mqtt.delivery.DeliveryHarness.sub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared subscriptions ({@code $share/GROUP/filter}) on a real broker: members on different event loops share the
 * records, each to one member, one key to one member in order; the group's position is a consumer group's offsets.
 */
@Timeout(90)
class SharedSubscriptionTest {

    private static final Duration QUIET = Duration.ofMillis(300);

    @TempDir
    Path dataDir;

    private DeliveryHarness h;
    private final List<DefaultEventLoop> loops = new ArrayList<>();

    @BeforeEach
    void start() {
        h = new DeliveryHarness(dataDir);
        for (int i = 0; i < 3; i++) {
            loops.add(new DefaultEventLoop());
        }
    }

    @AfterEach
    void stop() {
        h.close();
        loops.forEach(DefaultEventLoop::shutdownGracefully);
    }

    @Test
    void shouldGiveEachMessageToExactlyOneMemberKeepingEachKeyWithOneMemberInOrder() throws Exception {
        h.createTopic("jobs", 3);
        List<RecordingLink> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RecordingLink member = member("worker-" + i, i, Acks.ALL, 10, false);
            subscribe(member, sub("$share/workers/jobs/#", 1));
            members.add(member);
        }
        produce("jobs", 300, 30);

        await().until(() -> total(members) == 300);
        await().during(QUIET).until(() -> total(members) == 300);
        List<String> all = new ArrayList<>();
        Map<String, String> memberOfKey = new HashMap<>();
        for (RecordingLink member : members) {
            assertThat(member.publishes()).as(member.clientId()).isNotEmpty();
            all.addAll(member.payloads());
            for (Publish p : member.publishes()) {
                assertThat(memberOfKey.putIfAbsent(p.topic(), member.clientId()))
                    .as("member of %s", p.topic()).isIn(null, member.clientId());
            }
            assertEachKeyInOrder(member);
        }
        assertThat(all).doesNotHaveDuplicates().hasSize(300);

        List<TopicPartition> partitions = List.of(new TopicPartition("jobs", 0), new TopicPartition("jobs", 1),
            new TopicPartition("jobs", 2));
        await().untilAsserted(() -> {
            Map<TopicPartition, Long> committed = get(h.log.committedOffsets("mqtt-share-workers", partitions));
            for (TopicPartition tp : partitions) {
                assertThat(committed.get(tp)).as("%s", tp).isEqualTo(h.log.endOffset(tp));
            }
        });
    }

    @Test
    void shouldGiveALeavingMembersUnacknowledgedMessagesToTheOthers() throws Exception {
        h.createTopic("tasks", 2);
        RecordingLink a = member("a", 0, Acks.ALL, 10, false);
        RecordingLink b = member("b", 1, Acks.NONE, 5, false);
        RecordingLink c = member("c", 2, Acks.ALL, 10, false);
        for (RecordingLink member : List.of(a, b, c)) {
            subscribe(member, sub("$share/crew/tasks/#", 2));
        }
        produce("tasks", 120, 12);

        await().until(() -> b.publishes().size() == 5); // its window: it acknowledges nothing
        b.detach();

        await().until(() -> a.publishes().size() + c.publishes().size() == 120);
        await().during(QUIET).until(() -> a.publishes().size() + c.publishes().size() == 120);
        List<String> done = new ArrayList<>(a.payloads());
        done.addAll(c.payloads());
        assertThat(done).doesNotHaveDuplicates().hasSize(120);
        assertThat(done).containsAll(b.payloads());
        assertEachKeyInOrder(a);
        assertEachKeyInOrder(c);
    }

    @Test
    void shouldKeepTheGroupsMessagesWhileNoMemberIsConnectedAcrossARestart() throws Exception {
        h.createTopic("queue", 1);
        SessionDelivery session = h.service.open("lonely", true);
        RecordingLink first = new RecordingLink("lonely", loops.get(0), 10).attach(session, Acks.ALL);
        subscribe(first, sub("$share/solo/queue/#", 1));
        produce("queue", 5, 1);
        await().until(() -> first.publishes().size() == 5);
        first.detach();

        produce("queue", 7, 1);
        h.restart();
        SessionDelivery restored = h.service.open("lonely", true);
        RecordingLink second = new RecordingLink("lonely", loops.get(0), 10).attach(restored, Acks.ALL);

        await().until(() -> second.publishes().size() == 7);
        await().during(QUIET).until(() -> second.publishes().size() == 7);
        assertThat(second.payloads()).isEqualTo(IntStream.range(0, 7).mapToObj(i -> "dev0:" + i).toList());
    }

    private RecordingLink member(String clientId, int loop, Acks acks, int receiveMaximum, boolean persistent) {
        SessionDelivery session = h.service.open(clientId, persistent);
        return new RecordingLink(clientId, loops.get(loop), receiveMaximum).attach(session, acks);
    }

    private static int total(List<RecordingLink> members) {
        return members.stream().mapToInt(m -> m.publishes().size()).sum();
    }

    /** Within one member, each key's messages arrive in the order they were written. */
    private static void assertEachKeyInOrder(RecordingLink member) {
        Map<String, List<Integer>> byKey = new HashMap<>();
        for (Publish p : member.publishes()) {
            String[] parts = p.payload().split(":");
            byKey.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        }
        byKey.forEach((key, seq) -> assertThat(seq).as("%s at %s", key, member.clientId()).isSorted());
    }

    /** {@code count} records over {@code keys} keys, payload "devK:N" with N counting per key. */
    private void produce(String topic, int count, int keys) throws Exception {
        int[] next = new int[keys];
        try (KafkaProducer<String, String> producer = h.producer()) {
            for (int i = 0; i < count; i++) {
                int key = i % keys;
                producer.send(new ProducerRecord<>(topic, "dev" + key, "dev" + key + ":" + next[key]++));
            }
            producer.flush();
        }
    }

    private static List<Outcome> subscribe(RecordingLink link, SubscriptionRequest... requests) {
        CompletableFuture<List<Outcome>> answer = link.call(() -> link.delivery().subscribe(List.of(requests), 0));
        return get(answer);
    }
}
