package io.freshet.coordinator.group;

import io.freshet.coordinator.group.offsets.OffsetStore;
import io.freshet.coordinator.group.offsets.PendingOffsetStore;
import io.freshet.coordinator.runtime.CommittedView;
import io.freshet.coordinator.runtime.CoordinatorResult;
import io.freshet.coordinator.runtime.CoordinatorRuntime;
import io.freshet.coordinator.runtime.CoordinatorTimer;
import io.freshet.coordinator.runtime.StateRecord;
import io.freshet.coordinator.runtime.TopicView;
import org.apache.kafka.common.utils.Time;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What every part of the group coordinator shares: its runtime (clock, timer, write path, committed view), the
 * topics, the settings, and the state (groups, committed offsets, pending transactional offsets). Used on the
 * group coordinator thread only.
 */
public final class GroupContext {

    private final CoordinatorRuntime runtime;
    private final TopicView topics;
    private final GroupConfig config;
    private final OffsetStore offsets = new OffsetStore();
    private final PendingOffsetStore pendingOffsets = new PendingOffsetStore();
    private final GroupRegistry groups = new GroupRegistry(offsets::hasOffsets);
    private final RebalanceCounts rebalances = new RebalanceCounts();

    GroupContext(CoordinatorRuntime runtime, TopicView topics, GroupConfig config) {
        this.runtime = runtime;
        this.topics = topics;
        this.config = config;
    }

    public Time time() {
        return runtime.time();
    }

    /** Timers on the coordinator thread; their tasks may touch any group state. */
    public CoordinatorTimer timer() {
        return runtime.timer();
    }

    /** Rebalances counted for the metrics. */
    public RebalanceCounts rebalances() {
        return rebalances;
    }

    public TopicView topics() {
        return topics;
    }

    public GroupConfig config() {
        return config;
    }

    public GroupRegistry groups() {
        return groups;
    }

    public OffsetStore offsets() {
        return offsets;
    }

    /** Transactional offsets waiting for their transaction to end. */
    public PendingOffsetStore pendingOffsets() {
        return pendingOffsets;
    }

    /** The durable state: what OffsetFetch and ConsumerGroupDescribe answer with. */
    public CommittedView committed() {
        return runtime.committedView();
    }

    /** Applies the records at once and completes once they are durable (see {@link CoordinatorRuntime#write}). */
    public CompletableFuture<Void> write(List<StateRecord> records) {
        return runtime.write(records);
    }

    public <T> CompletableFuture<T> write(CoordinatorResult<T> result) {
        return runtime.write(result);
    }

    CoordinatorRuntime runtime() {
        return runtime;
    }
}
