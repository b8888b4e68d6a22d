package io.freshet.mqtt;

import io.freshet.broker.BrokerConfig;
import io.freshet.broker.FreshetBroker;
import io.freshet.gateway.EventLog;
import io.freshet.mqtt.state.StateStore;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Time;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A Freshet broker on a temporary data directory with the MQTT listener on its event log, both on free ports; can
 * be restarted on the same directory. {@link #mqttPort()} is the MQTT port.
 */
final class MqttFixture implements AutoCloseable {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
        new com.fasterxml.jackson.databind.ObjectMapper();

    private final Path dataDir;
    private final MqttConfig config;
    private final Time time;
    private final Map<String, String> brokerProperties;
    private FreshetBroker broker;
    private MqttServer server;
    private FailingAppends failingAppends;
    private final List<MqttServer> others = new ArrayList<>();

    private MqttFixture(Path dataDir, MqttConfig config, Time time, Map<String, String> brokerProperties) {
        this.dataDir = dataDir;
        this.config = config;
        this.time = time;
        this.brokerProperties = brokerProperties;
    }

    static MqttFixture start(Path dataDir) {
        return start(dataDir, MqttConfig.defaults().withPort(0), Time.SYSTEM);
    }

    static MqttFixture start(Path dataDir, MqttConfig config, Time time, String... brokerKeyValues) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < brokerKeyValues.length; i += 2) {
            properties.put(brokerKeyValues[i], brokerKeyValues[i + 1]);
        }
        MqttFixture fixture = new MqttFixture(dataDir, config, time, properties);
        fixture.startBoth();
        return fixture;
    }

    private void startBoth() {
        Map<String, String> properties = new HashMap<>(brokerProperties);
        properties.put("port", "0");
        properties.put("log.dirs", dataDir.toString());
        broker = FreshetBroker.start(BrokerConfig.fromProperties(properties));
        failingAppends = new FailingAppends(broker.eventLog());
        server = MqttServer.start(config, failingAppends, time);
    }

    /** A clean stop of both (the MQTT listener first), then a start on the same data directory. */
    void restart() {
        close();
        startBoth();
    }

    int mqttPort() {
        return server.boundPort();
    }

    String mqttUri() {
        return "tcp://127.0.0.1:" + mqttPort();
    }

    String kafkaBootstrap() {
        return "127.0.0.1:" + broker.boundPort();
    }

    MqttServer server() {
        return server;
    }

    /** The MQTT listener's view of the log, where a test makes appends to a topic fail. */
    FailingAppends faults() {
        return failingAppends;
    }

    /**
     * A second MQTT listener on the same broker and clock (as a gateway beside Freshet's own listener would be),
     * closed with the fixture.
     */
    MqttServer startAnother() {
        MqttServer another = MqttServer.start(config, broker.eventLog(), time);
        others.add(another);
        return another;
    }

    /** The state store of the running listener ({@code __mqtt_sessions}). */
    StateStore state() {
        return server.state();
    }

    /**
     * Waits until the persistent session of {@code clientId} is stored as disconnected: the server has seen its
     * connection end (what a test must know before it moves the clock).
     */
    void awaitStoredAsDisconnected(String clientId) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            java.util.Optional<byte[]> stored = state().get("session/" + clientId);
            return stored.isPresent() && JSON.readTree(stored.get()).path("disconnectedAt").asLong(-1) >= 0;
        });
    }

    /** Publishes the wills and ends the sessions whose time has come by the fixture's clock; waits until done. */
    void expireDue() {
        server.sessions().expireDue().join();
    }

    EventLog log() {
        return broker.eventLog();
    }

    /** Records in all partitions of {@code topic} now (0 if it does not exist). */
    long recordCount(String topic) {
        OptionalInt partitions = log().partitionCount(topic);
        long count = 0;
        for (int p = 0; p < partitions.orElse(0); p++) {
            TopicPartition partition = new TopicPartition(topic, p);
            count += log().endOffset(partition) - log().startOffset(partition);
        }
        return count;
    }

    /** Every record of {@code topic} from the beginning, read by a Kafka consumer until {@code expected} arrived. */
    List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expected) {
        Map<String, Object> props = Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + broker.boundPort(),
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.currentTimeMillis() + 15_000;
            while (records.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    @Override
    public void close() {
        try {
            others.forEach(MqttServer::close);
            others.clear();
            if (server != null) {
                server.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            server = null;
            broker = null;
        }
    }
}
