package io.freshet.bench.workload;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Fills a topic before a case reads it, untimed: records 0..n-1 as {@code record} makes them, acks=1 and the
 * throughput linger, sent without waiting and flushed once. Any failed send fails the load, naming how many failed
 * and the first cause, so a case never measures a topic that holds fewer records than it expects.
 */
public final class TopicLoader {

    private TopicLoader() {
    }

    public static void load(String bootstrap, String topic, int records,
                            IntFunction<ProducerRecord<byte[], byte[]>> record) {
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> first = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                ClientConfigs.producer(bootstrap, "1", ClientConfigs.THROUGHPUT_LINGER_MS))) {
            for (int i = 0; i < records; i++) {
                producer.send(record.apply(i), (metadata, e) -> {
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
