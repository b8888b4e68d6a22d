package io.freshet.bench.txn;

import io.freshet.bench.workload.ClientConfigs;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The transactional producer and read_committed consumer settings, on top of {@link ClientConfigs}. */
final class TxnClients {

    static final String PRODUCER_SETTINGS = "transactional.id (fresh per case and round), acks=all, idempotence on,"
        + " linger.ms=5 batch.size=65536 compression.type=none, other settings at the client's defaults"
        + " (max.in.flight 5, transaction.timeout.ms 60000)";
    static final String CONSUMER_SETTINGS = "isolation.level=read_committed, group.id (fresh per round),"
        + " group.protocol=classic (the client's default), enable.auto.commit=false, auto.offset.reset=earliest,"
        + " max.poll.records 500 and fetch sizes at their defaults";

    private TxnClients() {
    }

    static Map<String, Object> transactionalProducer(String bootstrap, String transactionalId) {
        Map<String, Object> config = ClientConfigs.producer(bootstrap, "all", ClientConfigs.THROUGHPUT_LINGER_MS);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    static Map<String, Object> readCommittedConsumer(String bootstrap, String groupId) {
        Map<String, Object> config = ClientConfigs.consumer(bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        if (groupId != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        return config;
    }
}
