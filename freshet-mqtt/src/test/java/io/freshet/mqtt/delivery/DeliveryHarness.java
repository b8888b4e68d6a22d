package io.freshet.mqtt.delivery;

import io.freshet.broker.BrokerConfig;
import io.freshet.broker.FreshetBroker;
import io.freshet.gateway.Durability;
import io.freshet.gateway.EventLog;
import io.freshet.gateway.OutgoingRecord;
import io.freshet.mqtt.MqttConfig;
import io.freshet.mqtt.mapping.RuleBasedTopicMapper;
import io.freshet.mqtt.retained.RetainedStore;
import io.freshet.mqtt.session.SubscriptionRequest;
import io.freshet.mqtt.state.StateStore;
import io.freshet.mqtt.state.StateTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Freshet broker on a data directory with the MQTT delivery layer on its {@link EventLog}: the real
 * {@link StateTopic}, {@link RetainedStore} and {@link RuleBasedTopicMapper}. Restartable on the same directory.
 */
final class DeliveryHarness implements AutoCloseable {

    private final Path dataDir;
    private final Time time;
    private final MqttConfig config;
    private FreshetBroker broker;
    private StateTopic stateTopic;
    final AtomicInteger stateWrites = new AtomicInteger();
    /** While set, state writes never happen and never complete: as if the broker died before they were fsynced. */
    volatile boolean stateWritesLost;
    EventLog log;
    RetainedStore retained;
    DeliveryService service;

    DeliveryHarness(Path dataDir, Time time, MqttConfig config) {
        this.dataDir = dataDir;
        this.time = time;
        this.config = config;
        start();
    }

    DeliveryHarness(Path dataDir) {
        this(dataDir, Time.SYSTEM, MqttConfig.defaults());
    }

    private void start() {
        broker = FreshetBroker.start(BrokerConfig.fromProperties(Map.of("port", "0", "log.dirs", dataDir.toString(),
            "num.partitions", "3", "group.initial.rebalance.delay.ms", "0")));
        log = broker.eventLog();
        stateTopic = get(StateTopic.open(log, MqttConfig.SESSIONS_TOPIC));
        retained = get(RetainedStore.open(log, MqttConfig.RETAINED_TOPIC, time));
        service = new DeliveryService(log, RuleBasedTopicMapper.parse(""), retained, countingState(), config, time);
    }

    /** The session state store, counting its writes (to check that QoS 2 state writes are grouped). */
    private StateStore countingState() {
        return new StateStore() {
            @Override
            public Optional<byte[]> get(String key) {
                return stateTopic.get(key);
            }

            @Override
            public Map<String, byte[]> withPrefix(String prefix) {
                return stateTopic.withPrefix(prefix);
            }

            @Override
            public CompletableFuture<Void> put(String key, byte[] value) {
                stateWrites.incrementAndGet();
                return stateWritesLost ? new CompletableFuture<>() : stateTopic.put(key, value);
            }

            @Override
            public CompletableFuture<Void> delete(String key) {
                stateWrites.incrementAndGet();
                return stateWritesLost ? new CompletableFuture<>() : stateTopic.delete(key);
            }
        };
    }

    /** Stops the delivery layer and the broker, and starts both again on the same data. */
    void restart() {
        close();
        stateWritesLost = false;
        start();
    }

    StateStore state() {
        return stateTopic;
    }

    String bootstrap() {
        return "127.0.0.1:" + broker.boundPort();
    }

    KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
            ProducerConfig.LINGER_MS_CONFIG, "0"), new StringSerializer(), new StringSerializer());
    }

    void createTopic(String topic, int partitions) {
        get(log.createTopic(topic, partitions, Map.of()));
    }

    /** Appends through the EventLog as an MQTT publisher's record would be written (headers say QoS and more). */
    void append(String topic, String key, String value, String... headers) {
        List<org.apache.kafka.common.header.Header> list = new ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            list.add(new RecordHeader(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8)));
        }
        appendAt(topic, key, value, -1, list);
    }

    void appendAt(String topic, String key, String value, long timestamp,
                  List<org.apache.kafka.common.header.Header> headers) {
        get(log.append(topic, new OutgoingRecord(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
            value.getBytes(StandardCharsets.UTF_8), headers, timestamp), Durability.APPENDED));
    }

    long endOffset(String topic, int partition) {
        return log.endOffset(new TopicPartition(topic, partition));
    }

    static SubscriptionRequest sub(String filter, int qos) {
        return new SubscriptionRequest(filter, qos, false, false, 0);
    }

    static <T> T get(CompletableFuture<T> future) {
        try {
            return future.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (service != null) {
            service.close();
            service = null;
        }
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
