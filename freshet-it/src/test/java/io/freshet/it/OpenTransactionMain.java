package io.freshet.it;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A transactional producer that begins a transaction, writes records into it, makes sure the broker has them
 * (flush: every send acknowledged), prints {@value #OPEN}, and then waits to be killed, the transaction still open.
 *
 * <p>Arguments: bootstrap, topic, transactional.id, count. Values: {@code open-<i>}.
 */
public final class OpenTransactionMain {

    static final String OPEN = "TRANSACTION-OPEN";

    private OpenTransactionMain() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        String transactionalId = args[2];
        int count = Integer.parseInt(args[3]);
        KafkaProducer<String, String> producer = Transactions.producer(bootstrap, transactionalId);
        producer.initTransactions();
        producer.beginTransaction();
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, "k" + i, "open-" + i)).get();
        }
        producer.flush();
        System.out.println(OPEN);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // killed here, never committing nor aborting
    }
}
