package io.freshet.bench.workload;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The client settings every target gets. What is not set here is the client's default (kafka-clients 4.4):
 * idempotence follows acks (on for acks=all, off for acks=1), buffer.memory 32 MiB, max.in.flight 5.
 */
public final class ClientConfigs {

    public static final int THROUGHPUT_LINGER_MS = 5;
    /** Loading the consume topics: no batch leaves before it is full (or flushed). */
    public static final int FULL_BATCH_LINGER_MS = 10_000;
    /** Throughput producer: the anchor's ProducerPerformance settings. */
    public static final String PRODUCER_SETTINGS = "linger.ms=5 batch.size=65536 compression.type=none";
    /** End-to-end producer: one record at a time is sent the moment it is due; batching would add up to linger.ms. */
    public static final String E2E_PRODUCER_SETTINGS = "acks=all linger.ms=0 batch.size=65536 compression.type=none";
    public static final String CONSUME_LOAD_SETTINGS = "acks=1 linger.ms=" + FULL_BATCH_LINGER_MS
        + " batch.size=65536 compression.type=none (every batch full, whatever the broker's speed)";
    public static final String CONSUMER_SETTINGS = "assign() all partitions, no group.id, auto.offset.reset=earliest,"
        + " fetch and poll sizes at their defaults";

    private ClientConfigs() {
    }

    public static Map<String, Object> producer(String bootstrap, String acks, int lingerMs) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, acks);
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 65536);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    public static Map<String, Object> consumer(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }
}
