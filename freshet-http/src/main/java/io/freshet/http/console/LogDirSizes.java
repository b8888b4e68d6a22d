package io.freshet.http.console;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeLogDirsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Partition sizes on disk, from DescribeLogDirs (what {@code kafka-log-dirs.sh} shows). Sizes are extra: a broker
 * that does not serve DescribeLogDirs (UNSUPPORTED_VERSION), a cluster that does not let this client describe its
 * log dirs, or any other failure leaves them unknown (null in the answers) rather than failing the page.
 */
final class LogDirSizes {

    private static final Logger log = LoggerFactory.getLogger(LogDirSizes.class);

    private LogDirSizes() {
    }

    /**
     * The size of each partition's replica on {@code brokers} (the largest where there are several: a follower
     * may lag); empty when they cannot be had.
     */
    static CompletableFuture<Optional<Map<TopicPartition, Long>>> of(Admin admin, Collection<Integer> brokers) {
        return AdminFutures.of(admin.describeLogDirs(brokers, new DescribeLogDirsOptions()
                .timeoutMs(ConsoleClients.TIMEOUT_MS)).allDescriptions())
            .thenApply(byBroker -> Optional.of(sizes(byBroker)))
            .exceptionally(e -> {
                log.debug("No partition sizes (DescribeLogDirs failed): {}", e.toString());
                return Optional.empty();
            });
    }

    private static Map<TopicPartition, Long> sizes(Map<Integer, Map<String, LogDirDescription>> byBroker) {
        Map<TopicPartition, Long> sizes = new HashMap<>();
        for (Map<String, LogDirDescription> dirs : byBroker.values()) {
            for (LogDirDescription dir : dirs.values()) {
                if (dir.error() != null) {
                    continue;
                }
                for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                    if (!replica.getValue().isFuture()) {
                        sizes.merge(replica.getKey(), replica.getValue().size(), Math::max);
                    }
                }
            }
        }
        return sizes;
    }
}
