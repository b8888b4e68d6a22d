package io.freshet.it;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A consume-transform-produce processor in a JVM of its own, to be killed with SIGKILL: it reads the input topic in a
 * group (read_committed, no auto-commit), and for each poll writes one transformed record per input record to the
 * output topic and the next input offsets ({@code sendOffsetsToTransaction} with the consumer's group metadata) in one
 * transaction, then commits. Transform: value {@code event-<seq>} becomes {@link #transform}.
 *
 * <p>It initializes its transactions before it joins the group, so a predecessor's open transaction (same
 * transactional.id) is aborted before this one reads the committed offsets. It is a static member
 * (group.instance.id = transactional.id): a restarted processor takes its predecessor's place at once, without waiting
 * for the session timeout. On any error it exits (code 1) and the test starts it again, the most conservative recovery
 * there is: whatever the processor had not committed is redone.
 *
 * <p>Arguments: bootstrap, input topic, output topic, group, transactional.id, pause inside each transaction (ms).
 */
public final class EosProcessorMain {

    private EosProcessorMain() {
    }

    /** The output value for an input record: its value upper-cased, then where it came from. */
    static String transform(ConsumerRecord<String, String> in) {
        return in.value().toUpperCase() + "|" + in.partition() + "@" + in.offset();
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String input = args[1];
        String output = args[2];
        String group = args[3];
        String transactionalId = args[4];
        long pauseMs = Long.parseLong(args[5]);
        // Never closed: the process ends by SIGKILL, or by halt on an error, as a crash would end it.
        try {
            KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap,
                    Transactions.producerConfig(transactionalId));
            KafkaConsumer<String, String> consumer = KafkaClients.consumer(bootstrap,
                    consumerConfig(group, transactionalId));
            producer.initTransactions();
            consumer.subscribe(List.of(input));
            System.out.println("PROCESSING");
            long transactions = 0;
            while (true) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                for (ConsumerRecord<String, String> record : records) {
                    producer.send(new ProducerRecord<>(output, record.key(), transform(record)));
                    next.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                }
                if (pauseMs > 0) {
                    Thread.sleep(pauseMs); // widens the window in which a kill finds the transaction open
                }
                producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
                producer.commitTransaction();
                if (++transactions % 20 == 0) {
                    System.out.println("committed " + transactions + " transactions, last " + next);
                }
            }
        } catch (Throwable t) {
            System.out.println("PROCESSOR FAILED");
            t.printStackTrace(System.out);
            System.out.flush();
            Runtime.getRuntime().halt(1);
        }
    }

    private static Map<String, Object> consumerConfig(String group, String instanceId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, GroupProtocol.CLASSIC.name().toLowerCase());
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, GroupBrokers.CLASSIC_SESSION_TIMEOUT_MS);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, GroupBrokers.HEARTBEAT_INTERVAL_MS);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return props;
    }
}
