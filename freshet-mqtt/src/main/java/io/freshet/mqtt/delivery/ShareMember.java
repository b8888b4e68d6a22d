package io.freshet.mqtt.delivery;

/** A session as a share group sees it: it can be handed a record. */
interface ShareMember {

    String clientId();

    /**
     * Hands a record over; called on the share groups' thread, so it must only enqueue and wake the session. The
     * session reports back {@link ShareGroup#completed} or {@link ShareGroup#returned}.
     */
    void offer(SharedItem item);
}
