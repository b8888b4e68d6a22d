package io.freshet.bench.txn;

import io.freshet.bench.workload.TopicLoader;
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
        TopicLoader.load(bootstrap, topic, records, i -> new ProducerRecord<>(topic, i % partitions, null, value));
    }
}
