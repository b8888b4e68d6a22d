package io.freshet.broker.share;

/**
 * Whether ShareFetch serves a member id. Kafka 4.4 serves any member id, even one its group coordinator does not know
 * (checked on a 4.4 broker: a stranger's ShareFetch opens a session and acquires records), so Freshet's default is
 * {@link #ANY}; a stricter check (the group coordinator's membership view) would refuse the others with
 * UNKNOWN_MEMBER_ID. Implementations are thread-safe and cheap: called on every ShareFetch.
 */
@FunctionalInterface
public interface ShareMemberCheck {

    boolean isMember(String groupId, String memberId);

    /** Kafka 4.4's behaviour: every member id is served. */
    ShareMemberCheck ANY = (groupId, memberId) -> true;
}
