package io.freshet.it;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** What the exactly-once tests share: transactional producers and readers of either isolation level. */
final class Transactions {

    private Transactions() {
    }

    /** A transactional producer (idempotent, acks=all); the caller calls initTransactions. */
    static KafkaProducer<String, String> producer(String bootstrap, String transactionalId) {
        return KafkaClients.producer(bootstrap, producerConfig(transactionalId));
    }

    static Map<String, Object> producerConfig(String transactionalId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return props;
    }

    static KafkaConsumer<String, String> consumer(String bootstrap, IsolationLevel isolation) {
        return KafkaClients.consumer(bootstrap, Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation.toString(), ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000));
    }

    /**
     * Every record of {@code topic} this isolation level shows, up to the end offset it sees now (for read_committed:
     * the last stable offset, so an open transaction ends the read before its first record).
     */
    static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic, IsolationLevel isolation,
            Duration timeout) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap, isolation)) {
            return KafkaClients.readAll(consumer, KafkaClients.partitions(consumer, topic), timeout);
        }
    }

    static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    /** End offsets as a consumer of this isolation level sees them (read_committed: the last stable offsets). */
    static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic, IsolationLevel isolation) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap, isolation)) {
            return consumer.endOffsets(KafkaClients.partitions(consumer, topic), Duration.ofSeconds(30));
        }
    }
}
