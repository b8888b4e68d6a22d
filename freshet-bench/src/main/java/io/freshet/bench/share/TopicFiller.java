package io.freshet.bench.share;

import io.freshet.bench.workload.ClientConfigs;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Fills a topic before it is consumed, untimed: record i (no key, {@link ShareOptions#RECORD_SIZE} bytes) goes to
 * partition i mod the partition count, so both brokers hold the same records in the same partitions. acks=1.
 */
final class TopicFiller {

    private TopicFiller() {
    }

    static void fill(String bootstrap, String topic, int partitions, int records) {
        byte[] value = new byte[ShareOptions.RECORD_SIZE];
        java.util.Arrays.fill(value, (byte) 'v');
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> first = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                ClientConfigs.producer(bootstrap, "1", ClientConfigs.THROUGHPUT_LINGER_MS))) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, null, value), (metadata, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                        first.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException("filling " + topic + ": " + failed.get() + " records failed", first.get());
        }
    }
}
