package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code share.isolation.level=read_committed} with KafkaShareConsumer: of a committed, an aborted and an open
 * transaction the group gets only the committed records, and nothing of the open transaction (nor what follows it)
 * until it commits. Passes against Apache Kafka 4.4 too ({@code -Dfreshet.it.bootstrap}).
 */
class ShareGroupReadCommittedTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How long nothing more must arrive while a transaction is open. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    @RegisterExtension
    static final FreshetExtension freshet = GroupBrokers.extension();

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aReadCommittedShareGroupGetsCommittedRecordsOnlyAndAnOpenTransactionOnceCommitted() throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = GroupBrokers.unique("share-rc");
        KafkaClients.createTopic(bootstrap, topic, 1);
        String group = GroupBrokers.unique("share-rc-group");
        try (Admin admin = KafkaClients.admin(bootstrap)) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), List.of(
                    new AlterConfigOp(new ConfigEntry("share.isolation.level", "read_committed"),
                            AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"),
                            AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
        }

        try (KafkaProducer<String, String> committed = transactional(bootstrap, "committed");
             KafkaProducer<String, String> aborted = transactional(bootstrap, "aborted");
             KafkaProducer<String, String> open = transactional(bootstrap, "open");
             KafkaProducer<String, String> plain = KafkaClients.producer(bootstrap);
             KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(Map.of(
                     "bootstrap.servers", bootstrap, "group.id", group), new StringDeserializer(),
                     new StringDeserializer())) {
            committed.beginTransaction();
            committed.send(new ProducerRecord<>(topic, "committed-1"));
            committed.send(new ProducerRecord<>(topic, "committed-2"));
            committed.commitTransaction();
            aborted.beginTransaction();
            aborted.send(new ProducerRecord<>(topic, "aborted")).get();
            aborted.abortTransaction();
            open.beginTransaction();
            open.send(new ProducerRecord<>(topic, "open")).get();
            plain.send(new ProducerRecord<>(topic, "after-open")).get();

            consumer.subscribe(List.of(topic));
            List<String> seen = new ArrayList<>();
            pollUntil(consumer, seen, 2, WAIT);
            pollUntil(consumer, seen, Integer.MAX_VALUE, QUIET); // nothing more while the transaction is open
            assertThat(seen).containsExactly("committed-1", "committed-2");

            open.commitTransaction();
            pollUntil(consumer, seen, 4, WAIT);
            assertThat(seen).containsExactly("committed-1", "committed-2", "open", "after-open");
        }
    }

    private static KafkaProducer<String, String> transactional(String bootstrap, String name) {
        KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap, Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, GroupBrokers.unique("share-rc-" + name)));
        producer.initTransactions();
        return producer;
    }

    /** Polls (acknowledging implicitly) until {@code count} values were seen or {@code timeout} passed. */
    private static void pollUntil(KafkaShareConsumer<String, String> consumer, List<String> seen, int count,
                                  Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                seen.add(record.value());
            }
        }
    }
}
