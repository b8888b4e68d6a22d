package io.freshet.bench.sql;

import io.freshet.bench.workload.ClientConfigs;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Fills the input topic, untimed: readings 0..n-1 keyed by device (the client's default partitioner, as any
 * producer of ksqlDB input), record timestamp = TS. acks=1, linger.ms 5. Returns how many are hot, which is how
 * many records the alert must write.
 */
final class ReadingsLoader {

    private ReadingsLoader() {
    }

    static long load(String bootstrap, String topic, int records) {
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> first = new AtomicReference<>();
        long hot = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                ClientConfigs.producer(bootstrap, "1", ClientConfigs.THROUGHPUT_LINGER_MS))) {
            for (int i = 0; i < records; i++) {
                hot += Readings.hot(i) ? 1 : 0;
                producer.send(new ProducerRecord<>(topic, null, Readings.timestamp(i),
                    Readings.key(Readings.device(i)), Readings.value(i)), (metadata, e) -> {
                        if (e != null) {
                            failed.incrementAndGet();
                            first.compareAndSet(null, e);
                        }
                    });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException("loading " + topic + ": " + failed.get() + " records failed", first.get());
        }
        return hot;
    }
}
