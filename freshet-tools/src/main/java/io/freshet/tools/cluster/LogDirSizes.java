package io.freshet.tools.cluster;

import io.freshet.tools.cli.AdminConnection;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * DescribeLogDirs as the commands read it: each broker's log directories, and the size on disk of a partition's
 * log on a given broker. Empty where the cluster does not serve it (an old broker, or no DESCRIBE on the cluster),
 * so that a command shows '-' instead of failing.
 */
public final class LogDirSizes {

    private LogDirSizes() {
    }

    /** Log directory path -> description, per broker id; empty if DescribeLogDirs is not available. */
    public static Optional<Map<Integer, Map<String, LogDirDescription>>> describe(AdminConnection broker,
            Collection<Integer> brokerIds) {
        if (brokerIds.isEmpty()) {
            return Optional.of(Map.of());
        }
        try {
            return Optional.of(new TreeMap<>(broker.await("describing log directories",
                    broker.admin().describeLogDirs(brokerIds).allDescriptions())));
        } catch (UnsupportedVersionException | ClusterAuthorizationException e) {
            return Optional.empty();
        }
    }

    /**
     * The size in bytes of each partition's log on its leader ({@code leaders}: partition -> broker id); a partition
     * its leader does not list is absent. Empty if DescribeLogDirs is not available.
     */
    public static Optional<Map<TopicPartition, Long>> onLeaders(AdminConnection broker,
            Map<TopicPartition, Integer> leaders) {
        return describe(broker, leaders.values().stream().distinct().toList()).map(dirs -> {
            Map<TopicPartition, Long> sizes = new HashMap<>();
            leaders.forEach((partition, leader) -> {
                for (LogDirDescription dir : dirs.getOrDefault(leader, Map.of()).values()) {
                    ReplicaInfo replica = dir.replicaInfos().get(partition);
                    if (replica != null && !replica.isFuture()) {
                        sizes.put(partition, replica.size());
                    }
                }
            });
            return sizes;
        });
    }
}
