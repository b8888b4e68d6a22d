package io.freshet.broker.share;

import org.apache.kafka.common.errors.InvalidShareSessionEpochException;
import org.apache.kafka.common.errors.ShareSessionLimitReachedException;
import org.apache.kafka.common.errors.ShareSessionNotFoundException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker's share sessions (KIP-932), one per (group, member), bounded by {@code group.share.max.share.sessions}.
 * A session opens with epoch 0 (a full list of partitions; an existing one is replaced), each later request carries
 * the session's epoch, which then moves on; epoch -1 closes it. Sessions end too when the connection that opened
 * them closes, or when the member leaves the group.
 *
 * <p>Threading: called from every connection's event loop; one monitor guards the map and every session in it, held
 * only for map and set operations. Failures are kafka-clients' exceptions (SHARE_SESSION_NOT_FOUND,
 * INVALID_SHARE_SESSION_EPOCH, SHARE_SESSION_LIMIT_REACHED), which {@code ErrorMapper} turns into codes.
 */
public final class ShareSessions {

    /** Kafka's default for {@code group.share.max.share.sessions}. */
    public static final int DEFAULT_MAX_SESSIONS = 2000;

    private final int maxSessions;
    private final Map<ShareSessionKey, ShareSession> sessions = new HashMap<>();

    public ShareSessions(int maxSessions) {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("group.share.max.share.sessions must be at least 1: " + maxSessions);
        }
        this.maxSessions = maxSessions;
    }

    /** What a request may fetch after its session step: the session's partitions in order. */
    public record Step(ShareSessionKey key, List<SessionPartition> partitions) {
    }

    /**
     * Epoch 0: opens a session with {@code partitions}, replacing the member's earlier one (a client that lost its
     * session starts again this way).
     */
    public synchronized Step open(ShareSessionKey key, List<SessionPartition> partitions, Object connection) {
        if (!sessions.containsKey(key) && sessions.size() >= maxSessions) {
            throw new ShareSessionLimitReachedException("The broker already holds " + maxSessions
                + " share sessions (group.share.max.share.sessions)");
        }
        ShareSession session = new ShareSession(key, connection);
        session.add(partitions);
        sessions.put(key, session);
        return new Step(key, session.partitions());
    }

    /** A ShareFetch with a positive epoch: checks it, adds and forgets partitions, moves the epoch on. */
    public synchronized Step next(ShareSessionKey key, int epoch, List<SessionPartition> added,
                                  List<SessionPartition> forgotten) {
        ShareSession session = existing(key);
        checkEpoch(session, epoch);
        session.forget(forgotten);
        session.add(added);
        session.advanceEpoch();
        return new Step(key, session.partitions());
    }

    /** A ShareAcknowledge with a positive epoch: the epoch check and step, no change of partitions. */
    public synchronized void acknowledge(ShareSessionKey key, int epoch) {
        if (epoch == 0) {
            throw new InvalidShareSessionEpochException("A share session cannot start with ShareAcknowledge");
        }
        ShareSession session = existing(key);
        checkEpoch(session, epoch);
        session.advanceEpoch();
    }

    /** Epoch -1: the session must exist; it stays until {@link #close} once its acknowledgements are applied. */
    public synchronized void checkExists(ShareSessionKey key) {
        existing(key);
    }

    /**
     * Whether the member's session is still the one {@code connection} opened: a ShareFetch that waited must not
     * acquire records for a session that ended meanwhile (its connection closed and its records were released), or
     * they would stay locked, for no one, until the lock expires.
     */
    public synchronized boolean isOpenOn(ShareSessionKey key, Object connection) {
        ShareSession session = sessions.get(key);
        return session != null && session.connection() == connection;
    }

    /** Whether the member has a share session now (on any connection). */
    public synchronized boolean isOpen(ShareSessionKey key) {
        return sessions.containsKey(key);
    }

    /** Ends the session; true when there was one. */
    public synchronized boolean close(ShareSessionKey key) {
        return sessions.remove(key) != null;
    }

    /** Ends every session the closed connection opened, and says whose they were. */
    public synchronized List<ShareSessionKey> connectionClosed(Object connection) {
        List<ShareSessionKey> ended = new ArrayList<>();
        sessions.values().removeIf(session -> {
            if (session.connection() == connection) {
                ended.add(session.key());
                return true;
            }
            return false;
        });
        return ended;
    }

    public synchronized int size() {
        return sessions.size();
    }

    private ShareSession existing(ShareSessionKey key) {
        ShareSession session = sessions.get(key);
        if (session == null) {
            throw new ShareSessionNotFoundException("No share session for member " + key.memberId() + " of group "
                + key.groupId());
        }
        return session;
    }

    private static void checkEpoch(ShareSession session, int epoch) {
        if (session.epoch() != epoch) {
            throw new InvalidShareSessionEpochException("Share session of " + session.key() + " expects epoch "
                + session.epoch() + ", got " + epoch);
        }
    }
}
