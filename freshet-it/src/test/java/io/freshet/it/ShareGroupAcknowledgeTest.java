package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Explicit acknowledgement in a share group: a RELEASEd record comes back with its delivery count raised, a REJECTed
 * one never comes back (and is copied to the group's dead-letter topic when the group has one, KIP-1191), and a
 * record RELEASEd {@code share.delivery.count.limit} times is not delivered again.
 *
 * <p>Each test reads its group with one consumer on the test thread, and proves that a record is not delivered again
 * by a later record arriving: a share partition hands out its available records in offset order.
 *
 * <p>Passes against Apache Kafka 4.4 too: {@code scripts/suite-on-kafka.sh}.
 */
class ShareGroupAcknowledgeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final FreshetExtension freshet = GroupBrokers.extension();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRedeliverAReleasedRecordWithDeliveryCountTwo() throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = newTopic(bootstrap, "share-release");
        String group = GroupBrokers.unique("share-release-group");
        ShareGroups.fromEarliest(bootstrap, group, Map.of());
        ShareGroups.send(bootstrap, new ProducerRecord<>(topic, "k", "released"));

        try (KafkaShareConsumer<String, String> consumer = subscribed(bootstrap, group, topic)) {
            ConsumerRecord<String, String> first = single(poll(consumer));
            assertThat(first.value()).isEqualTo("released");
            assertThat(first.deliveryCount()).as("first delivery").contains((short) 1);
            consumer.acknowledge(first, AcknowledgeType.RELEASE);
            assertCommitted(consumer.commitSync(WAIT));

            ConsumerRecord<String, String> again = single(poll(consumer));
            assertThat(again.offset()).as("the released record again").isEqualTo(first.offset());
            assertThat(again.value()).isEqualTo("released");
            assertThat(again.deliveryCount()).as("second delivery").contains((short) 2);
            consumer.acknowledge(again, AcknowledgeType.ACCEPT);
            assertCommitted(consumer.commitSync(WAIT));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldNeverRedeliverARejectedRecord() throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = newTopic(bootstrap, "share-reject");
        String group = GroupBrokers.unique("share-reject-group");
        ShareGroups.fromEarliest(bootstrap, group, Map.of());
        ShareGroups.send(bootstrap, new ProducerRecord<>(topic, "k", "rejected"));

        try (KafkaShareConsumer<String, String> consumer = subscribed(bootstrap, group, topic)) {
            ConsumerRecord<String, String> rejected = single(poll(consumer));
            assertThat(rejected.value()).isEqualTo("rejected");
            consumer.acknowledge(rejected, AcknowledgeType.REJECT);
            assertCommitted(consumer.commitSync(WAIT));

            ShareGroups.send(bootstrap, new ProducerRecord<>(topic, "k", "after"));
            List<String> seen = acceptUntil(consumer, "after");
            assertThat(seen).as("values delivered after the REJECT").containsExactly("after");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldStopDeliveringAReleasedRecordAtTheDeliveryCountLimit() throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = newTopic(bootstrap, "share-limit");
        String group = GroupBrokers.unique("share-limit-group");
        ShareGroups.fromEarliest(bootstrap, group, Map.of("share.delivery.count.limit", "2"));
        ShareGroups.send(bootstrap, new ProducerRecord<>(topic, "k", "poison"));

        try (KafkaShareConsumer<String, String> consumer = subscribed(bootstrap, group, topic)) {
            List<Short> counts = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ConsumerRecord<String, String> poison = single(poll(consumer));
                assertThat(poison.value()).isEqualTo("poison");
                counts.add(poison.deliveryCount().orElse((short) -1));
                consumer.acknowledge(poison, AcknowledgeType.RELEASE);
                assertCommitted(consumer.commitSync(WAIT));
            }
            assertThat(counts).as("delivery counts of the released record").containsExactly((short) 1, (short) 2);

            ShareGroups.send(bootstrap, new ProducerRecord<>(topic, "k", "after"));
            assertThat(acceptUntil(consumer, "after")).as("values delivered after the limit")
                    .containsExactly("after");
        }
    }

    /**
     * KIP-1191 dead letters: the group names its topic (errors.deadletterqueue.topic.name, Kafka wants the prefix
     * {@code dlq.}), the topic exists and allows it (errors.deadletterqueue.group.enable=true), and with
     * errors.deadletterqueue.copy.record.enable the copy carries the record's key and value; headers say where the
     * record came from.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldCopyARejectedRecordToTheDeadLetterTopic() throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = newTopic(bootstrap, "share-dlq-source");
        String deadLetters = GroupBrokers.unique("dlq.share-dlq");
        KafkaClients.createTopic(bootstrap, deadLetters, 1, Map.of("errors.deadletterqueue.group.enable", "true"));
        String group = GroupBrokers.unique("share-dlq-group");
        ShareGroups.fromEarliest(bootstrap, group, Map.of("errors.deadletterqueue.topic.name", deadLetters,
                "errors.deadletterqueue.copy.record.enable", "true"));
        ShareGroups.send(bootstrap, new ProducerRecord<>(topic, "bad-key", "bad-value"));

        try (KafkaShareConsumer<String, String> consumer = subscribed(bootstrap, group, topic)) {
            ConsumerRecord<String, String> bad = single(poll(consumer));
            consumer.acknowledge(bad, AcknowledgeType.REJECT);
            assertCommitted(consumer.commitSync(WAIT));
        }

        Awaitility.await("a dead letter written").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> KafkaClients.endOffsets(bootstrap, deadLetters).values().stream()
                        .mapToLong(Long::longValue).sum() >= 1);
        List<ConsumerRecord<String, String>> copies = KafkaClients.readAll(bootstrap, deadLetters, WAIT);
        assertThat(copies).as("dead letters").hasSize(1);
        ConsumerRecord<String, String> copy = copies.get(0);
        Map<String, String> headers = new TreeMap<>();
        for (Header h : copy.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        System.out.printf("dead letter: key %s value %s headers %s%n", copy.key(), copy.value(), headers);
        assertThat(copy.key()).isEqualTo("bad-key");
        assertThat(copy.value()).isEqualTo("bad-value");
        assertThat(headers).containsEntry("__dlq.errors.topic", topic).containsEntry("__dlq.errors.group", group)
                .containsEntry("__dlq.errors.partition", "0").containsEntry("__dlq.errors.offset", "0")
                .containsEntry("__dlq.errors.delivery.count", "1");
    }

    private static String newTopic(String bootstrap, String prefix) throws Exception {
        String topic = GroupBrokers.unique(prefix);
        KafkaClients.createTopic(bootstrap, topic, 1);
        return topic;
    }

    private static KafkaShareConsumer<String, String> subscribed(String bootstrap, String group, String topic) {
        KafkaShareConsumer<String, String> consumer = ShareGroups.consumer(bootstrap, group, "acknowledger", true,
                10);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Polls until records arrive (the first polls also join the group). */
    private static ConsumerRecords<String, String> poll(KafkaShareConsumer<String, String> consumer) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
            if (!records.isEmpty()) {
                return records;
            }
        }
        throw new AssertionError("no record within " + WAIT);
    }

    private static ConsumerRecord<String, String> single(ConsumerRecords<String, String> records) {
        assertThat(records.count()).as("records in the poll").isEqualTo(1);
        return records.iterator().next();
    }

    /** ACCEPTs everything until a record with {@code value} arrives; the values seen, in order. */
    private static List<String> acceptUntil(KafkaShareConsumer<String, String> consumer, String value) {
        List<String> seen = new ArrayList<>();
        while (!seen.contains(value)) {
            for (ConsumerRecord<String, String> r : poll(consumer)) {
                seen.add(r.value());
                consumer.acknowledge(r, AcknowledgeType.ACCEPT);
            }
            assertCommitted(consumer.commitSync(WAIT));
        }
        return seen;
    }

    private static void assertCommitted(Map<TopicIdPartition, Optional<KafkaException>> results) {
        assertThat(results).as("acknowledgement results").isNotEmpty()
                .allSatisfy((tip, error) -> assertThat(error).as("%s", tip).isEmpty());
    }
}
