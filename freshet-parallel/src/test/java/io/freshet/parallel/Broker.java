package io.freshet.parallel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/** The tests' broker: topics, keyed records, group offsets and consumer properties through real clients. */
final class Broker {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private Broker() {
    }

    /** Short session timeouts, so that a rebalance after a member leaves is quick. */
    static FreshetExtension extension() {
        return FreshetExtension.perClass()
                .withProperty("group.initial.rebalance.delay.ms", "0")
                .withProperty("group.min.session.timeout.ms", "6000")
                .withProperty("group.consumer.session.timeout.ms", "6000")
                .withProperty("group.consumer.min.session.timeout.ms", "6000")
                .withProperty("group.consumer.heartbeat.interval.ms", "500")
                .withProperty("group.consumer.min.heartbeat.interval.ms", "500");
    }

    static String unique(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> consumerProps(String bootstrap, String group, GroupProtocol protocol) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol.name().toLowerCase());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (protocol == GroupProtocol.CLASSIC) {
            props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
            props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        }
        return props;
    }

    static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    /**
     * Sends {@code count} records over {@code keys} keys, round robin: key "k{i % keys}", value "{seq}" where seq
     * counts the key's records from 0. Returns the number of records per key.
     */
    static Map<String, Integer> produce(String bootstrap, String topic, int count, int keys) throws Exception {
        Map<String, Integer> perKey = new HashMap<>();
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            for (int i = 0; i < count; i++) {
                String key = "k" + (i % keys);
                int seq = perKey.merge(key, 1, Integer::sum) - 1;
                producer.send(new ProducerRecord<>(topic, key, Integer.toString(seq)));
            }
            producer.flush();
        }
        return perKey;
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer());
    }

    static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            return admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    static Map<TopicPartition, Long> committed(String bootstrap, String group) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> out = new HashMap<>();
            offsets.forEach((tp, om) -> {
                if (om != null) {
                    out.put(tp, om.offset());
                }
            });
            return out;
        }
    }

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }
}
