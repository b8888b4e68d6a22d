package io.freshet.coordinator.group.share;

/**
 * What the broker hears of share-group membership, to release the records a member held and forget a deleted group's
 * share-partition state. Called on the group coordinator thread: implementations must not block (hand the work to
 * another thread or an asynchronous call).
 */
public interface ShareGroupListener {

    /** The member left (heartbeat with epoch -1) or was fenced (no heartbeat within its session timeout). */
    void memberRemoved(String groupId, String memberId);

    /** The group was deleted (DeleteGroups), durably. */
    void groupDeleted(String groupId);

    ShareGroupListener NONE = new ShareGroupListener() {
        @Override
        public void memberRemoved(String groupId, String memberId) {
        }

        @Override
        public void groupDeleted(String groupId) {
        }
    };
}
