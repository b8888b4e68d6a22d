package io.freshet.coordinator.group;

/**
 * Turns a group's record back into a live group of its protocol: at load, and when a failed write is reverted.
 * Implemented by the group coordinator, which knows both protocols.
 */
public interface GroupLoader {

    /** A group as its record describes it, without timers. */
    Group load(String groupId, GroupValue value);

    /** Starts the timers of a group's members (sessions, revocation deadlines), each a full timeout from now. */
    void activate(Group group);

    /** A group that only holds committed offsets (a commit from outside any group). */
    Group offsetsOnly(String groupId);
}
