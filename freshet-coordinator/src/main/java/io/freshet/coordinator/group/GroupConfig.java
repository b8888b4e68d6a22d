package io.freshet.coordinator.group;

import java.util.List;

/**
 * The coordinator's settings, under Kafka's broker property names (see {@code BrokerConfig}).
 *
 * @param minSessionTimeoutMs         group.min.session.timeout.ms: smallest session timeout a classic member may ask for
 * @param maxSessionTimeoutMs         group.max.session.timeout.ms
 * @param initialRebalanceDelayMs     group.initial.rebalance.delay.ms: how long the first rebalance of an empty
 *                                    classic group waits for more members
 * @param maxGroupSize                group.max.size
 * @param offsetMetadataMaxBytes      offset.metadata.max.bytes
 * @param consumerSessionTimeoutMs    group.consumer.session.timeout.ms (KIP-848 groups)
 * @param consumerHeartbeatIntervalMs group.consumer.heartbeat.interval.ms (KIP-848 groups)
 * @param consumerAssignors           group.consumer.assignors: server-side assignors, the first is the default
 * @param offsetsRetentionMs          offsets.retention.minutes as ms: an empty group's committed offsets older than
 *                                    this are deleted (Kafka: 7 days)
 * @param offsetsRetentionCheckMs     offsets.retention.check.interval.ms
 * @param checkpointBytes             bytes written to the internal log before its state is written again and the
 *                                    older records dropped (Freshet's stand-in for compaction)
 */
public record GroupConfig(int minSessionTimeoutMs, int maxSessionTimeoutMs, int initialRebalanceDelayMs,
                          int maxGroupSize, int offsetMetadataMaxBytes, int consumerSessionTimeoutMs,
                          int consumerHeartbeatIntervalMs, List<String> consumerAssignors, long checkpointBytes,
                          long offsetsRetentionMs, long offsetsRetentionCheckMs) {

    /**
     * Kafka 4.4's defaults, except group.initial.rebalance.delay.ms: 0, as in the server.properties Kafka ships
     * (its built-in 3000 ms makes every new classic group wait 3 s before its first member gets partitions).
     */
    public static GroupConfig defaults() {
        return new GroupConfig(6_000, 1_800_000, 0, Integer.MAX_VALUE, 4096, 45_000, 5_000,
            List.of("uniform", "range"), 64L << 20,
            7L * 24 * 60 * 60 * 1000, 600_000L);
    }

    /** The same settings with another offsets retention and check interval. */
    public GroupConfig withOffsetsRetention(long retentionMs, long checkIntervalMs) {
        return new GroupConfig(minSessionTimeoutMs, maxSessionTimeoutMs, initialRebalanceDelayMs, maxGroupSize,
            offsetMetadataMaxBytes, consumerSessionTimeoutMs, consumerHeartbeatIntervalMs, consumerAssignors,
            checkpointBytes, retentionMs, checkIntervalMs);
    }
}
