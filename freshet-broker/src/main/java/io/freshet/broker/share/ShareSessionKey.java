package io.freshet.broker.share;

/** A share session is one member's: Kafka keys it by group and member id (KIP-932). */
public record ShareSessionKey(String groupId, String memberId) {

    @Override
    public String toString() {
        return groupId + "/" + memberId;
    }
}
