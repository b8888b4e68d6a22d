package io.freshet.storage.log;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.record.TimestampType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;
import static org.apache.kafka.common.config.ConfigDef.ValidString.in;

/**
 * The configuration of one partition log, keyed by Kafka's own topic-level names ({@code segment.bytes},
 * {@code retention.ms}, ...) so that users and tools already know them. Immutable.
 *
 * <p>A config is a chain: Kafka's defaults, then the broker's {@code log.*} defaults
 * ({@link #fromBrokerProperties}), then a topic's overrides ({@link #withOverrides}). Only the topic's
 * overrides are persisted with the topic; the rest is recomputed at start-up.
 *
 * <p>Design note: keys Freshet accepts but does not act on yet (remote storage) are rejected with INVALID_CONFIG
 * rather than silently ignored, so nobody believes a topic is tiered when it is not. {@code cleanup.policy} takes
 * {@code delete}, {@code compact} or both, as in Kafka.
 *
 * <p>Freshet's own key {@value #STORAGE_CONFIG} picks where a topic's records live: {@code disk} (the default) or
 * {@code memory}, a bounded ring per partition ({@link MemoryLog}). A memory topic must stay bounded, so it takes
 * {@code retention.bytes} {@value #DEFAULT_MEMORY_RETENTION_BYTES} when the topic does not set it (whatever the
 * broker's {@code log.retention.bytes}), refuses an unbounded one, and refuses compaction.
 */
public final class LogConfig {

    /** Freshet's deviation from Kafka: unflushed data waits at most a second (Kafka: forever). */
    public static final long DEFAULT_FLUSH_MS = 1000L;

    /** Freshet's topic key: where the records live, {@value #STORAGE_DISK} or {@value #STORAGE_MEMORY}. */
    public static final String STORAGE_CONFIG = "freshet.storage";
    public static final String STORAGE_DISK = "disk";
    public static final String STORAGE_MEMORY = "memory";
    /** {@code retention.bytes} of a memory topic that does not set it: per partition. */
    public static final long DEFAULT_MEMORY_RETENTION_BYTES = 64L * 1024 * 1024;

    /** For settings whose only supported value is false (the feature does not exist on Freshet). */
    private static final ConfigDef.Validator OFF_ONLY = (name, value) -> {
        if (Boolean.TRUE.equals(value)) {
            throw new ConfigException(name, value, "not supported by Freshet");
        }
    };

