package io.freshet.it;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.freshet.testkit.ExternalBroker;
import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/**
 * What the consumer-group tests share: the broker settings, the broker to use, group consumers per protocol,
 * numbered events, and the group as Admin describes it.
 *
 * <p>By default the tests run against the Freshet of their {@link FreshetExtension}. With
 * {@code -Dfreshet.it.bootstrap=HOST:PORT} ({@link ExternalBroker}, honoured by the extension itself) every test
 * that does not crash the broker uses that broker instead, to
 * check that the assertions hold against Apache Kafka itself. Such a broker must run with {@link #BROKER_PROPERTIES}
 * in its server.properties (Kafka's defaults wait 3 s before a first rebalance and keep a consumer-protocol member
 * for 45 s after it dies).
 */
final class GroupBrokers {

    /** Session timeout of classic members (the client's session.timeout.ms); Kafka's group.min.session.timeout.ms. */
    static final int CLASSIC_SESSION_TIMEOUT_MS = 6_000;
    /** Session timeout of consumer-protocol members: a broker setting (group.consumer.session.timeout.ms). */
    static final int CONSUMER_SESSION_TIMEOUT_MS = 6_000;
    static final int HEARTBEAT_INTERVAL_MS = 1_000;

    /**
     * Broker properties, Kafka's names. The two {@code min} keys are Kafka's lower bounds for the consumer-protocol
     * settings (45 s and 5 s by default); Freshet ignores keys it does not know.
     */
    static final Map<String, String> BROKER_PROPERTIES = orderedMap(
            "group.initial.rebalance.delay.ms", "0",
            "group.min.session.timeout.ms", Integer.toString(CLASSIC_SESSION_TIMEOUT_MS),
            "group.consumer.session.timeout.ms", Integer.toString(CONSUMER_SESSION_TIMEOUT_MS),
            "group.consumer.min.session.timeout.ms", Integer.toString(CONSUMER_SESSION_TIMEOUT_MS),
            "group.consumer.heartbeat.interval.ms", Integer.toString(HEARTBEAT_INTERVAL_MS),
            "group.consumer.min.heartbeat.interval.ms", Integer.toString(HEARTBEAT_INTERVAL_MS));

    private GroupBrokers() {
    }

    /** A per-class Freshet with {@link #BROKER_PROPERTIES}. */
    static FreshetExtension extension() {
        FreshetExtension extension = FreshetExtension.perClass();
        for (Map.Entry<String, String> e : BROKER_PROPERTIES.entrySet()) {
            extension = extension.withProperty(e.getKey(), e.getValue());
        }
        return extension;
    }

    /** The extension's bootstrap servers: its Freshet, or the external broker of {@link ExternalBroker}. */
    static String bootstrap(FreshetExtension freshet) {
        return freshet.bootstrapServers();
    }

    /** Topic and group names unique per run, so that repeated runs against one external broker do not meet. */
    static String unique(String prefix) {
        return UniqueNames.of(prefix);
    }

    static int sessionTimeoutMs(GroupProtocol protocol) {
        return protocol == GroupProtocol.CLASSIC ? CLASSIC_SESSION_TIMEOUT_MS : CONSUMER_SESSION_TIMEOUT_MS;
    }

    /**
     * Consumer settings of a group member, manual commits, from the earliest offset. The classic protocol takes the
     * session timeout and heartbeat from the client; the consumer protocol rejects those keys (the broker decides).
     */
    static Map<String, Object> consumerConfig(String bootstrap, String group, GroupProtocol protocol,
            String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol.name().toLowerCase());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                "org.apache.kafka.common.serialization.StringDeserializer");
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                "org.apache.kafka.common.serialization.StringDeserializer");
        if (protocol == GroupProtocol.CLASSIC) {
            props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, CLASSIC_SESSION_TIMEOUT_MS);
            props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
        }
        return props;
    }

    static KafkaConsumer<String, String> consumer(String bootstrap, String group, GroupProtocol protocol,
            String clientId) {
        return new KafkaConsumer<>(consumerConfig(bootstrap, group, protocol, clientId));
    }

    /** Event {@code seq}: key {@code key-(seq % keys)}, value the decimal sequence number. */
    static ProducerRecord<String, String> event(String topic, int seq, int keys) {
        return new ProducerRecord<>(topic, "key-" + (seq % keys), Integer.toString(seq));
    }

    /** Sends events {@code 0..count-1} with the default producer (idempotent, acks=all) and waits for every ack. */
    static void produce(String bootstrap, String topic, int count, int keys) throws Exception {
        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap)) {
            List<java.util.concurrent.Future<?>> acks = new java.util.ArrayList<>();
            for (int seq = 0; seq < count; seq++) {
                acks.add(producer.send(event(topic, seq, keys)));
            }
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        }
    }

    static ConsumerGroupDescription describe(Admin admin, String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(30, TimeUnit.SECONDS);
    }

    /** Waits until the group is Stable with {@code members} members and every partition of the topic assigned. */
    static ConsumerGroupDescription awaitStable(String bootstrap, String group, int members, int partitions,
            Duration timeout) {
        try (Admin admin = KafkaClients.admin(bootstrap)) {
            return Awaitility.await("group " + group + " stable with " + members + " members")
                    .atMost(timeout).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> describe(admin, group), d -> d.groupState() == GroupState.STABLE
                            && d.members().size() == members
                            && d.members().stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty())
                            && assigned(d).size() == partitions);
        }
    }

    static Set<TopicPartition> assigned(ConsumerGroupDescription description) {
        return description.members().stream().map(MemberDescription::assignment)
                .flatMap(a -> a.topicPartitions().stream()).collect(Collectors.toSet());
    }

    /** The group's committed offsets (partition -> offset) as Admin lists them. */
    static Map<Integer, Long> committed(String bootstrap, String group) throws Exception {
        try (Admin admin = KafkaClients.admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<Integer, Long> out = new java.util.TreeMap<>();
            offsets.forEach((tp, om) -> {
                if (om != null) {
                    out.put(tp.partition(), om.offset());
                }
            });
            return out;
        }
    }

    /** End offsets (partition -> offset) of a topic. */
    static Map<Integer, Long> endOffsets(String bootstrap, String topic) {
        Map<Integer, Long> out = new java.util.TreeMap<>();
        KafkaClients.endOffsets(bootstrap, topic).forEach((tp, end) -> out.put(tp.partition(), end));
        return out;
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
