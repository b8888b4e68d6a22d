package io.freshet.coordinator.share;

/**
 * Consecutive offsets of a share partition in one state, with one delivery count: a whole batch as acquired, until
 * acknowledgements of single records split it. Mutable, owned by its {@link InFlightWindow}; share coordinator
 * thread only.
 */
final class InFlightRange {

    long first;
    long last;
    RecordState state;
    short deliveryCount;
    /** The holder while ACQUIRED, else null. */
    String memberId;
    /** While ACQUIRED: when the lock expires (coordinator clock). */
    long lockDeadlineMs;
    /**
     * While AVAILABLE: not acquired before this (a release backoff or a {@code freshet.deliver.at} time); 0 when it
     * never waited. A range AVAILABLE with no delivery and no wait has not been looked at yet (after a restart):
     * acquiring it checks its headers and control batches first, as for records past the window.
     */
    long availableAtMs;

    InFlightRange(long first, long last, RecordState state, short deliveryCount, long availableAtMs) {
        this.first = first;
        this.last = last;
        this.state = state;
        this.deliveryCount = deliveryCount;
        this.availableAtMs = availableAtMs;
    }

    long size() {
        return last - first + 1;
    }

    boolean isUnchecked() {
        return state == RecordState.AVAILABLE && deliveryCount == 0 && availableAtMs == 0;
    }

    boolean isAcquirableAt(long nowMs) {
        return state == RecordState.AVAILABLE && availableAtMs <= nowMs;
    }

    boolean isHeldBy(String member, long nowMs) {
        return state == RecordState.ACQUIRED && member.equals(memberId) && lockDeadlineMs > nowMs;
    }

    /** Splits off {@code [at, last]} as a new range (same state) and keeps {@code [first, at - 1]}. */
    InFlightRange splitAt(long at) {
        InFlightRange tail = new InFlightRange(at, last, state, deliveryCount, availableAtMs);
        tail.memberId = memberId;
        tail.lockDeadlineMs = lockDeadlineMs;
        last = at - 1;
        return tail;
    }

    void acquire(String member, long deadlineMs) {
        state = RecordState.ACQUIRED;
        memberId = member;
        lockDeadlineMs = deadlineMs;
        availableAtMs = 0;
        deliveryCount++;
    }

    void makeAvailable(long atMs) {
        state = RecordState.AVAILABLE;
        memberId = null;
        lockDeadlineMs = 0;
        availableAtMs = atMs;
    }

    void finish(RecordState terminal) {
        state = terminal;
        memberId = null;
        lockDeadlineMs = 0;
        availableAtMs = 0;
    }

    @Override
    public String toString() {
        return first + ".." + last + " " + state + " x" + deliveryCount
            + (memberId != null ? " by " + memberId : "") + (availableAtMs > 0 ? " at " + availableAtMs : "");
    }
}
