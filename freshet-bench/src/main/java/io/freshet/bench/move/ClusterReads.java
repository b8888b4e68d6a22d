package io.freshet.bench.move;

import io.freshet.bench.workload.ClientConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** What the move reads from either cluster, with the clients: end offsets, a group's offsets, configs, whole logs. */
final class ClusterReads implements AutoCloseable {

    private static final long TIMEOUT_S = 30;

    private final String bootstrap;
    private final MoveRecords records;
    private final Admin admin;

    ClusterReads(String bootstrap, MoveRecords records) {
        this.bootstrap = bootstrap;
        this.records = records;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    List<TopicPartition> partitions() {
        List<TopicPartition> all = new ArrayList<>();
        for (int t = 0; t < records.topics(); t++) {
            for (int p = 0; p < records.partitions(); p++) {
                all.add(new TopicPartition(MoveRecords.topicName(t), p));
            }
        }
        return all;
    }

    /**
     * Each partition's end offset, through the one Admin client (the move polls this while MirrorMaker runs); a
     * partition the cluster does not have or lead yet counts 0.
     */
    Map<TopicPartition, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicPartition partition : partitions()) {
            latest.put(partition, OffsetSpec.latest());
        }
        ListOffsetsResult result = admin.listOffsets(latest);
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (TopicPartition partition : latest.keySet()) {
            try {
                ends.put(partition, result.partitionResult(partition).get(TIMEOUT_S, TimeUnit.SECONDS).offset());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException
                      || e.getCause() instanceof LeaderNotAvailableException
                      || e.getCause() instanceof NotLeaderOrFollowerException)) {
                    throw e;
                }
                ends.put(partition, 0L); // not created (or not led) there yet
            }
        }
        return ends;
    }

    long recordsHeld() throws Exception {
        return endOffsets().values().stream().mapToLong(Long::longValue).sum();
    }

    Map<TopicPartition, Long> committed(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata().get(TIMEOUT_S, TimeUnit.SECONDS);
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null && partition.topic().startsWith(MoveRecords.TOPIC_PREFIX)) {
                committed.put(partition, offset.offset());
            }
        });
        return committed;
    }

    /** The configs a topic has set (not defaults), by name. */
    Map<String, String> topicConfigs(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_S, TimeUnit.SECONDS).get(resource);
        Map<String, String> set = new HashMap<>();
        config.entries().stream().filter(e -> e.source() == org.apache.kafka.clients.admin.ConfigEntry.ConfigSource
            .DYNAMIC_TOPIC_CONFIG).forEach(e -> set.put(e.name(), e.value()));
        return set;
    }

    /** Every partition's ids in offset order, read to its end offset now. */
    Map<TopicPartition, long[]> readAll() throws Exception {
        Map<TopicPartition, Long> ends = endOffsets();
        Map<TopicPartition, long[]> ids = new HashMap<>();
        Map<TopicPartition, Integer> filled = new HashMap<>();
        ends.forEach((partition, end) -> {
            ids.put(partition, new long[Math.toIntExact(end)]);
            filled.put(partition, 0);
        });
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(ClientConfigs.consumer(bootstrap))) {
            consumer.assign(partitions());
            consumer.seekToBeginning(partitions());
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (!atEnd(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + bootstrap + "'s partitions to their ends "
                        + ends + " within 5 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    int at = filled.get(partition);
                    if (record.offset() < ends.get(partition)) {
                        ids.get(partition)[at] = MoveRecords.idOf(record.value());
                        filled.put(partition, at + 1);
                    }
                }
            }
        }
        // offsets a control batch took hold no record: the arrays end where the records did
        filled.forEach((partition, count) -> ids.put(partition, java.util.Arrays.copyOf(ids.get(partition), count)));
        return ids;
    }

    private static boolean atEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Every topic name, internal ones included. */
    java.util.Set<String> topicNames() throws Exception {
        return admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true)).names()
            .get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
