package io.freshet.coordinator.share;

import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;

/**
 * One share partition's state (a group's view of one topic partition): its key in the state log, its in-flight
 * window, and the rules by which records move between states (KIP-932). Share coordinator thread only.
 *
 * <pre>
 *   AVAILABLE --acquire (count+1)--> ACQUIRED --ACCEPT--> ACKNOWLEDGED
 *       ^                              |  |---REJECT, GAP--> ARCHIVED
 *       |-- RELEASE, lock expiry, -----|  |---RELEASE, expiry, member gone at the delivery count limit--> ARCHIVED
 *           member gone (after the release backoff)
 * </pre>
 */
final class SharePartition {

    final SharePartitionKey key;
    final InFlightWindow window;
    /**
     * Archived ranges whose dead letters are not written yet, in archive order (Kafka's ARCHIVING state, kept apart
     * from the window: they do not hold the start offset back). Written with every snapshot; cleared one by one as
     * {@link DeadLetters#write} reports them written.
     */
    final List<ShareSnapshot.PendingDeadLetter> pendingDeadLetters = new ArrayList<>();
    /** When the partition's timer is due (lock expiry, backoff, delivery time); Long.MAX_VALUE when none is set. */
    long wakeAtMs = Long.MAX_VALUE;
    /**
     * An acquire stopped at the in-flight bound (share.partition.max.record.locks): records may wait in the log that
     * no one can take until a record in flight ends. The first one to end must wake the fetches parked meanwhile;
     * no append or release would (a member that acknowledges in its next ShareFetch would otherwise take all the
     * freed room while the others wait out their MaxWaitMs).
     */
    boolean heldAtBound;

    SharePartition(SharePartitionKey key, InFlightWindow window) {
        this.key = key;
        this.window = window;
    }

    /** The partition as a snapshot left it: nothing acquired, its pending dead letters still to write. */
    static SharePartition of(SharePartitionKey key, ShareSnapshot snapshot) {
        SharePartition partition = new SharePartition(key, InFlightWindow.of(snapshot));
        partition.pendingDeadLetters.addAll(snapshot.deadLetters());
        return partition;
    }

    /** The state to write: the window's snapshot with the pending dead letters. */
    ShareSnapshot snapshot() {
        ShareSnapshot window = this.window.snapshot();
        return new ShareSnapshot(window.startOffset(), window.ranges(), pendingDeadLetters);
    }

    /**
     * Applies one member's acknowledgements, all or none: NONE, INVALID_REQUEST for a malformed batch, or
     * INVALID_RECORD_STATE when an offset is not acquired by this member with a live lock (or RENEW is not enabled:
     * Kafka 4.4 answers that too with INVALID_RECORD_STATE).
     */
    Errors acknowledge(String member, List<Acknowledgement> batches, ShareGroupSettings settings, long nowMs,
                       Changes changes) {
        for (Acknowledgement batch : batches) {
            if (!wellFormed(batch)) {
                return Errors.INVALID_REQUEST;
            }
        }
        for (Acknowledgement batch : batches) {
            if (!heldBy(member, batch, nowMs) || (!settings.renewAcknowledgeEnable() && renews(batch))) {
                return Errors.INVALID_RECORD_STATE;
            }
        }
        for (Acknowledgement batch : batches) {
            byte[] types = batch.types();
            long runStart = batch.firstOffset();
            for (long offset = batch.firstOffset(); offset <= batch.lastOffset(); offset++) {
                byte type = typeAt(types, batch.firstOffset(), offset);
                if (offset == batch.lastOffset() || typeAt(types, batch.firstOffset(), offset + 1) != type) {
                    apply(runStart, offset, type, settings, nowMs, changes);
                    runStart = offset + 1;
                }
            }
        }
        if (window.advanceStart()) {
            changes.write = true;
        }
        return Errors.NONE;
    }

    /** Every record the member holds is released (it left, was fenced, or its connection closed). */
    void releaseMember(String member, ShareGroupSettings settings, long nowMs, Changes changes) {
        for (InFlightRange range : new ArrayList<>(window.ranges())) {
            if (range.state == RecordState.ACQUIRED && member.equals(range.memberId)) {
                release(range, settings, nowMs, changes);
            }
        }
        if (window.advanceStart()) {
            changes.write = true;
        }
    }

