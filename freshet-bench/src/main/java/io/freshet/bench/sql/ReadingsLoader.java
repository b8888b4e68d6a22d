package io.freshet.bench.sql;

import io.freshet.bench.workload.TopicLoader;
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
        TopicLoader.load(bootstrap, topic, records, i -> new ProducerRecord<>(topic, null, Readings.timestamp(i),
            Readings.key(Readings.device(i)), Readings.value(i)));
        long hot = 0;
        for (int i = 0; i < records; i++) {
            hot += Readings.hot(i) ? 1 : 0;
        }
        return hot;
    }
}
