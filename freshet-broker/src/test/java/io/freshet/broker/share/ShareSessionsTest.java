package io.freshet.broker.share;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidShareSessionEpochException;
import org.apache.kafka.common.errors.ShareSessionLimitReachedException;
import org.apache.kafka.common.errors.ShareSessionNotFoundException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShareSessionsTest {

    private static final Uuid TOPIC = Uuid.randomUuid();
    private static final SessionPartition P0 = new SessionPartition(TOPIC, 0);
    private static final SessionPartition P1 = new SessionPartition(TOPIC, 1);
    private static final ShareSessionKey KEY = new ShareSessionKey("g", "m");

    private final ShareSessions sessions = new ShareSessions(2);
    private final Object connection = new Object();

    @Test
    void shouldAddAndForgetPartitionsAsTheEpochMovesOn() {
        assertThat(sessions.open(KEY, List.of(P0), connection).partitions()).containsExactly(P0);
        assertThat(sessions.next(KEY, 1, List.of(P1), List.of()).partitions()).containsExactly(P0, P1);
        assertThat(sessions.next(KEY, 2, List.of(), List.of(P0)).partitions()).containsExactly(P1);
    }

    @Test
    void shouldRefuseAWrongEpochAndAnUnknownSession() {
        sessions.open(KEY, List.of(P0), connection);
        assertThatThrownBy(() -> sessions.next(KEY, 2, List.of(), List.of()))
            .isInstanceOf(InvalidShareSessionEpochException.class);
        assertThatThrownBy(() -> sessions.next(new ShareSessionKey("g", "other"), 1, List.of(), List.of()))
            .isInstanceOf(ShareSessionNotFoundException.class);
        assertThatThrownBy(() -> sessions.acknowledge(KEY, 0)).isInstanceOf(InvalidShareSessionEpochException.class);
    }

    @Test
    void shouldShareTheEpochBetweenFetchAndAcknowledge() {
        sessions.open(KEY, List.of(P0), connection);
        sessions.acknowledge(KEY, 1);
        assertThat(sessions.next(KEY, 2, List.of(), List.of()).partitions()).containsExactly(P0);
    }

    @Test
    void shouldReplaceASessionReopenedAtEpochZero() {
        sessions.open(KEY, List.of(P0), connection);
        sessions.next(KEY, 1, List.of(), List.of());
        assertThat(sessions.open(KEY, List.of(P1), connection).partitions()).containsExactly(P1);
        assertThat(sessions.next(KEY, 1, List.of(), List.of()).partitions()).containsExactly(P1);
        assertThat(sessions.size()).isEqualTo(1);
    }

    @Test
    void shouldRefuseASessionBeyondTheLimitButLetAMemberReopenItsOwn() {
        sessions.open(KEY, List.of(P0), connection);
        sessions.open(new ShareSessionKey("g", "m2"), List.of(P0), connection);
        assertThatThrownBy(() -> sessions.open(new ShareSessionKey("g", "m3"), List.of(P0), connection))
            .isInstanceOf(ShareSessionLimitReachedException.class);
        assertThat(sessions.open(KEY, List.of(P1), connection).partitions()).containsExactly(P1);
    }

    @Test
    void shouldEndOnlyTheSessionsOfTheClosedConnection() {
        Object other = new Object();
        sessions.open(KEY, List.of(P0), connection);
        sessions.open(new ShareSessionKey("g", "m2"), List.of(P0), other);
        assertThat(sessions.connectionClosed(connection)).containsExactly(KEY);
        assertThat(sessions.size()).isEqualTo(1);
        assertThatThrownBy(() -> sessions.checkExists(KEY)).isInstanceOf(ShareSessionNotFoundException.class);
    }
}
