package io.freshet.sql.engine;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;

/**
 * The Kafka Streams configuration of a query, in one place. Persistent queries: exactly_once_v2 (transactions and
 * read_committed), one stream thread, commits every 100 ms (Kafka Streams' own default under exactly-once);
 * push queries: at_least_once (their rows go to a client, not to a topic). Both: in-memory stores (rocksdbjni is
 * not shipped), the malformed-record handler, and auto.offset.reset from the session (ksqlDB's default: latest).
 */
final class StreamsSettings {

    static final String AUTO_OFFSET_RESET = "auto.offset.reset";
    static final String DEFAULT_OFFSET_RESET = "latest";
    static final int QUERY_SESSION_TIMEOUT_MS = 10_000;

    private StreamsSettings() {
    }

    static Properties persistent(String applicationId, String queryId, String bootstrap, Path stateDir,
                                 Map<String, Object> clientProperties, Map<String, String> sessionProperties) {
        Properties p = common(applicationId, queryId, bootstrap, stateDir, clientProperties, sessionProperties);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // After a crash (kill -9) the restarted query's group waits for the dead member's session to expire before
        // it rebalances: 10 s rather than Kafka Streams' 45 s. Heartbeats come from the consumer's own thread every
        // 3 s, so a busy or paused stream thread does not lose its session (max.poll.interval.ms covers that).
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), QUERY_SESSION_TIMEOUT_MS);
        return p;
    }

    static Properties transientQuery(String applicationId, String bootstrap, Path stateDir,
                                     Map<String, Object> clientProperties, Map<String, String> sessionProperties) {
        Properties p = common(applicationId, applicationId, bootstrap, stateDir, clientProperties,
            sessionProperties);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // A push query's rows are shown as they come: no record cache holding updates back.
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        return p;
    }

    private static Properties common(String applicationId, String queryId, String bootstrap, Path stateDir,
                                     Map<String, Object> clientProperties, Map<String, String> sessionProperties) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        // max.task.idle.ms stays at Kafka's default 0 (never -1): a task processes its inputs in timestamp order
        // once each has data or is caught up, so a join sees the table updates older than a stream record first.
        // replication.factor stays at -1: the broker's default.
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, MalformedRecordHandler.class);
        // Kafka 5.0's default already (no global tables here); unset, every query start logs a warning about it.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        MalformedRecordHandler.register(applicationId, queryId,
            sessionProperties.get(MalformedRecordHandler.ERROR_TOPIC));
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG),
            sessionProperties.getOrDefault(AUTO_OFFSET_RESET, DEFAULT_OFFSET_RESET));
        return p;
    }

    static Map<String, Object> clientConfig(String bootstrap, Map<String, Object> clientProperties) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put("bootstrap.servers", bootstrap);
        return config;
    }
}
