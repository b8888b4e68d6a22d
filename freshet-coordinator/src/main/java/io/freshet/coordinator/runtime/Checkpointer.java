package io.freshet.coordinator.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps an internal log bounded without compaction: once {@code checkpointBytes} have been appended since the last
 * checkpoint, every live key's current value is written again and, once that is durable, the log start moves past
 * everything before it. Coordinator thread only.
 *
 * <p>Design note: the checkpoint writes live values, including those of writes still in flight. That is safe
 * because durability is a prefix of the log: the checkpoint becomes durable only if every write before it does, and
 * if one of those fails the checkpoint fails with it. A checkpoint changes no state (it has nothing to undo); a
 * failed one is logged and tried again after another {@code checkpointBytes}. It is the one operation split into
 * several batches (of {@link #RECORDS_PER_BATCH}): each record only restates a value, so a crash between its
 * batches leaves a log that still replays to the same state.
 */
final class Checkpointer {

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
    /** Records per batch, to stay far below the internal log's max.message.bytes. */
    static final int RECORDS_PER_BATCH = 500;

    private final String name;
    private final StateLog stateLog;
    private final StateStores stores;
    private final WritePath writes;
    private final long checkpointBytes;
    private long appendedAtLastCheckpoint;
    private boolean running;

    Checkpointer(String name, StateLog stateLog, StateStores stores, WritePath writes, long checkpointBytes) {
        this.name = name;
        this.stateLog = stateLog;
        this.stores = stores;
        this.writes = writes;
        this.checkpointBytes = checkpointBytes;
        this.appendedAtLastCheckpoint = stateLog.bytesAppended();
    }

    /** Called after every write. */
    void maybeCheckpoint() {
        if (running || stateLog.bytesAppended() - appendedAtLastCheckpoint <= checkpointBytes) {
            return;
        }
        running = true;
        List<StateRecord> live = stores.snapshot();
        long start = stateLog.logEndOffset();
        CompletableFuture<Void> durable;
        try {
            durable = writes.track(Map.of(), appendInBatches(live, start));
        } catch (RuntimeException e) {
            durable = CompletableFuture.failedFuture(e);
        }
        appendedAtLastCheckpoint = stateLog.bytesAppended();
        durable.whenComplete((v, error) -> onDone(start, live.size(), error));
    }

    private long appendInBatches(List<StateRecord> live, long start) {
        long end = start;
        for (int from = 0; from < live.size(); from += RECORDS_PER_BATCH) {
            end = stateLog.append(new ArrayList<>(live.subList(from, Math.min(live.size(), from + RECORDS_PER_BATCH))));
        }
        return end;
    }

    private void onDone(long start, int records, Throwable error) {
        running = false;
        if (error != null) {
            log.warn("{}: checkpoint failed; it will be tried again: {}", name, error.toString());
            return;
        }
        try {
            stateLog.deleteRecordsBefore(start);
            log.debug("{}: checkpointed {} state records; the log now starts at {}", name, records, start);
        } catch (RuntimeException e) {
            log.warn("{}: checkpoint written but the older records could not be dropped: {}", name, e.toString());
        }
    }
}
