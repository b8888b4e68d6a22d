package io.freshet.bench.sql;

import io.freshet.bench.workload.ClientConfigs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts a sink's records as a read_committed consumer sees them (assign() every partition, no group), up to the
 * last stable offsets: the check that a query wrote what it should. Bounded by {@value #TIMEOUT_S} s.
 */
final class CommittedRecords {

    private static final int TIMEOUT_S = 60;

    private CommittedRecords() {
    }

    static long count(String bootstrap, String topic) throws Exception {
        int partitions;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
        Map<String, Object> config = ClientConfigs.consumer(bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<TopicPartition> all = GroupProgress.partitions(topic, partitions);
        long deadline = System.nanoTime() + Duration.ofSeconds(TIMEOUT_S).toNanos();
        long records = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(all);
            consumer.seekToBeginning(all);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all);
            while (System.nanoTime() < deadline) {
                records += consumer.poll(Duration.ofMillis(200)).count();
                if (ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    return records;
                }
            }
        }
        throw new IllegalStateException("reading " + topic + " back took over " + TIMEOUT_S + " s (" + records
            + " records so far)");
    }
}
