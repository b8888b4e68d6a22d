package io.freshet.broker.metadata;

import io.freshet.broker.ShareGroupDefaults;
import io.freshet.broker.deadletter.DeadLetterRules;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.InvalidConfigurationException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The group configs (KIP-848 / KIP-932 dynamic group configs, ConfigResource type GROUP) Freshet knows: Kafka 4.4's
 * share-group configs and Freshet's release backoff, each with its type, its default (the broker's) and its check,
 * which answers INVALID_CONFIG with Kafka's message. Immutable.
 */
public final class GroupConfigDefs {

    public static final String SHARE_AUTO_OFFSET_RESET = "share.auto.offset.reset";
    public static final String SHARE_ISOLATION_LEVEL = "share.isolation.level";
    public static final String SHARE_SESSION_TIMEOUT_MS = "share.session.timeout.ms";
    public static final String SHARE_HEARTBEAT_INTERVAL_MS = "share.heartbeat.interval.ms";
    public static final String SHARE_RECORD_LOCK_DURATION_MS = "share.record.lock.duration.ms";
    public static final String SHARE_DELIVERY_COUNT_LIMIT = "share.delivery.count.limit";
    public static final String SHARE_PARTITION_MAX_RECORD_LOCKS = "share.partition.max.record.locks";
    public static final String SHARE_RENEW_ACKNOWLEDGE_ENABLE = "share.renew.acknowledge.enable";
    public static final String DLQ_TOPIC_NAME = "errors.deadletterqueue.topic.name";
    public static final String DLQ_COPY_RECORD_ENABLE = "errors.deadletterqueue.copy.record.enable";

    /** One group config. */
    public record Def(String name, ConfigDef.Type type, String defaultValue, String documentation, Check check) {

        /** Throws InvalidConfigurationException with Kafka's message when the value is not allowed. */
        public void validate(String value) {
            check.validate(name, value);
        }
    }

    @FunctionalInterface
    interface Check {
        void validate(String name, String value);
    }

    private final Map<String, Def> defs = new LinkedHashMap<>();

    public GroupConfigDefs(ShareGroupDefaults d) {
        add(SHARE_AUTO_OFFSET_RESET, ConfigDef.Type.STRING, "latest", GroupConfigDefs::autoOffsetReset,
            "Where a share group starts in a partition it has no state for: latest, earliest or "
                + "by_duration:PnDTnHnMn.nS.");
        add(SHARE_ISOLATION_LEVEL, ConfigDef.Type.STRING, "read_uncommitted",
            oneOf("read_committed", "read_uncommitted"), "Whether share consumers read transactional records "
                + "before they are committed.");
        add(SHARE_SESSION_TIMEOUT_MS, ConfigDef.Type.INT, d.sessionTimeoutMs(),
            "A member with no heartbeat for this long is removed from the share group.");
        add(SHARE_HEARTBEAT_INTERVAL_MS, ConfigDef.Type.INT, d.heartbeatIntervalMs(),
            "How often share-group members heartbeat.");
        add(SHARE_RECORD_LOCK_DURATION_MS, ConfigDef.Type.INT, d.recordLockDurationMs(),
            "How long a delivered record stays locked to its member before it becomes available again.");
        add(SHARE_DELIVERY_COUNT_LIMIT, ConfigDef.Type.INT, d.deliveryCountLimit(),
            "Deliveries of a record before it is archived (and dead-lettered, if the group has a dead-letter topic).");
        add(SHARE_PARTITION_MAX_RECORD_LOCKS, ConfigDef.Type.INT, d.partitionMaxRecordLocks(),
            "In-flight records per share partition.");
        add(SHARE_RENEW_ACKNOWLEDGE_ENABLE, ConfigDef.Type.BOOLEAN, "true", GroupConfigDefs::bool,
            "Whether members may RENEW the lock of a record they hold.");
        add(DLQ_TOPIC_NAME, ConfigDef.Type.STRING, "", (n, v) -> DeadLetterRules.checkGroupTopicName(v),
            "The share group's dead-letter topic (KIP-1191); empty: none.");
        add(DLQ_COPY_RECORD_ENABLE, ConfigDef.Type.BOOLEAN, "false", GroupConfigDefs::bool,
            "Whether a dead letter carries a copy of the record (else a reference to it).");
        add(ShareGroupDefaults.RELEASE_BACKOFF_MS, ConfigDef.Type.LONG, Long.toString(d.releaseBackoffMs()),
            nonNegativeLong(), "Freshet: a RELEASEd record is available again after this, doubled for each "
                + "further delivery (0: at once, as Kafka).");
        add(ShareGroupDefaults.RELEASE_BACKOFF_MAX_MS, ConfigDef.Type.LONG, Long.toString(d.releaseBackoffMaxMs()),
            nonNegativeLong(), "Freshet: the most a release backoff grows to.");
    }

    private void add(String name, ConfigDef.Type type, ShareGroupDefaults.Bounded bounded, String doc) {
        add(name, type, Integer.toString(bounded.value()), (n, v) -> {
            int parsed = parseInt(n, v);
            if (parsed < bounded.min() || parsed > bounded.max()) {
                throw new InvalidConfigurationException(n + " must be in the range " + bounded.min() + " to "
                    + bounded.max() + " inclusive.");
            }
        }, doc);
    }

    private void add(String name, ConfigDef.Type type, String defaultValue, Check check, String doc) {
        defs.put(name, new Def(name, type, defaultValue, doc, check));
    }

    public Optional<Def> get(String name) {
        return Optional.ofNullable(defs.get(name));
    }

    /** Every config, in a fixed order. */
    public List<Def> all() {
        return new ArrayList<>(defs.values());
    }

    /** @throws InvalidConfigurationException "Unknown group config name: X", or the value's problem */
    public void validate(String name, String value) {
        Def def = defs.get(name);
        if (def == null) {
            throw new InvalidConfigurationException("Unknown group config name: " + name);
        }
        if (value == null) {
            throw new InvalidConfigurationException("Null value not supported for group config " + name);
        }
        def.validate(value);
    }

    static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, value, "Not a number of type INT");
        }
    }

    private static Check nonNegativeLong() {
        return (name, value) -> {
            long parsed;
            try {
                parsed = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw invalid(name, value, "Not a number of type LONG");
            }
            if (parsed < 0) {
                throw invalid(name, value, "Value must be at least 0");
            }
        };
    }

    private static void bool(String name, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw invalid(name, value, "Expected value to be either true or false");
        }
    }

    private static Check oneOf(String... allowed) {
        return (name, value) -> {
            for (String a : allowed) {
                if (a.equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return;
                }
            }
            throw invalid(name, value, "String must be one of: " + String.join(", ", allowed));
        };
    }

    private static void autoOffsetReset(String name, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("earliest") || v.equals("latest")) {
            return;
        }
        if (v.startsWith("by_duration:")) {
            try {
                if (!Duration.parse(value.trim().substring("by_duration:".length())).isNegative()) {
                    return;
                }
            } catch (DateTimeParseException e) {
                // falls through to Kafka's message
            }
        }
        throw invalid(name, value, "Invalid value `" + value + "` for configuration " + name
            + ". The value must be either 'earliest', 'latest' or of the format 'by_duration:<PnDTnHnMn.nS>'.");
    }

    /** Kafka's ConfigException message: "Invalid value V for configuration N: reason". */
    private static InvalidConfigurationException invalid(String name, String value, String reason) {
        return new InvalidConfigurationException("Invalid value " + value + " for configuration " + name + ": "
            + reason);
    }
}