    /** Locks that have expired end as a release would. */
    void expireLocks(ShareGroupSettings settings, long nowMs, Changes changes) {
        for (InFlightRange range : new ArrayList<>(window.ranges())) {
            if (range.state == RecordState.ACQUIRED && range.lockDeadlineMs <= nowMs) {
                release(range, settings, nowMs, changes);
            }
        }
        if (window.advanceStart()) {
            changes.write = true;
        }
    }

    /** Whether records wait for a time that has come (a backoff or delivery time): parked fetches may take them. */
    boolean hasDueWaits(long nowMs) {
        for (InFlightRange range : window.ranges()) {
            if (range.state == RecordState.AVAILABLE && range.availableAtMs > 0 && range.availableAtMs <= nowMs) {
                return true;
            }
        }
        return false;
    }

    /** The next time something changes by itself: a lock expires or a wait ends; Long.MAX_VALUE when nothing will. */
    long nextDeadline(long nowMs) {
        long next = Long.MAX_VALUE;
        for (InFlightRange range : window.ranges()) {
            if (range.state == RecordState.ACQUIRED) {
                next = Math.min(next, range.lockDeadlineMs);
            } else if (range.state == RecordState.AVAILABLE && range.availableAtMs > nowMs) {
                next = Math.min(next, range.availableAtMs);
            }
        }
        return next;
    }

    /**
     * A released record is available again after the group's backoff, doubled per delivery and capped; at the
     * delivery count limit it is archived instead.
     */
    void release(InFlightRange range, ShareGroupSettings settings, long nowMs, Changes changes) {
        if (range.deliveryCount >= settings.deliveryCountLimit()) {
            window.finish(range, RecordState.ARCHIVED);
            changes.archived(range, DeadLetters.Reason.DELIVERY_COUNT_EXCEEDED);
            roomFreed(changes);
            return;
        }
        long backoff = ReleaseBackoff.of(settings, range.deliveryCount);
        window.release(range, backoff == 0 ? 0 : nowMs + backoff);
        changes.write = true;
        changes.available |= backoff == 0;
    }

    private void apply(long first, long last, byte type, ShareGroupSettings settings, long nowMs, Changes changes) {
        for (InFlightRange range : window.isolate(first, last)) {
            switch (type) {
                case Acknowledgement.ACCEPT -> finish(range, RecordState.ACKNOWLEDGED, changes);
                case Acknowledgement.RELEASE -> release(range, settings, nowMs, changes);
                case Acknowledgement.REJECT -> {
                    finish(range, RecordState.ARCHIVED, changes);
                    changes.archived(range, DeadLetters.Reason.REJECTED);
                }
                case Acknowledgement.GAP -> finish(range, RecordState.ARCHIVED, changes);
                case Acknowledgement.RENEW -> range.lockDeadlineMs = nowMs + settings.recordLockDurationMs();
                default -> throw new IllegalStateException("Unchecked acknowledge type " + type);
            }
        }
    }

    private void finish(InFlightRange range, RecordState terminal, Changes changes) {
        window.finish(range, terminal);
        changes.write = true;
        roomFreed(changes);
    }

    /** A record in flight ended: if an acquire was held back by the bound, parked fetches may take records now. */
    private void roomFreed(Changes changes) {
        if (heldAtBound) {
            heldAtBound = false;
            changes.available = true;
        }
    }

    private boolean heldBy(String member, Acknowledgement batch, long nowMs) {
        if (!window.covers(batch.firstOffset(), batch.lastOffset())) {
            return false;
        }
        for (InFlightRange range : window.overlapping(batch.firstOffset(), batch.lastOffset())) {
            if (!range.isHeldBy(member, nowMs)) {
                return false;
            }
        }
        return true;
    }

    private static boolean wellFormed(Acknowledgement batch) {
        byte[] types = batch.types();
        if (batch.firstOffset() < 0 || batch.lastOffset() < batch.firstOffset() || types == null
            || (types.length != 1 && types.length != batch.lastOffset() - batch.firstOffset() + 1)) {
            return false;
        }
        for (byte type : types) {
            if (type < Acknowledgement.GAP || type > Acknowledgement.RENEW) {
                return false;
            }
        }
        return true;
    }

    private static boolean renews(Acknowledgement batch) {
        for (byte type : batch.types()) {
            if (type == Acknowledgement.RENEW) {
                return true;
            }
        }
        return false;
    }

    private static byte typeAt(byte[] types, long first, long offset) {
        return types.length == 1 ? types[0] : types[(int) (offset - first)];
    }

    @Override
    public String toString() {
        return key + " " + window;
    }
}
