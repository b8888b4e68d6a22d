package io.freshet.broker.share;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One member's share session: the partitions its ShareFetches read and the epoch its next request must carry.
 * Mutable only under the {@link ShareSessions} lock; callers get {@link #partitions()} as a copy.
 */
final class ShareSession {

    private final ShareSessionKey key;
    /** The connection that opened the session: its close ends the session (and releases the member's records). */
    private final Object connection;
    private final Set<SessionPartition> partitions = new LinkedHashSet<>();
    private int epoch = 1;

    ShareSession(ShareSessionKey key, Object connection) {
        this.key = key;
        this.connection = connection;
    }

    ShareSessionKey key() {
        return key;
    }

    Object connection() {
        return connection;
    }

    int epoch() {
        return epoch;
    }

    /** Kafka's ShareRequestMetadata.nextEpoch: 1, 2, ... Integer.MAX_VALUE, then 1 again (0 and -1 are reserved). */
    void advanceEpoch() {
        epoch = epoch == Integer.MAX_VALUE ? 1 : epoch + 1;
    }

    void add(List<SessionPartition> added) {
        partitions.addAll(added);
    }

    void forget(List<SessionPartition> forgotten) {
        forgotten.forEach(partitions::remove);
    }

    List<SessionPartition> partitions() {
        return List.copyOf(partitions);
    }
}
