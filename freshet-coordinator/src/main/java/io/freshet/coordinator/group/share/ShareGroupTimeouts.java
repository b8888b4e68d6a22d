package io.freshet.coordinator.group.share;

/**
 * A share group's session timeout and heartbeat interval: its group configs {@code share.session.timeout.ms} and
 * {@code share.heartbeat.interval.ms}, else the broker's {@code group.share.session.timeout.ms} and
 * {@code group.share.heartbeat.interval.ms}. The broker implements it from its group configs; thread-safe and cheap
 * (asked at every heartbeat).
 */
public interface ShareGroupTimeouts {

    int sessionTimeoutMs(String groupId);

    int heartbeatIntervalMs(String groupId);

    /** Kafka 4.4's broker defaults: 45 s session, 5 s heartbeat. */
    ShareGroupTimeouts DEFAULTS = new ShareGroupTimeouts() {
        @Override
        public int sessionTimeoutMs(String groupId) {
            return 45_000;
        }

        @Override
        public int heartbeatIntervalMs(String groupId) {
            return 5_000;
        }
    };
}
