package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * KIP-1191 dead letters with KafkaShareConsumer: a record REJECTed, or RELEASEd until {@code share.delivery.count.limit}
 * (2 here), lands in the group's dead-letter topic with Kafka's {@code __dlq.errors.*} headers, as a copy (key and
 * value) or as a reference (headers only). Passes against Apache Kafka 4.4 too ({@code -Dfreshet.it.bootstrap}).
 */
class ShareGroupDeadLetterTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final FreshetExtension freshet = GroupBrokers.extension();

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aRecordReleasedUpToTheDeliveryCountLimitIsCopiedToTheDeadLetterTopic() throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = GroupBrokers.unique("dlq-source");
        KafkaClients.createTopic(bootstrap, topic, 1);
        String deadLetters = GroupBrokers.unique("dlq.released");
        KafkaClients.createTopic(bootstrap, deadLetters, 1, Map.of("errors.deadletterqueue.group.enable", "true"));
        String group = GroupBrokers.unique("dlq-released-group");
        setGroupConfigs(bootstrap, group, Map.of("share.auto.offset.reset", "earliest",
                "share.delivery.count.limit", "2",
                "errors.deadletterqueue.topic.name", deadLetters,
                "errors.deadletterqueue.copy.record.enable", "true"));
        send(bootstrap, new ProducerRecord<>(topic, "poison-key", "poison"));

        try (KafkaShareConsumer<String, String> consumer = subscribed(bootstrap, group, topic)) {
            for (int delivery = 1; delivery <= 2; delivery++) {
                ConsumerRecord<String, String> record = next(consumer);
                assertThat(record.deliveryCount()).contains((short) delivery);
                consumer.acknowledge(record, AcknowledgeType.RELEASE);
                consumer.commitSync(WAIT);
            }
        }

        ConsumerRecord<String, String> letter = onlyDeadLetter(bootstrap, deadLetters);
        assertThat(letter.key()).isEqualTo("poison-key");
        assertThat(letter.value()).isEqualTo("poison");
        assertThat(headers(letter)).containsExactly(
                "__dlq.errors.topic=" + topic, "__dlq.errors.partition=0", "__dlq.errors.offset=0",
                "__dlq.errors.group=" + group, "__dlq.errors.delivery.count=2",
                "__dlq.errors.message=Offset delivery count exceeded the threshold.");
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aRejectedRecordWithoutCopyIsAReferenceWithHeadersOnly() throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = GroupBrokers.unique("dlq-source");
        KafkaClients.createTopic(bootstrap, topic, 1);
        String deadLetters = GroupBrokers.unique("dlq.rejected");
        KafkaClients.createTopic(bootstrap, deadLetters, 1, Map.of("errors.deadletterqueue.group.enable", "true"));
        String group = GroupBrokers.unique("dlq-rejected-group");
        setGroupConfigs(bootstrap, group, Map.of("share.auto.offset.reset", "earliest",
                "errors.deadletterqueue.topic.name", deadLetters));
        send(bootstrap, new ProducerRecord<>(topic, "good-key", "good"));
        send(bootstrap, new ProducerRecord<>(topic, "bad-key", "bad"));

        try (KafkaShareConsumer<String, String> consumer = subscribed(bootstrap, group, topic)) {
            List<String> seen = new ArrayList<>();
            while (seen.size() < 2) {
                ConsumerRecord<String, String> record = next(consumer);
                seen.add(record.value());
                consumer.acknowledge(record, record.value().equals("bad") ? AcknowledgeType.REJECT
                        : AcknowledgeType.ACCEPT);
                consumer.commitSync(WAIT);
            }
        }

        ConsumerRecord<String, String> letter = onlyDeadLetter(bootstrap, deadLetters);
        assertThat(letter.key()).isNull();
        assertThat(letter.value()).isNull();
        assertThat(headers(letter)).containsExactly(
                "__dlq.errors.topic=" + topic, "__dlq.errors.partition=0", "__dlq.errors.offset=1",
                "__dlq.errors.group=" + group, "__dlq.errors.delivery.count=1",
                "__dlq.errors.message=Offset rejected by client.");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aDeadLetterTopicNameStartingWithTwoUnderscoresIsRefusedButAMissingTopicIsNot() throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String group = GroupBrokers.unique("dlq-config-group");

        assertThatThrownBy(() -> setGroupConfigs(bootstrap, group,
                Map.of("errors.deadletterqueue.topic.name", "__internal")))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("errors.deadletterqueue.topic.name: DLQ topic name must not start with '__'");
        setGroupConfigs(bootstrap, group, Map.of("errors.deadletterqueue.topic.name", "no-prefix-no-topic"));
    }

    private static ConsumerRecord<String, String> onlyDeadLetter(String bootstrap, String deadLetters) {
        Awaitility.await("a dead letter written").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> KafkaClients.endOffsets(bootstrap, deadLetters).values().stream()
                        .mapToLong(Long::longValue).sum() >= 1);
        List<ConsumerRecord<String, String>> letters = KafkaClients.readAll(bootstrap, deadLetters, WAIT);
        assertThat(letters).as("dead letters").hasSize(1);
        return letters.get(0);
    }

    private static void setGroupConfigs(String bootstrap, String group, Map<String, String> configs)
            throws Exception {
        List<AlterConfigOp> ops = new ArrayList<>();
        configs.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        try (Admin admin = KafkaClients.admin(bootstrap)) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), ops)).all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static void send(String bootstrap, ProducerRecord<String, String> record) throws Exception {
        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap)) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaShareConsumer<String, String> subscribed(String bootstrap, String group, String topic) {
        KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", group, "share.acknowledgement.mode", "explicit", "max.poll.records", 1),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** The next record (the first polls also join the group). */
    private static ConsumerRecord<String, String> next(KafkaShareConsumer<String, String> consumer) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                return record;
            }
        }
        throw new AssertionError("no record within " + WAIT);
    }

    private static List<String> headers(ConsumerRecord<String, String> record) {
        List<String> out = new ArrayList<>();
        for (Header h : record.headers()) {
            out.add(h.key() + "=" + (h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8)));
        }
        return out;
    }
}
