package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.freshet.testkit.EmbeddedFreshet;
import io.freshet.testkit.FreshetExtension;
import io.freshet.testkit.FreshetOnly;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /metrics} of a real broker after known traffic, read by the Prometheus text-format parser
 * ({@link PrometheusScrape}): per-topic records and bytes in and out, the produce latency histogram, connections
 * per listener, consumer-group lag, transactions; and no endpoint with {@code metrics.enabled=false}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@FreshetOnly("Freshet's Prometheus metrics on its HTTP listener")
class MetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final FreshetExtension FRESHET = FreshetExtension.perClass();

    @BeforeAll
    static void parserPresent() {
        assumeTrue(PrometheusScrape.missing().isEmpty(), () -> "missing " + PrometheusScrape.missing().get()
            + ": run scripts/install-test-deps.sh");
    }

    private static PrometheusScrape scrape() throws Exception {
        PrometheusScrape scrape = PrometheusScrape.of(FRESHET.httpUri());
        assertThat(scrape.status).isEqualTo(200);
        return scrape;
    }

    @Test
    void shouldCountRecordsAndBytesInAndOutPerTopicAndTimeEveryProduceRequest() throws Exception {
        String topic = "metrics-traffic";
        int records = 1_000;
        byte[] value = new byte[100];
        int syncSends = 20;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, FRESHET.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArraySerializer.class))) {
            for (int i = 0; i < records - syncSends; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, value));
            }
            producer.flush();
            for (int i = 0; i < syncSends; i++) { // one produce request each
                producer.send(new ProducerRecord<>(topic, 0, "s" + i, value)).get();
            }
        }
        PrometheusScrape afterProduce = scrape();
        assertThat(afterProduce.type("kafka_server_brokertopicmetrics_messagesin")).contains("counter");
        assertThat(afterProduce.value("kafka_server_brokertopicmetrics_messagesin_total", "topic", topic))
            .contains((double) records);
        // Each record is 100 value bytes, a key and its record framing; each batch adds a 61-byte header.
        double bytesIn = afterProduce.value("kafka_server_brokertopicmetrics_bytesin_total", "topic", topic).orElseThrow();
        assertThat(bytesIn).isBetween(records * 100.0, records * (100.0 + 20) + syncSends * 61 + 61 * 10);
        assertThat(afterProduce.value("kafka_server_brokertopicmetrics_bytesout_total", "topic", topic))
            .hasValueSatisfying(v -> assertThat(v).isZero());
        double produces = afterProduce.value("kafka_network_requestmetrics_totaltime_seconds_count",
            "request", "Produce").orElseThrow();
        assertThat(produces).isGreaterThanOrEqualTo(syncSends + 1);
        assertThat(afterProduce.type("kafka_network_requestmetrics_totaltime_seconds")).contains("histogram");
        assertThat(afterProduce.value("kafka_network_requestmetrics_totaltime_seconds_bucket",
            "request", "Produce", "le", "+Inf")).contains(produces);

        int read = 0;
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(FRESHET.bootstrapServers())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (read < records && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        assertThat(read).isEqualTo(records);
        PrometheusScrape afterFetch = scrape();
        assertThat(afterFetch.value("kafka_server_brokertopicmetrics_bytesout_total", "topic", topic))
            .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(bytesIn));
        assertThat(afterFetch.value("kafka_network_requestmetrics_totaltime_seconds_count", "request", "Fetch"))
            .hasValueSatisfying(v -> assertThat(v).isPositive());
        assertThat(afterFetch.find("jvm_memory_used_bytes", "area", "heap")).isNotEmpty();
        // GC pauses appear only after the first collection; the GC binder registers these at once
        assertThat(afterFetch.find("jvm_gc_max_data_size_bytes")).isNotEmpty();
        assertThat(afterFetch.find("jvm_gc_memory_allocated_bytes_total")).isNotEmpty();
    }

    @Test
    void shouldCountOpenConnectionsPerListener() throws Exception {
        double before = scrape().value("kafka_server_socketservermetrics_connection_count", "listener", "PLAINTEXT")
            .orElseThrow();
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(new Socket("127.0.0.1", FRESHET.broker().port()));
            }
            Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(
                scrape().value("kafka_server_socketservermetrics_connection_count", "listener", "PLAINTEXT"))
                .contains(before + 3));
            try (Socket mqtt = new Socket("127.0.0.1", FRESHET.broker().mqttPort())) {
                Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(
                    scrape().value("kafka_server_socketservermetrics_connection_count", "listener", "MQTT"))
                    .contains(1.0));
            }
            // The scrape's own connection is the one HTTP connection open while it is answered.
            assertThat(scrape().value("kafka_server_socketservermetrics_connection_count", "listener", "HTTP"))
                .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1.0));
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(
            scrape().value("kafka_server_socketservermetrics_connection_count", "listener", "PLAINTEXT"))
            .contains(before));
    }

    @Test
    void shouldShowAGroupsLagTheLogPerPartitionFsyncsAndRebalances() throws Exception {
        String topic = "metrics-lag";
        String group = "metrics-lag-group";
        TopicPartition tp = new TopicPartition(topic, 0);
        double rebalancesBefore = scrape().value(
            "kafka_server_group_coordinator_metrics_group_completed_rebalance_count_total").orElseThrow();
        try (KafkaProducer<String, String> producer = KafkaClients.producer(FRESHET.bootstrapServers(),
                Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i));
            }
            producer.flush();
        }
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(FRESHET.bootstrapServers(), Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic"))) {
            consumer.subscribe(List.of(topic));
            Awaitility.await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(100));
                return !consumer.assignment().isEmpty();
            });
            consumer.commitSync(Map.of(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(40)));
        }
        // The first scrape asks for a lag reading; a later one shows it.
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(scrape().value("kafka_consumergroup_lag",
            "consumergroup", group, "topic", topic, "partition", "0")).contains(60.0));
        PrometheusScrape scrape = scrape();
        assertThat(scrape.value("kafka_consumergroup_current_offset", "consumergroup", group, "topic", topic,
            "partition", "0")).contains(40.0);
        assertThat(scrape.value("kafka_log_log_logendoffset", "topic", topic, "partition", "0")).contains(100.0);
        assertThat(scrape.value("kafka_log_log_size", "topic", topic, "partition", "0"))
            .hasValueSatisfying(size -> assertThat(size).isGreaterThan(100 * 4));
        assertThat(scrape.type("kafka_log_logflushstats_logflush_seconds")).contains("histogram");
        assertThat(scrape.value("kafka_log_logflushstats_logflush_seconds_count"))
            .hasValueSatisfying(count -> assertThat(count).isPositive());
        assertThat(scrape.value("freshet_log_groupcommit_batch_size_count"))
            .hasValueSatisfying(count -> assertThat(count).isPositive());
        assertThat(scrape.value("kafka_server_group_coordinator_metrics_group_completed_rebalance_count_total"))
            .hasValueSatisfying(count -> assertThat(count).isGreaterThanOrEqualTo(rebalancesBefore + 1));
    }

    @Test
    void shouldCountCommittedAndAbortedTransactions() throws Exception {
        PrometheusScrape before = scrape();
        double committed = before.value("freshet_transactions_total", "result", "committed").orElseThrow();
        double aborted = before.value("freshet_transactions_total", "result", "aborted").orElseThrow();
        try (KafkaProducer<String, String> producer = KafkaClients.producer(FRESHET.bootstrapServers(),
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "metrics-txn"))) {
            producer.initTransactions();
            for (boolean commit : new boolean[] {true, false, true}) {
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("metrics-txn", "k", "v")).get();
                if (commit) {
                    producer.commitTransaction();
                } else {
                    producer.abortTransaction();
                }
            }
        }
        PrometheusScrape after = scrape();
        assertThat(after.value("freshet_transactions_total", "result", "committed")).contains(committed + 2);
        assertThat(after.value("freshet_transactions_total", "result", "aborted")).contains(aborted + 1);
    }

    @Test
    void shouldHaveNoEndpointWhenMetricsAreDisabled() throws Exception {
        try (EmbeddedFreshet off = EmbeddedFreshet.start(Map.of("metrics.enabled", "false"))) {
            PrometheusScrape scrape = PrometheusScrape.of(off.httpUri());
            assertThat(scrape.status).isEqualTo(404);
            assertThat(off.broker().metrics().isEnabled()).isFalse();
        }
    }
}
