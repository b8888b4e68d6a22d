package io.freshet.broker;

import java.util.Map;

/**
 * The broker's share-group settings, under Kafka 4.4's {@code group.share.*} names (Freshet's release backoff under
 * its group-config names): the defaults of every share group, and the bounds a group config must stay within.
 *
 * @param sessionTimeoutMs        group.share.session.timeout.ms (45000), within
 *                                group.share.min/max.session.timeout.ms (45000-60000)
 * @param heartbeatIntervalMs     group.share.heartbeat.interval.ms (5000), within
 *                                group.share.min/max.heartbeat.interval.ms (5000-15000)
 * @param recordLockDurationMs    group.share.record.lock.duration.ms (30000), within
 *                                group.share.min/max.record.lock.duration.ms (15000-60000)
 * @param deliveryCountLimit      group.share.delivery.count.limit (5), within
 *                                group.share.min/max.delivery.count.limit (2-10)
 * @param partitionMaxRecordLocks group.share.partition.max.record.locks (2000): in-flight records per share partition,
 *                                within group.share.min/max.partition.max.record.locks (100-10000)
 * @param releaseBackoffMs        freshet.share.release.backoff.ms (0: Kafka's behaviour)
 * @param releaseBackoffMaxMs     freshet.share.release.backoff.max.ms (60000)
 */
public record ShareGroupDefaults(Bounded sessionTimeoutMs, Bounded heartbeatIntervalMs, Bounded recordLockDurationMs,
                                 Bounded deliveryCountLimit, Bounded partitionMaxRecordLocks, long releaseBackoffMs,
                                 long releaseBackoffMaxMs) {

    public static final String PREFIX = "group.share.";
    public static final String RELEASE_BACKOFF_MS = "freshet.share.release.backoff.ms";
    public static final String RELEASE_BACKOFF_MAX_MS = "freshet.share.release.backoff.max.ms";

    /** A broker default and the range a group may choose in. */
    public record Bounded(int value, int min, int max) {
    }

    public static ShareGroupDefaults defaults() {
        return fromProperties(Map.of());
    }

    /** @throws IllegalArgumentException naming the key when a value is malformed or outside its range */
    static ShareGroupDefaults fromProperties(Map<String, String> props) {
        return new ShareGroupDefaults(
            bounded(props, "session.timeout.ms", 45_000, 45_000, 60_000),
            bounded(props, "heartbeat.interval.ms", 5_000, 5_000, 15_000),
            bounded(props, "record.lock.duration.ms", 30_000, 15_000, 60_000),
            bounded(props, "delivery.count.limit", 5, 2, 10),
            bounded(props, "partition.max.record.locks", 2_000, 100, 10_000),
            longValue(props, RELEASE_BACKOFF_MS, 0),
            longValue(props, RELEASE_BACKOFF_MAX_MS, 60_000));
    }

    /** group.share.NAME within group.share.min.NAME .. group.share.max.NAME, as Kafka's broker checks them. */
    private static Bounded bounded(Map<String, String> props, String name, int value, int min, int max) {
        int lo = intValue(props, PREFIX + "min." + name, min, 1, Integer.MAX_VALUE);
        int hi = intValue(props, PREFIX + "max." + name, max, lo, Integer.MAX_VALUE);
        return new Bounded(intValue(props, PREFIX + name, value, lo, hi), lo, hi);
    }

    private static int intValue(Map<String, String> props, String key, int defaultValue, int min, int max) {
        String raw = props.get(key);
        if (raw == null) {
            if (defaultValue < min || defaultValue > max) {
                throw new IllegalArgumentException(key + ": the default " + defaultValue + " is outside " + min
                    + ".." + max + " set by its min/max keys; set " + key + " too");
            }
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(raw.trim());
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException(key + ": " + parsed + " must be in the range " + min + " to "
                    + max + " inclusive");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + raw + "' is not an integer");
        }
    }

    private static long longValue(Map<String, String> props, String key, long defaultValue) {
        String raw = props.get(key);
        if (raw == null) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(raw.trim());
            if (parsed < 0) {
                throw new IllegalArgumentException(key + ": " + parsed + " must be at least 0");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + raw + "' is not an integer");
        }
    }
}
