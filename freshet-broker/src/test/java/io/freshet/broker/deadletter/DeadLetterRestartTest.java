package io.freshet.broker.deadletter;

import io.freshet.broker.BrokerConfig;
import io.freshet.broker.FreshetBroker;
import io.freshet.coordinator.share.DeadLetters;
import io.freshet.coordinator.share.ShareCoordinator;
import io.freshet.coordinator.share.ShareGroupSettings;
import io.freshet.coordinator.share.ShareKey;
import io.freshet.storage.file.StorageIo;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dead letter outlives the broker: a record REJECTed while the dead-letter writer never got to it (as when the
 * broker dies between the archive and the append) is written to the dead-letter topic after the restart.
 */
@Timeout(90)
class DeadLetterRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void aRejectedRecordsLetterNeverWrittenIsWrittenAfterARestart() throws Exception {
        BrokerConfig config = BrokerConfig.fromProperties(Map.of("port", "0", "log.dirs", dataDir.toString(),
            "num.partitions", "1"));
        CountDownLatch handedOver = new CountDownLatch(1);
        DeadLetters neverWritten = new DeadLetters() {
            @Override
            public void archived(ShareKey key, long first, long last, short count, Reason reason,
                                 ShareGroupSettings settings) {
                handedOver.countDown();
            }

            @Override
            public CompletableFuture<Void> write(ShareKey key, long first, long last, short count, Reason reason,
                                                 ShareGroupSettings settings) {
                handedOver.countDown();
                return new CompletableFuture<>(); // the writer dies before it writes anything
            }
        };
        FreshetBroker.ShareStatesFactory lostWriter = (c, store, settings, realWriter) -> ShareCoordinator.start(
            store, c.shareCoordinatorConfig(), settings, neverWritten, Time.SYSTEM);

        try (FreshetBroker first = FreshetBroker.start(config, StorageIo.SYSTEM, lostWriter);
             Admin admin = admin(first)) {
            admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1),
                new NewTopic("dlq.orders", 1, (short) 1).configs(Map.of(DeadLetterRules.TOPIC_GROUP_ENABLE, "true"))))
                .all().get();
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, "workers"), List.of(
                set("share.auto.offset.reset", "earliest"), set("errors.deadletterqueue.topic.name", "dlq.orders"))))
                .all().get();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(first)), new StringSerializer(),
                new StringSerializer())) {
                producer.send(new ProducerRecord<>("orders", "k", "poison")).get();
            }
            try (KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(Map.of(
                "bootstrap.servers", bootstrap(first), "group.id", "workers",
                "share.acknowledgement.mode", "explicit"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("orders"));
                ConsumerRecord<String, String> record = null;
                while (record == null) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        record = r;
                    }
                }
                consumer.acknowledge(record, AcknowledgeType.REJECT);
                consumer.commitSync(WAIT);
            }
            assertThat(handedOver.await(30, TimeUnit.SECONDS)).as("archived and handed over").isTrue();
            assertThat(endOffset(first, "dlq.orders")).as("nothing written before the restart").isZero();
        }

        try (FreshetBroker second = FreshetBroker.start(config)) {
            await("the dead letter written after the restart").atMost(WAIT)
                .until(() -> endOffset(second, "dlq.orders") == 1);
            try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(second)), new StringDeserializer(),
                new StringDeserializer())) {
                TopicPartition dlq = new TopicPartition("dlq.orders", 0);
                reader.assign(List.of(dlq));
                reader.seekToBeginning(List.of(dlq));
                List<ConsumerRecord<String, String>> letters = new ArrayList<>();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (letters.isEmpty() && System.nanoTime() < deadline) {
                    reader.poll(Duration.ofMillis(200)).forEach(letters::add);
                }
                assertThat(letters).hasSize(1);
                assertThat(headers(letters.get(0))).contains("__dlq.errors.topic=orders", "__dlq.errors.offset=0",
                    "__dlq.errors.group=workers", "__dlq.errors.message=Offset rejected by client.");
            }
        }
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }

    private static String bootstrap(FreshetBroker broker) {
        return "127.0.0.1:" + broker.boundPort();
    }

    private static Admin admin(FreshetBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(broker)));
    }

    private static long endOffset(FreshetBroker broker, String topic) throws Exception {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(broker)), new StringDeserializer(),
            new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(tp), WAIT).get(tp);
        }
    }

    private static List<String> headers(ConsumerRecord<String, String> record) {
        List<String> out = new ArrayList<>();
        for (Header h : record.headers()) {
            out.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
