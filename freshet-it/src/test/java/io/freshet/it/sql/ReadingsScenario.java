package io.freshet.it.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The sensor scenario, shared by the end-to-end tests: the statements, a deterministic input (some records
 * out of order within the grace period, some past it), a producer as an application would use (idempotent,
 * acks=all) and a read_committed reader of the sink topics that decodes ksqlDB's output format.
 */
final class ReadingsScenario {

    static final String INPUT_TOPIC = "readings";
    static final int PARTITIONS = 3;
    /** Sinks not named in WITH: the stream's name in upper case. */
    static final String HOT_TOPIC = "HOT";
    static final String PER_MINUTE_TOPIC = "PER_MINUTE";
    /**
     * The first reading's event time: the minute boundary an hour before the run. Not a fixed date: the sinks'
     * records carry the event time, and a broker's time retention (Kafka's default 7 days) would delete records of
     * an old date while the test reads them.
     */
    static final long T0 = (System.currentTimeMillis() - 3_600_000L) / 60_000L * 60_000L;

    static final String STATEMENTS = """
        SET 'auto.offset.reset'='earliest';
        CREATE STREAM readings (device VARCHAR KEY, temp DOUBLE, ts BIGINT)
          WITH (KAFKA_TOPIC='readings', VALUE_FORMAT='JSON', TIMESTAMP='ts');
        CREATE STREAM hot AS SELECT device, temp FROM readings WHERE temp > 80 EMIT CHANGES;
        CREATE TABLE per_minute AS SELECT device, WINDOWSTART AS ws, WINDOWEND AS we, COUNT(*) AS n,
          SUM(temp) AS total, AVG(temp) AS mean, MIN(temp) AS lo, MAX(temp) AS hi
          FROM readings WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 10 SECONDS) GROUP BY device EMIT FINAL;
        """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReadingsScenario() {
    }

    /** The partition the producer's default partitioner gives a device's records (murmur2 of the key). */
    static int partitionOf(String device) {
        return Utils.toPositive(Utils.murmur2(device.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /**
     * {@code count} readings of {@code devices} devices, one every 400 ms of event time from {@link #T0}; 10% are
     * up to 8 s early (out of order, within the 10 s grace), 2% 20 to 90 s early (mostly late past the grace). Then
     * one reading per partition 2 minutes after the last, so that every earlier window of that partition closes.
     */
    static List<Reading> input(long seed, int count, int devices) {
        Random random = new Random(seed);
        List<Reading> readings = new ArrayList<>(count + PARTITIONS);
        long last = T0;
        for (int i = 0; i < count; i++) {
            long ts = T0 + i * 400L;
            double shuffle = random.nextDouble();
            if (shuffle < 0.02) {
                ts -= 20_000 + random.nextInt(70_000);
            } else if (shuffle < 0.12) {
                ts -= random.nextInt(8_000);
            }
            double temp = Math.round((60 + random.nextDouble() * 40) * 100) / 100.0;
            readings.add(new Reading("sensor-" + random.nextInt(devices), temp, ts));
            last = Math.max(last, ts);
        }
        for (int p = 0; p < PARTITIONS; p++) {
            readings.add(new Reading(deviceOn(p), 20.0, last + 120_000));
        }
        return readings;
    }

    private static String deviceOn(int partition) {
        for (int i = 0; ; i++) {
            String device = "closer-" + i;
            if (partitionOf(device) == partition) {
                return device;
            }
        }
    }

    static void createInputTopic(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(INPUT_TOPIC, Optional.of(PARTITIONS), Optional.empty())))
                .all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Idempotent, acks=all: what an application that must not lose readings uses. */
    static KafkaProducer<String, String> producer(String bootstrap) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        return new KafkaProducer<>(props);
    }

    /** Sends {@code readings} and waits until every one is acknowledged. */
    static void produce(KafkaProducer<String, String> producer, List<Reading> readings) throws Exception {
        List<Future<?>> sent = new ArrayList<>(readings.size());
        for (Reading r : readings) {
            sent.add(producer.send(new ProducerRecord<>(INPUT_TOPIC, r.device(), r.json())));
        }
        producer.flush();
        for (Future<?> f : sent) {
            f.get(120, TimeUnit.SECONDS);
        }
    }

    /** Sends raw values (malformed ones included) for {@code device} to {@code topic}, in order. */
    static void produceRaw(String bootstrap, String topic, String device, List<String> values) throws Exception {
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, device, value)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The HOT stream's records: key the device (KAFKA format), value {"TEMP": ...}. */
    static List<ReadingsOracle.Alert> alerts(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        List<ReadingsOracle.Alert> alerts = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode value = JSON.readTree(r.value());
            alerts.add(new ReadingsOracle.Alert(new String(r.key(), StandardCharsets.UTF_8),
                value.path("TEMP").asDouble()));
        }
        return alerts;
    }

    /**
     * The PER_MINUTE table's records: key the device's bytes then the window start (8 bytes, big-endian), value
     * {"WS", "WE", "N", "TOTAL", "MEAN", "LO", "HI"}. Every record is kept: a window written twice shows twice.
     */
    static List<ReadingsOracle.WindowResult> windows(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        List<ReadingsOracle.WindowResult> windows = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            byte[] key = r.key();
            String device = new String(key, 0, key.length - Long.BYTES, StandardCharsets.UTF_8);
            long start = ByteBuffer.wrap(key, key.length - Long.BYTES, Long.BYTES).getLong();
            JsonNode v = JSON.readTree(r.value());
            if (v.has("WS") && v.path("WS").asLong() != start) {
                throw new AssertionError("WS " + v.path("WS") + " is not the key's window start " + start + ": "
                    + new String(r.value(), StandardCharsets.UTF_8));
            }
            windows.add(new ReadingsOracle.WindowResult(device, start, v.path("WE").asLong(), v.path("N").asLong(),
                v.path("TOTAL").asDouble(), v.path("MEAN").asDouble(), v.path("LO").asDouble(),
                v.path("HI").asDouble()));
        }
        return windows;
    }

    /**
     * Reads {@code topic} from the beginning, read_committed, until {@code expected} records came or
     * {@code timeout} passed, then on to the end (the last stable offset) so that any record beyond the expected
     * ones, a duplicate, is read too.
     */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic, int expected,
                                                               Duration timeout) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!atEnd(consumer, end) && System.nanoTime() < deadline + 10_000_000_000L) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static boolean atEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** Per device, in order: what a consumer of one key sees (a stream keeps each key's order). */
    static Map<String, List<Double>> byDevice(List<ReadingsOracle.Alert> alerts) {
        Map<String, List<Double>> byDevice = new LinkedHashMap<>();
        for (ReadingsOracle.Alert a : alerts) {
            byDevice.computeIfAbsent(a.device(), d -> new ArrayList<>()).add(a.temp());
        }
        return byDevice;
    }

    /** Windows sorted by device then start, so that two lists compare element by element. */
    static List<ReadingsOracle.WindowResult> sorted(java.util.Collection<ReadingsOracle.WindowResult> windows) {
        ReadingsOracle.WindowResult[] array = windows.toArray(new ReadingsOracle.WindowResult[0]);
        Arrays.sort(array, java.util.Comparator.comparing(ReadingsOracle.WindowResult::device)
            .thenComparingLong(ReadingsOracle.WindowResult::start));
        return List.of(array);
    }
}
