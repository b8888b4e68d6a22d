package io.freshet.broker.share;

/**
 * Whether a member id belongs to a share group now: ShareFetch and ShareAcknowledge serve members only. The group
 * coordinator publishes the view; implementations are thread-safe and cheap (called on every request).
 */
@FunctionalInterface
public interface ShareMembership {

    boolean isMember(String groupId, String memberId);

    /** Every member id is accepted: for tests of the data path alone. */
    ShareMembership ANY = (groupId, memberId) -> true;
}