    private static final ConfigDef DEF = new ConfigDef()
        .define(TopicConfig.SEGMENT_BYTES_CONFIG, Type.INT, 1024 * 1024 * 1024, atLeast(1024), Importance.MEDIUM,
            TopicConfig.SEGMENT_BYTES_DOC)
        .define(TopicConfig.SEGMENT_MS_CONFIG, Type.LONG, 7 * 24 * 3600 * 1000L, atLeast(1), Importance.MEDIUM,
            TopicConfig.SEGMENT_MS_DOC)
        .define(TopicConfig.SEGMENT_JITTER_MS_CONFIG, Type.LONG, 0L, atLeast(0), Importance.LOW,
            TopicConfig.SEGMENT_JITTER_MS_DOC)
        .define(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG, Type.INT, 10 * 1024 * 1024, atLeast(4), Importance.LOW,
            TopicConfig.SEGMENT_INDEX_BYTES_DOC)
        .define(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, Type.LONG, Long.MAX_VALUE, atLeast(1), Importance.MEDIUM,
            TopicConfig.FLUSH_MESSAGES_INTERVAL_DOC)
        .define(TopicConfig.FLUSH_MS_CONFIG, Type.LONG, DEFAULT_FLUSH_MS, atLeast(0), Importance.MEDIUM,
            TopicConfig.FLUSH_MS_DOC + " Freshet's default is 1000 ms; produce with acks=all is always fsynced.")
        .define(TopicConfig.RETENTION_BYTES_CONFIG, Type.LONG, -1L, Importance.MEDIUM, TopicConfig.RETENTION_BYTES_DOC)
        .define(TopicConfig.RETENTION_MS_CONFIG, Type.LONG, 7 * 24 * 3600 * 1000L, atLeast(-1), Importance.MEDIUM,
            TopicConfig.RETENTION_MS_DOC)
        .define(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Type.INT, 1024 * 1024 + 12, atLeast(0), Importance.MEDIUM,
            TopicConfig.MAX_MESSAGE_BYTES_DOC)
        .define(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, Type.INT, 4096, atLeast(0), Importance.MEDIUM,
            TopicConfig.INDEX_INTERVAL_BYTES_DOC)
        .define(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, Type.LONG, 60_000L, atLeast(0), Importance.MEDIUM,
            TopicConfig.FILE_DELETE_DELAY_MS_DOC)
        .define(TopicConfig.DELETE_RETENTION_MS_CONFIG, Type.LONG, 24 * 3600 * 1000L, atLeast(0), Importance.MEDIUM,
            TopicConfig.DELETE_RETENTION_MS_DOC)
        .define(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Type.LONG, 0L, atLeast(0), Importance.MEDIUM,
            TopicConfig.MIN_COMPACTION_LAG_MS_DOC)
        .define(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, Type.LONG, Long.MAX_VALUE, atLeast(1), Importance.MEDIUM,
            TopicConfig.MAX_COMPACTION_LAG_MS_DOC)
        .define(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, Type.DOUBLE, 0.5, between(0, 1), Importance.MEDIUM,
            TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_DOC)
        .define(TopicConfig.CLEANUP_POLICY_CONFIG, Type.LIST, TopicConfig.CLEANUP_POLICY_DELETE,
            ConfigDef.ValidList.in(TopicConfig.CLEANUP_POLICY_DELETE, TopicConfig.CLEANUP_POLICY_COMPACT),
            Importance.MEDIUM, TopicConfig.CLEANUP_POLICY_DOC)
        .define(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
            TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_DOC)
        .define(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Type.INT, 1, between(1, 1), Importance.MEDIUM,
            TopicConfig.MIN_IN_SYNC_REPLICAS_DOC + " A single Freshet node always has exactly one replica.")
        .define(TopicConfig.COMPRESSION_TYPE_CONFIG, Type.STRING, "producer",
            in("producer", "uncompressed", "gzip", "snappy", "lz4", "zstd"), Importance.MEDIUM,
            TopicConfig.COMPRESSION_TYPE_DOC)
        .define(TopicConfig.PREALLOCATE_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, TopicConfig.PREALLOCATE_DOC)
        .define(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, Type.STRING, "CreateTime", in("CreateTime", "LogAppendTime"),
            Importance.MEDIUM, TopicConfig.MESSAGE_TIMESTAMP_TYPE_DOC)
        .define(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, Type.LONG, Long.MAX_VALUE, atLeast(0),
            Importance.MEDIUM, TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_DOC)
        .define(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Type.LONG, 3600 * 1000L, atLeast(0),
            Importance.MEDIUM, TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_DOC)
        .define(TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG, Type.INT, -1, between(-1, 9), Importance.MEDIUM,
            TopicConfig.COMPRESSION_GZIP_LEVEL_DOC)
        .define(TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG, Type.INT, 9, between(1, 17), Importance.MEDIUM,
            TopicConfig.COMPRESSION_LZ4_LEVEL_DOC)
        .define(TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, Type.INT, 3, between(-131072, 22), Importance.MEDIUM,
            TopicConfig.COMPRESSION_ZSTD_LEVEL_DOC)
        .define(TopicConfig.MAX_DECOMPRESSED_MESSAGE_BYTES_CONFIG, Type.INT, Integer.MAX_VALUE - 8, atLeast(0),
            Importance.MEDIUM, TopicConfig.MAX_DECOMPRESSED_MESSAGE_BYTES_DOC)
        .define(TopicConfig.ERRORS_DEADLETTERQUEUE_GROUP_ENABLE_CONFIG, Type.BOOLEAN, false, Importance.LOW,
            TopicConfig.ERRORS_DEADLETTERQUEUE_GROUP_ENABLE_DOC)
        .define("leader.replication.throttled.replicas", Type.LIST, "", Importance.LOW,
            "Replication throttling; a single Freshet node has no followers, so it has no effect.")
        .define("follower.replication.throttled.replicas", Type.LIST, "", Importance.LOW,
            "Replication throttling; a single Freshet node has no followers, so it has no effect.")
        .define(TopicConfig.LOCAL_LOG_RETENTION_MS_CONFIG, Type.LONG, -2L, atLeast(-2), Importance.MEDIUM,
            TopicConfig.LOCAL_LOG_RETENTION_MS_DOC)
        .define(TopicConfig.LOCAL_LOG_RETENTION_BYTES_CONFIG, Type.LONG, -2L, atLeast(-2), Importance.MEDIUM,
            TopicConfig.LOCAL_LOG_RETENTION_BYTES_DOC)
        .define(TopicConfig.REMOTE_LOG_STORAGE_ENABLE_CONFIG, Type.BOOLEAN, false, OFF_ONLY, Importance.MEDIUM,
            TopicConfig.REMOTE_LOG_STORAGE_ENABLE_DOC + " Freshet has no tiered storage: only false is accepted.")
        .define(TopicConfig.REMOTE_LOG_COPY_DISABLE_CONFIG, Type.BOOLEAN, false, Importance.LOW,
            TopicConfig.REMOTE_LOG_COPY_DISABLE_DOC)
        .define(TopicConfig.REMOTE_LOG_DELETE_ON_DISABLE_CONFIG, Type.BOOLEAN, false, Importance.LOW,
            TopicConfig.REMOTE_LOG_DELETE_ON_DISABLE_DOC)
        .define(TopicConfig.REMOTE_COPY_LAG_MS_CONFIG, Type.LONG, 0L, atLeast(-1), Importance.LOW,
            TopicConfig.REMOTE_COPY_LAG_MS_DOC)
        .define(TopicConfig.REMOTE_COPY_LAG_BYTES_CONFIG, Type.LONG, -1L, atLeast(-1), Importance.LOW,
            TopicConfig.REMOTE_COPY_LAG_BYTES_DOC)
        .define(STORAGE_CONFIG, Type.STRING, STORAGE_DISK, in(STORAGE_DISK, STORAGE_MEMORY), Importance.MEDIUM,
            "Freshet: where the topic's records are kept. disk: segment files, fsynced before acks=all is answered. "
                + "memory: a ring of at most retention.bytes (default 64 MiB) per partition, never written to disk; "
                + "acks are answered once the record is in memory and a restart empties the topic (its offsets go on "
                + "from where they were). Cannot be changed once the topic exists.");

