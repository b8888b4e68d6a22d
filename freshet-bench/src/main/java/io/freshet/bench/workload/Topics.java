package io.freshet.bench.workload;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Creates each case's fresh topic with the Admin client (replication factor 1) and waits until every partition
 * has a leader that answers ListOffsets. Kafka answers CreateTopics before its partitions exist on the broker; a
 * producer that starts at once gets NOT_LEADER_OR_FOLLOWER, and an idempotent one can then retry out of order
 * for its whole delivery timeout. Bounded to 30 s.
 */
public final class Topics {

    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private Topics() {
    }

    public static void create(String bootstrap, String topic, int partitions) throws Exception {
        create(bootstrap, topic, partitions, Map.of());
    }

    /** As {@link #create(String, String, int)}, with topic configs (e.g. {@code freshet.storage=memory}). */
    public static void create(String bootstrap, String topic, int partitions, Map<String, String> topicConfigs)
            throws Exception {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(config)) {
            NewTopic newTopic = new NewTopic(topic, partitions, (short) 1).configs(topicConfigs);
            admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
            awaitReady(admin, topic, partitions);
        }
    }

    private static void awaitReady(Admin admin, String topic, int partitions) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (ready(admin, topic, partitions)) {
                    return;
                }
            } catch (ExecutionException e) {
                last = e;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new IllegalStateException("topic " + topic + " not ready within 30 s", last);
    }

    private static boolean ready(Admin admin, String topic, int partitions) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
            .get(topic);
        if (description.partitions().size() < partitions
                || description.partitions().stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
            return false;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        return true;
    }
}
