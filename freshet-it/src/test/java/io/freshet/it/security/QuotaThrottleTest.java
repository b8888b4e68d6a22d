package io.freshet.it.security;

import static io.freshet.it.security.SecureBroker.BOB;
import static io.freshet.it.security.SecureBroker.allow;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.freshet.it.security.SecureBroker.Listener;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A producer byte-rate quota on User:bob (AlterClientQuotas, as kafka-configs.sh --entity-type users sets it)
 * throttles bob's producer to the quota, which the Java client shows in its produce-throttle-time-avg metric, and
 * loses no record. server.properties sets quota.window.num=3 x 1 s, so the broker allows about 2 s of quota as a
 * first burst; the rate is measured after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QuotaThrottleTest {

    private static final long QUOTA = 400_000; // bytes per second
    private static final int VALUE_BYTES = 1_000;
    private static final long BURST_MS = 2_000;
    private static final long MEASURE_MS = 6_000;

    @TempDir
    static Path temp;

    private SecureBroker broker;

    @BeforeAll
    void start() throws Exception {
        broker = SecureBroker.start(temp);
        broker.createAcls(allow(BOB.principal(), ResourceType.TOPIC, "quota-", PatternType.PREFIXED, AclOperation.ALL));
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void producerByteRateQuotaShouldThrottleToTheQuotaAndLoseNothing() throws Exception {
        String topic = "quota-produce";
        broker.createTopics(1, topic);
        ClientQuotaEntity bob = new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, BOB.user()));
        broker.admin().alterClientQuotas(List.of(new ClientQuotaAlteration(bob,
                List.of(new ClientQuotaAlteration.Op("producer_byte_rate", (double) QUOTA)))))
                .all().get(15, TimeUnit.SECONDS);
        awaitQuota(bob);

        String value = "v".repeat(VALUE_BYTES - 8);
        // A backlog of about 1.3 s of quota: more than one throttle period (so that the client is never the
        // bottleneck), little enough that the flush at the end is short.
        Semaphore inFlight = new Semaphore(512);
        java.util.concurrent.ConcurrentLinkedQueue<Long> ackTimes = new java.util.concurrent.ConcurrentLinkedQueue<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long sent = 0;
        double throttleAvg;
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = JavaClients.producer(
                broker.clientConfig(Listener.SASL_PLAINTEXT, BOB),
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 32_768,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000))) {
            while (elapsedMs(start) < BURST_MS + MEASURE_MS) {
                inFlight.acquire();
                producer.send(new ProducerRecord<>(topic, 0, null, String.format("%08d", sent) + value), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        ackTimes.add(System.nanoTime());
                    }
                    inFlight.release();
                });
                sent++;
            }
            producer.flush();
            // After the first burst, as the slope of the acknowledged bytes (AckedRate: counting acks in a fixed
            // interval is off by up to a throttled burst, 1.28x in one run), over two whole 3 s quota windows.
            long from = start + TimeUnit.MILLISECONDS.toNanos(BURST_MS);
            long to = from + TimeUnit.MILLISECONDS.toNanos(MEASURE_MS);
            double rate = io.freshet.it.AckedRate.bytesPerSecond(
                    ackTimes.stream().filter(t -> t >= from && t < to).sorted().toList(), VALUE_BYTES);
            throttleAvg = metric(producer.metrics(), "produce-throttle-time-avg");
            System.err.printf("quota: produce %.0f B/s for a quota of %d, throttle avg %.0f ms%n", rate, QUOTA,
                    throttleAvg);
            assertThat(failure.get()).as("a send failed").isNull();
            assertThat(rate).as("bytes/s acknowledged after the first burst (quota %s)", QUOTA)
                    .isBetween(QUOTA * 0.8, QUOTA * 1.2);
        }
        assertThat(throttleAvg).as("produce-throttle-time-avg (ms)").isGreaterThan(0);

        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, String> consumer =
                JavaClients.consumer(broker.clientConfig(Listener.SASL_PLAINTEXT, SecureBroker.ADMIN), Map.of())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (seen.size() < sent && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.value().substring(0, 8));
                }
            }
        }
        assertThat(seen).as("distinct records read back").hasSize((int) sent);
    }

    private void awaitQuota(ClientQuotaEntity entity) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!broker.admin().describeClientQuotas(ClientQuotaFilter.all()).entities().get(10, TimeUnit.SECONDS)
                .containsKey(entity)) {
            assertThat(System.nanoTime()).as("quota visible within 10 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static long elapsedMs(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static double metric(Map<MetricName, ? extends Metric> metrics, String name) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElseThrow(() -> new AssertionError("no metric " + name));
    }
}
