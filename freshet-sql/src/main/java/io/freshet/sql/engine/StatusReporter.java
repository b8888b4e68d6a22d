package io.freshet.sql.engine;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes query statuses to the compacted status topic; a status equal to the last one written (counters and
 * state) is not written again unless {@code force}. Thread-safe: Kafka Streams' state listeners and the engine
 * thread both report.
 */
final class StatusReporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, String> lastWritten = new HashMap<>();

    StatusReporter(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    synchronized void report(QueryStatus status, boolean force) {
        String fingerprint = status.state() + "|" + status.error().orElse("") + "|" + status.malformedRecords()
            + "|" + status.lateRecords();
        if (!force && fingerprint.equals(lastWritten.get(status.queryId()))) {
            return;
        }
        lastWritten.put(status.queryId(), fingerprint);
        send(status.queryId(), status.toBytes());
    }

    /** The query is gone: a tombstone, so compaction forgets it. */
    synchronized void remove(String queryId) {
        lastWritten.remove(queryId);
        send(queryId, null);
    }

    private void send(String queryId, byte[] value) {
        producer.send(new ProducerRecord<>(ClusterTopics.STATUS_TOPIC, 0,
            queryId.getBytes(StandardCharsets.UTF_8), value), (metadata, e) -> {
                if (e != null) {
                    LOG.warn("cannot report the status of query {}: {}", queryId, e.getMessage());
                }
            });
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
