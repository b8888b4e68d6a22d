package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.FreshetExtension;
import io.freshet.testkit.FreshetOnly;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What Freshet's share groups add to Kafka's, seen through an unmodified KafkaShareConsumer: the delivery-time
 * header {@code freshet.deliver.at} (epoch ms, decimal ASCII) holds a record back until then, and the group config
 * {@code freshet.share.release.backoff.ms} holds a RELEASEd record back for backoff * 2^(deliveryCount-1).
 * Skipped against another broker (Apache Kafka has neither).
 */
@FreshetOnly("freshet.deliver.at and freshet.share.release.backoff.ms are Freshet's; Apache Kafka ignores them")
class ShareGroupFreshetOnlyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final FreshetExtension freshet = GroupBrokers.extension();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldHoldARecordBackUntilItsDeliveryTime() throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = newTopic(bootstrap, "share-deliver-at");
        String group = GroupBrokers.unique("share-deliver-at-group");
        ShareGroups.fromEarliest(bootstrap, group, Map.of());
        List<String> order = new ArrayList<>();
        long deliverAt;
        long delayedArrived = -1;
        try (KafkaShareConsumer<String, String> consumer = ShareGroups.consumer(bootstrap, group, "c", false, 10)) {
            consumer.subscribe(List.of(topic));
            // The member has joined and fetches once it got "ready": the delay then starts with the member waiting.
            ShareGroups.send(bootstrap, new ProducerRecord<>(topic, "k", "ready"));
            pollUntil(consumer, order, 1);
            deliverAt = System.currentTimeMillis() + 2_000;
            ProducerRecord<String, String> delayed = new ProducerRecord<>(topic, "k", "delayed");
            delayed.headers().add("freshet.deliver.at", Long.toString(deliverAt).getBytes(StandardCharsets.US_ASCII));
            ShareGroups.send(bootstrap, delayed);
            ShareGroups.send(bootstrap, new ProducerRecord<>(topic, "k", "now"));
            delayedArrived = pollUntil(consumer, order, 3);
        }
        assertThat(order).as("values in delivery order").containsExactly("ready", "now", "delayed");
        assertThat(delayedArrived).as("when the delayed record arrived").isGreaterThanOrEqualTo(deliverAt);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldBackOffBeforeRedeliveringAReleasedRecord() throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = newTopic(bootstrap, "share-backoff");
        String group = GroupBrokers.unique("share-backoff-group");
        ShareGroups.fromEarliest(bootstrap, group, Map.of("freshet.share.release.backoff.ms", "500"));
        ShareGroups.send(bootstrap, new ProducerRecord<>(topic, "k", "released"));

        List<Long> gapsMs = new ArrayList<>();
        try (KafkaShareConsumer<String, String> consumer = ShareGroups.consumer(bootstrap, group, "c", true, 10)) {
            consumer.subscribe(List.of(topic));
            long releasedAt = 0;
            for (int delivery = 1; delivery <= 3; delivery++) {
                ConsumerRecord<String, String> r = pollOne(consumer);
                long now = System.nanoTime();
                assertThat(r.deliveryCount()).contains((short) delivery);
                if (delivery > 1) {
                    gapsMs.add(TimeUnit.NANOSECONDS.toMillis(now - releasedAt));
                }
                consumer.acknowledge(r, delivery < 3 ? AcknowledgeType.RELEASE : AcknowledgeType.ACCEPT);
                releasedAt = System.nanoTime(); // before the broker releases it: a gap never looks longer
                consumer.commitSync(WAIT);
            }
        }
        System.out.printf("release backoff 500 ms: redelivered after %s ms%n", gapsMs);
        assertThat(gapsMs.get(0)).as("after the first RELEASE (500 ms)").isGreaterThanOrEqualTo(500);
        assertThat(gapsMs.get(1)).as("after the second RELEASE (1000 ms)").isGreaterThanOrEqualTo(1_000);
    }

    private static String newTopic(String bootstrap, String prefix) throws Exception {
        String topic = GroupBrokers.unique(prefix);
        KafkaClients.createTopic(bootstrap, topic, 1);
        return topic;
    }

    /** Polls until {@code order} holds {@code count} values; returns when the last one arrived (epoch ms). */
    private static long pollUntil(KafkaShareConsumer<String, String> consumer, List<String> order, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (order.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                order.add(r.value());
            }
        }
        assertThat(order).as("values delivered within %s", WAIT).hasSize(count);
        return System.currentTimeMillis();
    }

    private static ConsumerRecord<String, String> pollOne(KafkaShareConsumer<String, String> consumer) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
            if (!records.isEmpty()) {
                assertThat(records.count()).as("records in the poll").isEqualTo(1);
                return records.iterator().next();
            }
        }
        throw new AssertionError("no record within " + WAIT);
    }
}
