package io.freshet.bench.share;

import io.freshet.bench.workload.TopicLoader;
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
        TopicLoader.load(bootstrap, topic, records, i -> new ProducerRecord<>(topic, i % partitions, null, value));
    }
}