    /** Broker-level key (server.properties) to topic-level key, as Kafka maps them. */
    private static final Map<String, String> BROKER_KEYS = Map.ofEntries(
        Map.entry("log.segment.bytes", TopicConfig.SEGMENT_BYTES_CONFIG),
        Map.entry("log.roll.ms", TopicConfig.SEGMENT_MS_CONFIG),
        Map.entry("log.roll.jitter.ms", TopicConfig.SEGMENT_JITTER_MS_CONFIG),
        Map.entry("log.index.size.max.bytes", TopicConfig.SEGMENT_INDEX_BYTES_CONFIG),
        Map.entry("log.flush.interval.messages", TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG),
        Map.entry("log.flush.interval.ms", TopicConfig.FLUSH_MS_CONFIG),
        Map.entry("log.retention.bytes", TopicConfig.RETENTION_BYTES_CONFIG),
        Map.entry("log.retention.ms", TopicConfig.RETENTION_MS_CONFIG),
        Map.entry("message.max.bytes", TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
        Map.entry("log.index.interval.bytes", TopicConfig.INDEX_INTERVAL_BYTES_CONFIG),
        Map.entry("log.segment.delete.delay.ms", TopicConfig.FILE_DELETE_DELAY_MS_CONFIG),
        Map.entry("log.cleaner.delete.retention.ms", TopicConfig.DELETE_RETENTION_MS_CONFIG),
        Map.entry("log.cleaner.min.compaction.lag.ms", TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG),
        Map.entry("log.cleaner.max.compaction.lag.ms", TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG),
        Map.entry("log.cleaner.min.cleanable.ratio", TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG),
        Map.entry("log.cleanup.policy", TopicConfig.CLEANUP_POLICY_CONFIG),
        Map.entry("unclean.leader.election.enable", TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG),
        Map.entry("min.insync.replicas", TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
        Map.entry("compression.type", TopicConfig.COMPRESSION_TYPE_CONFIG),
        Map.entry("log.preallocate", TopicConfig.PREALLOCATE_CONFIG),
        Map.entry("log.message.timestamp.type", TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG),
        Map.entry("log.message.timestamp.before.max.ms", TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG),
        Map.entry("log.message.timestamp.after.max.ms", TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG));

    private static final LogConfig KAFKA_DEFAULTS = new LogConfig(Map.of(), Map.of());

    /** The value of every key, as strings; {@code base} is what overrides were applied to. */
    private final Map<String, String> base;
    private final Map<String, String> overrides;
    private final Map<String, Object> parsed;

    private LogConfig(Map<String, String> base, Map<String, String> overrides) {
        this.base = Collections.unmodifiableMap(new TreeMap<>(base));
        this.overrides = Collections.unmodifiableMap(new TreeMap<>(overrides));
        Map<String, String> merged = new LinkedHashMap<>(base);
        merged.putAll(overrides);
        Map<String, Object> values = parse(merged);
        boolean memory = STORAGE_MEMORY.equals(values.get(STORAGE_CONFIG));
        if (memory && !overrides.containsKey(TopicConfig.RETENTION_BYTES_CONFIG)) {
            merged.put(TopicConfig.RETENTION_BYTES_CONFIG, Long.toString(DEFAULT_MEMORY_RETENTION_BYTES));
            values = parse(merged);
        }
        this.parsed = values;
        if (memory) {
            checkMemoryTopic();
        }
    }

    private static Map<String, Object> parse(Map<String, String> values) {
        try {
            return DEF.parse(values);
        } catch (ConfigException e) {
            throw new InvalidConfigurationException(e.getMessage());
        }
    }

    /** A memory topic must stay bounded, and the cleaner works on segment files only. */
    private void checkMemoryTopic() {
        if (compact()) {
            throw new InvalidConfigurationException("cleanup.policy=compact is not supported on a memory topic ("
                + STORAGE_CONFIG + "=" + STORAGE_MEMORY + "): its ring only drops its oldest records");
        }
        if (retentionBytes() < 1) {
            throw new InvalidConfigurationException("retention.bytes=" + retentionBytes() + " is not allowed on a "
                + "memory topic (" + STORAGE_CONFIG + "=" + STORAGE_MEMORY + "): its ring must be bounded, so set a "
                + "positive size per partition (default " + DEFAULT_MEMORY_RETENTION_BYTES + ")");
        }
    }

    /** Kafka's defaults, with Freshet's documented deviations ({@code flush.ms}). */
    public static LogConfig defaults() {
        return KAFKA_DEFAULTS;
    }

    /** Every topic-level key Freshet knows. */
    public static java.util.Set<String> names() {
        return DEF.names();
    }

    /**
     * Broker-wide defaults from server properties ({@code log.segment.bytes}, {@code log.retention.hours}, ...).
     * Keys that are not log settings are ignored, since they belong to other components.
     */
    public static LogConfig fromBrokerProperties(Map<String, String> serverProps) {
        Map<String, String> base = new TreeMap<>();
        BROKER_KEYS.forEach((brokerKey, topicKey) -> {
            String value = serverProps.get(brokerKey);
            if (value != null) {
                base.put(topicKey, value.trim());
                checkBrokerValue(brokerKey, topicKey, value.trim());
            }
        });
        // Kafka's coarser aliases apply only when the finer key is absent.
        alias(serverProps, base, "log.retention.ms", "log.retention.minutes", 60_000L, TopicConfig.RETENTION_MS_CONFIG);
        alias(serverProps, base, "log.retention.ms", "log.retention.hours", 3_600_000L, TopicConfig.RETENTION_MS_CONFIG);
        alias(serverProps, base, "log.roll.ms", "log.roll.hours", 3_600_000L, TopicConfig.SEGMENT_MS_CONFIG);
        return new LogConfig(base, Map.of());
    }

    /** Validates one broker key on its own, so that an error names the key the user wrote. */
    private static void checkBrokerValue(String brokerKey, String topicKey, String value) {
        try {
            DEF.parse(Map.of(topicKey, value));
        } catch (ConfigException e) {
            throw new InvalidConfigurationException("Invalid value " + value + " for configuration " + brokerKey
                + ": " + e.getMessage().replaceFirst("^Invalid value .* for configuration \\S+:?\\s*", ""));
        }
    }

    private static void alias(Map<String, String> props, Map<String, String> base, String fineKey, String coarseKey,
                              long unitMs, String topicKey) {
        if (props.containsKey(fineKey) || base.containsKey(topicKey) || !props.containsKey(coarseKey)) {
            return;
        }
        try {
            long value = Long.parseLong(props.get(coarseKey).trim());
            base.put(topicKey, Long.toString(value < 0 ? -1 : value * unitMs));
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException("Invalid value " + props.get(coarseKey) + " for " + coarseKey
                + ": not a number");
        }
    }

    /** This config with a topic's overrides applied; unknown keys and bad values are rejected. */
    public LogConfig withOverrides(Map<String, String> topicOverrides) {
        for (String key : topicOverrides.keySet()) {
            if (!DEF.names().contains(key)) {
                throw new InvalidConfigurationException("Unknown topic config name: " + key);
            }
            if (topicOverrides.get(key) == null) {
                throw new InvalidConfigurationException("Null value for topic config " + key);
            }
        }
        return new LogConfig(base, topicOverrides);
    }

    /** The topic-level overrides only: what is persisted with a topic. */
    public Map<String, String> overrides() {
        return overrides;
    }

    /** Every key with its effective value, for DescribeConfigs. */
    public List<Entry> describe() {
        List<Entry> entries = new ArrayList<>();
        for (ConfigDef.ConfigKey key : DEF.configKeys().values()) {
            Object value = parsed.get(key.name);
            boolean fromBroker = base.containsKey(key.name)
                && !(inMemory() && key.name.equals(TopicConfig.RETENTION_BYTES_CONFIG));
            entries.add(new Entry(key.name, format(value), !overrides.containsKey(key.name), fromBroker, key.type,
                key.documentation));
        }
        return entries;
    }

    private static String format(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return value == null ? null : String.valueOf(value);
    }

    /** {@value #STORAGE_CONFIG} is {@value #STORAGE_MEMORY}: the partitions are {@link MemoryLog}s. */
    public boolean inMemory() {
        return STORAGE_MEMORY.equals(parsed.get(STORAGE_CONFIG));
    }

    public int segmentBytes() {
        return (Integer) parsed.get(TopicConfig.SEGMENT_BYTES_CONFIG);
    }

    public long segmentMs() {
        return (Long) parsed.get(TopicConfig.SEGMENT_MS_CONFIG);
    }

    public long retentionMs() {
        return (Long) parsed.get(TopicConfig.RETENTION_MS_CONFIG);
    }

    public long retentionBytes() {
        return (Long) parsed.get(TopicConfig.RETENTION_BYTES_CONFIG);
    }

    public long flushMs() {
        return (Long) parsed.get(TopicConfig.FLUSH_MS_CONFIG);
    }

    public long flushMessages() {
        return (Long) parsed.get(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG);
    }

    public int maxMessageBytes() {
        return (Integer) parsed.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
    }

    public int indexIntervalBytes() {
        return (Integer) parsed.get(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG);
    }

    /** {@code cleanup.policy} contains {@code compact}: the log cleaner keeps the latest record of each key. */
    public boolean compact() {
        return cleanupPolicy().contains(TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    /** {@code cleanup.policy} contains {@code delete}: retention by time and size applies. */
    public boolean deleteByRetention() {
        return cleanupPolicy().contains(TopicConfig.CLEANUP_POLICY_DELETE);
    }

    @SuppressWarnings("unchecked")
    private List<String> cleanupPolicy() {
        return (List<String>) parsed.get(TopicConfig.CLEANUP_POLICY_CONFIG);
    }

    public long deleteRetentionMs() {
        return (Long) parsed.get(TopicConfig.DELETE_RETENTION_MS_CONFIG);
    }

    public long minCompactionLagMs() {
        return (Long) parsed.get(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG);
    }

    public long maxCompactionLagMs() {
        return (Long) parsed.get(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG);
    }

    public double minCleanableDirtyRatio() {
        return (Double) parsed.get(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG);
    }

    public long fileDeleteDelayMs() {
        return (Long) parsed.get(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG);
    }

    public boolean preallocate() {
        return (Boolean) parsed.get(TopicConfig.PREALLOCATE_CONFIG);
    }

    /** The codec batches are stored with, or empty for {@code producer}: as the producer sent them. */
    public Optional<Compression> compression() {
        String type = (String) parsed.get(TopicConfig.COMPRESSION_TYPE_CONFIG);
        return switch (type) {
            case "producer" -> Optional.empty();
            case "uncompressed" -> Optional.of(Compression.NONE);
            case "gzip" -> Optional.of(Compression.gzip()
                .level((Integer) parsed.get(TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG)).build());
            case "lz4" -> Optional.of(Compression.lz4()
                .level((Integer) parsed.get(TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG)).build());
            case "zstd" -> Optional.of(Compression.zstd()
                .level((Integer) parsed.get(TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG)).build());
            case "snappy" -> Optional.of(Compression.snappy().build());
            default -> throw new IllegalStateException("validated compression.type " + type);
        };
    }

    public int maxDecompressedMessageBytes() {
        return (Integer) parsed.get(TopicConfig.MAX_DECOMPRESSED_MESSAGE_BYTES_CONFIG);
    }

    /** {@code errors.deadletterqueue.group.enable}: share groups may write dead letters to this topic. */
    public boolean deadLetterGroupEnable() {
        return (Boolean) parsed.get(TopicConfig.ERRORS_DEADLETTERQUEUE_GROUP_ENABLE_CONFIG);
    }

    public TimestampType timestampType() {
        return TimestampType.forName((String) parsed.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG));
    }

    public long timestampBeforeMaxMs() {
        return (Long) parsed.get(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG);
    }

    public long timestampAfterMaxMs() {
        return (Long) parsed.get(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG);
    }

    @Override
    public String toString() {
        return "LogConfig" + overrides;
    }

    /**
     * One key as DescribeConfigs shows it.
     *
     * @param isDefault      no topic override: the value comes from the broker or from Kafka's default
     * @param brokerOverride the broker's server properties set this key ({@code log.*})
     */
    public record Entry(String name, String value, boolean isDefault, boolean brokerOverride, Type type,
                        String documentation) {
    }
}
