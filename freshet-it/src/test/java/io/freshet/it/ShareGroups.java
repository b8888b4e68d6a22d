package io.freshet.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;

/**
 * What the share-group tests ({@code Share*Test}) share: share consumers, group configs set through Admin (as a user
 * sets them with kafka-configs.sh --entity-type groups), and records produced in small batches.
 *
 * <p>The tests run against Freshet by default and against Apache Kafka 4.4 with {@code -Dfreshet.it.bootstrap} (and
 * {@code -Dfreshet.it.kafkaServerProperties} for the broker-kill test): {@code scripts/suite-on-kafka.sh}.
 */
final class ShareGroups {

    /** Kafka's upper bound for the group config share.record.lock.duration.ms (group.share.max.record.lock...). */
    static final int MAX_LOCK_DURATION_MS = 60_000;

    private ShareGroups() {
    }

    /** A share consumer of {@code group}; explicit acknowledgement mode if {@code explicit}, else implicit. */
    static KafkaShareConsumer<String, String> consumer(String bootstrap, String group, String clientId,
            boolean explicit, int maxPollRecords) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, explicit ? "explicit" : "implicit");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                "org.apache.kafka.common.serialization.StringDeserializer");
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                "org.apache.kafka.common.serialization.StringDeserializer");
        return new KafkaShareConsumer<>(props);
    }

    /**
     * Sets group configs (SET operations on a GROUP resource), before the group's first member joins: a share group
     * starts at the latest offset unless share.auto.offset.reset says earliest.
     */
    static void setGroupConfigs(String bootstrap, String group, Map<String, String> configs) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        List<AlterConfigOp> ops = new ArrayList<>();
        configs.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        try (Admin admin = KafkaClients.admin(bootstrap)) {
            admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** share.auto.offset.reset=earliest plus {@code more}. */
    static void fromEarliest(String bootstrap, String group, Map<String, String> more) throws Exception {
        Map<String, String> configs = new HashMap<>(more);
        configs.put("share.auto.offset.reset", "earliest");
        setGroupConfigs(bootstrap, group, configs);
    }

    /**
     * Sends values {@code "0".."count-1"} (key {@code k<i % 10>}) to partition {@code i % partitions}, flushing every
     * {@code batch} records so that the log holds many small batches: a share consumer acquires whole batches, and
     * small ones let several members of a group share a partition.
     */
    static void produce(String bootstrap, String topic, int partitions, int count, int batch) throws Exception {
        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap,
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
            List<Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, i % partitions, "k" + (i % 10),
                        Integer.toString(i))));
                if ((i + 1) % batch == 0) {
                    producer.flush();
                }
            }
            for (Future<?> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** Waits until Admin describes {@code group} with {@code members} members, each assigned a partition. */
    static void awaitMembers(String bootstrap, String group, int members) {
        try (Admin admin = KafkaClients.admin(bootstrap)) {
            Awaitility.await("share group " + group + " with " + members + " members").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> admin.describeShareGroups(List.of(group)).describedGroups().get(group)
                            .get(10, TimeUnit.SECONDS), d -> d.members().size() == members
                            && d.members().stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty()));
        }
    }

    static void send(String bootstrap, ProducerRecord<String, String> record) throws Exception {
        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap)) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }
}
