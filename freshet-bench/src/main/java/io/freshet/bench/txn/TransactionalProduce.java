package io.freshet.bench.txn;

import io.freshet.bench.workload.Throughput;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Transactional produce throughput: one transactional KafkaProducer runs a case's transactions back to back
 * (beginTransaction, send its records unkeyed, commitTransaction). initTransactions and the topic's metadata come
 * before the clock; the clock runs from the first beginTransaction to the end of the last commitTransaction. A
 * failed send fails its commit, and so the case. Bounded by the producer's max.block.ms per call.
 */
public final class TransactionalProduce {

    private TransactionalProduce() {
    }

    public static Throughput run(String bootstrap, String topic, TxnProduceCase txnCase, String transactionalId) {
        byte[] value = Uppercase.lowerCaseValue(TxnProduceCase.RECORD_SIZE);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                TxnClients.transactionalProducer(bootstrap, transactionalId))) {
            producer.initTransactions();
            producer.partitionsFor(topic);
            long start = System.nanoTime();
            for (int t = 0; t < txnCase.transactions(); t++) {
                producer.beginTransaction();
                for (int r = 0; r < txnCase.recordsPerTransaction(); r++) {
                    producer.send(new ProducerRecord<>(topic, value));
                }
                producer.commitTransaction();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Throughput(txnCase.records(), txnCase.records() * TxnProduceCase.RECORD_SIZE, seconds);
        }
    }
}
