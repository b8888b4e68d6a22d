package io.freshet.bench.txn;

import io.freshet.bench.workload.ClientConfigs;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Fills the loop's input topic, untimed and outside any transaction: record i goes to partition i mod the
 * partition count, so every target gets the same records in the same partitions. acks=1, lower-case values.
 */
final class InputLoader {

    private InputLoader() {
    }

    static void load(String bootstrap, String topic, int partitions, int records) {
        byte[] value = Uppercase.lowerCaseValue(TxnProduceCase.RECORD_SIZE);
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
            throw new IllegalStateException("loading " + topic + ": " + failed.get() + " records failed", first.get());
        }
    }
}
