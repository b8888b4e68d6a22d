package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The share-group data path with kafka-clients 4.4's own {@link KafkaShareConsumer}: ShareFetch and
 * ShareAcknowledge as the client sends them (sessions, piggybacked implicit acknowledgements, explicit ones,
 * record_limit mode, long-poll). With {@code -Dfreshet.it.bootstrap=HOST:PORT} the same tests run against another
 * broker (Apache Kafka 4.4 with share groups), which is how they were checked to assert Kafka's behaviour.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ShareConsumerDataPathTest {

    @RegisterExtension
    static final FreshetExtension freshet = FreshetExtension.perClass();

    private final List<KafkaShareConsumer<String, String>> consumers = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private KafkaProducer<String, String> producer;

    @BeforeEach
    void startProducer() {
        producer = KafkaClients.producer(bootstrap());
    }

    @AfterEach
    void close() {
        scheduler.shutdownNow();
        consumers.forEach(consumer -> consumer.close(Duration.ofSeconds(5)));
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void shareConsumerShouldReceiveEveryRecordProducedAfterItJoined() throws Exception {
        String topic = topic("latest");
        KafkaShareConsumer<String, String> consumer = consumer(unique("latest"), Map.of());
        consumer.subscribe(List.of(topic));
        awaitJoined(consumer, topic);

        List<String> sent = produce(topic, "r", 50);
        List<String> got = pollUntil(consumer, values -> values.containsAll(sent), Duration.ofSeconds(30));
        assertThat(got).containsAll(sent);
        assertThat(got.stream().filter(sent::contains)).doesNotHaveDuplicates();
    }

    @Test
    void recordsPolledButNotAcknowledgedShouldGoToTheNextMemberAfterClose() throws Exception {
        String topic = topic("close");
        String group = unique("close");
        setGroupConfig(group, "share.auto.offset.reset", "earliest");
        List<String> sent = produce(topic, "held", 5);

        KafkaShareConsumer<String, String> a = consumer(group, Map.of());
        a.subscribe(List.of(topic));
        assertThat(pollUntil(a, values -> values.containsAll(sent), Duration.ofSeconds(30))).containsAll(sent);
        a.close(Duration.ofSeconds(10));
        consumers.remove(a);

        KafkaShareConsumer<String, String> b = consumer(group, Map.of());
        b.subscribe(List.of(topic));
        assertThat(pollUntil(b, values -> values.containsAll(sent), Duration.ofSeconds(30))).containsAll(sent);
    }

    @Test
    void shareConsumerShouldStartAtTheLogStartWithGroupConfigEarliest() throws Exception {
        String topic = topic("earliest");
        String group = unique("earliest");
        List<String> before = produce(topic, "old", 20);
        setGroupConfig(group, "share.auto.offset.reset", "earliest");

        KafkaShareConsumer<String, String> consumer = consumer(group, Map.of());
        consumer.subscribe(List.of(topic));
        List<String> got = pollUntil(consumer, values -> values.containsAll(before), Duration.ofSeconds(30));
        assertThat(got).containsExactlyElementsOf(before);
    }

    @Test
    void implicitlyAcknowledgedRecordsShouldNotReachTheNextMember() throws Exception {
        String topic = topic("implicit");
        String group = unique("implicit");
        setGroupConfig(group, "share.auto.offset.reset", "earliest");
        List<String> first = produce(topic, "first", 10);

        KafkaShareConsumer<String, String> a = consumer(group, Map.of());
        a.subscribe(List.of(topic));
        assertThat(pollUntil(a, values -> values.containsAll(first), Duration.ofSeconds(30))).containsAll(first);
        // Implicit mode acknowledges (ACCEPT) what the last poll returned at the next poll or commit; a close alone
        // releases it (Kafka 4.4 hands those records to the next member).
        a.commitSync(Duration.ofSeconds(10));
        a.close(Duration.ofSeconds(10));
        consumers.remove(a);

        List<String> marker = produce(topic, "marker", 1);
        KafkaShareConsumer<String, String> b = consumer(group, Map.of());
        b.subscribe(List.of(topic));
        List<String> got = pollUntil(b, values -> values.containsAll(marker), Duration.ofSeconds(30));
        assertThat(got).as("what the first member acknowledged never comes again")
            .containsExactlyElementsOf(marker);
    }

    @Test
    void explicitlyReleasedRecordShouldComeBackWithDeliveryCountTwo() throws Exception {
        String topic = topic("release");
        String group = unique("release");
        setGroupConfig(group, "share.auto.offset.reset", "earliest");
        produce(topic, "once", 1);

        KafkaShareConsumer<String, String> consumer = consumer(group,
            Map.of(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit"));
        consumer.subscribe(List.of(topic));
        ConsumerRecord<String, String> first = pollRecord(consumer);
        assertThat(first.deliveryCount()).contains((short) 1);
        consumer.acknowledge(first, AcknowledgeType.RELEASE);
        consumer.commitSync(Duration.ofSeconds(10));

        ConsumerRecord<String, String> again = pollRecord(consumer);
        assertThat(again.offset()).isEqualTo(first.offset());
        assertThat(again.value()).isEqualTo("once-0");
        assertThat(again.deliveryCount()).contains((short) 2);
        consumer.acknowledge(again, AcknowledgeType.ACCEPT);
        consumer.commitSync(Duration.ofSeconds(10));
    }

    @Test
    void recordLimitModeShouldNeverReturnMoreThanMaxPollRecords() throws Exception {
        String topic = topic("record-limit");
        String group = unique("record-limit");
        setGroupConfig(group, "share.auto.offset.reset", "earliest");
        // One producer batch of 30 records, so a whole-batch acquisition would hand out all of them at once.
        try (KafkaProducer<String, String> batching = KafkaClients.producer(bootstrap(),
                Map.of("linger.ms", 1_000, "batch.size", 1 << 20))) {
            for (int i = 0; i < 30; i++) {
                batching.send(new ProducerRecord<>(topic, "k", "v" + i));
            }
            batching.flush();
        }

        KafkaShareConsumer<String, String> consumer = consumer(group, Map.of(
            ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 7));
        consumer.subscribe(List.of(topic));
        List<Integer> pollSizes = new ArrayList<>();
        int total = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (total < 30 && System.nanoTime() < deadline) {
            int count = consumer.poll(Duration.ofMillis(200)).count();
            if (count > 0) {
                pollSizes.add(count);
                total += count;
            }
        }
        assertThat(total).isEqualTo(30);
        assertThat(pollSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(7));
    }

    @Test
    void waitingShareFetchShouldWakeWhenARecordIsProduced() throws Exception {
        String topic = topic("long-poll");
        KafkaShareConsumer<String, String> consumer = consumer(unique("long-poll"),
            Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5_000));
        consumer.subscribe(List.of(topic));
        awaitJoined(consumer, topic);
        assertThat(consumer.poll(Duration.ofMillis(300)).count()).as("caught up").isZero();

        long start = System.nanoTime();
        scheduler.schedule(() -> producer.send(new ProducerRecord<>(topic, "late", "arrival")), 200,
            TimeUnit.MILLISECONDS);
        List<String> got = pollUntil(consumer, values -> values.contains("arrival"), Duration.ofSeconds(10));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("record produced 200 ms into the share poll arrived after %d ms (fetch.max.wait.ms=5000)%n",
            elapsedMs);
        assertThat(got).contains("arrival");
        assertThat(elapsedMs).as("woken by the append, not at fetch.max.wait.ms").isLessThan(2_500);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static String bootstrap() {
        return freshet.bootstrapServers(); // the external broker's under -Dfreshet.it.bootstrap (FreshetExtension)
    }

    private static String unique(String name) {
        return "share-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String topic(String name) throws Exception {
        String topic = unique(name);
        KafkaClients.createTopic(bootstrap(), topic, 1);
        return topic;
    }

    private KafkaShareConsumer<String, String> consumer(String group, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.putAll(overrides);
        KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(props);
        consumers.add(consumer);
        return consumer;
    }

    private List<String> produce(String topic, String prefix, int count) throws Exception {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(prefix + "-" + i);
            producer.send(new ProducerRecord<>(topic, "k" + i, prefix + "-" + i));
        }
        producer.flush();
        return values;
    }

    /**
     * With share.auto.offset.reset=latest a member reads what is produced once its share partition started: probe
     * records are produced until one arrives.
     */
    private void awaitJoined(KafkaShareConsumer<String, String> consumer, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            producer.send(new ProducerRecord<>(topic, "probe", "probe")).get(10, TimeUnit.SECONDS);
            if (!consumer.poll(Duration.ofMillis(500)).isEmpty()) {
                return;
            }
        }
        throw new AssertionError("the share consumer never received a record of " + topic);
    }

    private static List<String> pollUntil(KafkaShareConsumer<String, String> consumer, Predicate<List<String>> done,
                                          Duration timeout) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(values) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                if (!"probe".equals(record.value())) {
                    values.add(record.value());
                }
            });
        }
        return values;
    }

    private static ConsumerRecord<String, String> pollRecord(KafkaShareConsumer<String, String> consumer) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                return record;
            }
        }
        throw new AssertionError("no record within 30 s");
    }

    private static void setGroupConfig(String group, String key, String value) throws Exception {
        try (Admin admin = KafkaClients.admin(bootstrap())) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group),
                List.of(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET))))
                .all().get(30, TimeUnit.SECONDS);
        }
    }
}
