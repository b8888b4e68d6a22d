package io.freshet.coordinator.group;

import java.util.concurrent.atomic.LongAdder;

/**
 * Rebalances since start-up, as Kafka's group coordinator counts them (its {@code group-coordinator-metrics}):
 * a classic group's completed join phase (a new generation with members: {@code group-completed-rebalance-count})
 * and a consumer group's epoch bump ({@code consumer-group-rebalance-count}). Counted on the coordinator thread when
 * the operation decides it (a write that then fails is not taken back); read by a metrics scrape on any thread.
 */
public final class RebalanceCounts {

    private final LongAdder classicCompleted = new LongAdder();
    private final LongAdder consumerEpochBumps = new LongAdder();

    public void classicCompleted() {
        classicCompleted.increment();
    }

    public void consumerEpochBumped() {
        consumerEpochBumps.increment();
    }

    public long classic() {
        return classicCompleted.sum();
    }

    public long consumer() {
        return consumerEpochBumps.sum();
    }
}
