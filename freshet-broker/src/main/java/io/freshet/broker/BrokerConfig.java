package io.freshet.broker;

import io.freshet.broker.deadletter.DeadLetterConfig;
import io.freshet.broker.metadata.TopicDefaults;
import io.freshet.broker.share.ShareSessions;
import io.freshet.coordinator.group.GroupConfig;
import io.freshet.coordinator.share.ShareCoordinatorConfig;
import io.freshet.coordinator.txn.TransactionConfig;
import io.freshet.storage.log.LogConfig;
import io.freshet.storage.log.LogStore;
import io.freshet.storage.log.LogStoreConfig;
import io.freshet.security.listener.ListenerEndpoint;
import io.freshet.security.listener.Listeners;
import io.freshet.security.tls.ServerTls;
import org.apache.kafka.common.errors.InvalidConfigurationException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The broker's configuration, keyed by Kafka's own server property names so that an existing
 * {@code server.properties} mostly works unchanged. Immutable; validated once, at {@link #fromProperties}.
 *
 * <p>Keys read here: {@code listeners} ({@code NAME://host:port,...}, with {@code listener.security.protocol.map}
 * and {@code advertised.listeners}: {@link Listeners}; Kafka's inter-broker and controller listener keys are
 * accepted and have no effect) or {@code host} / {@code port}, each TLS listener's {@code ssl.*} keys
 * ({@link ServerTls}),
 * {@code log.dirs} (or {@code log.dir}, one directory), {@code node.id} (or {@code broker.id}),
 * {@code num.partitions}, {@code auto.create.topics.enable}, {@code freshet.memory.topic.prefix},
 * {@code socket.request.max.bytes},
 * {@code fetch.max.bytes}, {@code group.share.max.share.sessions}, {@code log.dir.min.free.bytes},
 * {@code log.zero.fill.ahead.bytes}, {@code log.segment.open.files.max}, the group
 * coordinator's {@code group.*} and
 * {@code offset.metadata.max.bytes}
 * ({@link #groupConfig()}), share groups' {@code group.share.*} ({@link #shareGroupDefaults()}), the transaction
 * coordinator's {@code transaction.max.timeout.ms},
 * {@code transaction.abort.timed.out.transaction.cleanup.interval.ms} and {@code transactional.id.expiration.ms}
 * (accepted, not enforced) ({@link #transactionConfig()}), the share groups' dead-letter keys
 * {@code errors.deadletterqueue.topic.name.prefix} and {@code errors.deadletterqueue.auto.create.topics.enable}
 * ({@link #deadLetterConfig()}); every {@code log.*} default and {@code message.max.bytes} are read by
 * {@link LogConfig#fromBrokerProperties}. Other keys are kept (DescribeConfigs shows them) and otherwise ignored.
 */
public final class BrokerConfig {

    public static final String LISTENERS = "listeners";
    public static final String ADVERTISED_LISTENERS = "advertised.listeners";
    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String LOG_DIRS = "log.dirs";
    public static final String LOG_DIR = "log.dir";
    public static final String NODE_ID = "node.id";
    public static final String BROKER_ID = "broker.id";
    public static final String NUM_PARTITIONS = "num.partitions";
    /** Reported, not read: one broker, so a topic created without a replication factor always gets 1. */
    public static final String DEFAULT_REPLICATION_FACTOR = "default.replication.factor";
    public static final String AUTO_CREATE_TOPICS_ENABLE = "auto.create.topics.enable";
    public static final String SOCKET_REQUEST_MAX_BYTES = "socket.request.max.bytes";
    public static final String FETCH_MAX_BYTES = "fetch.max.bytes";
    public static final String GROUP_MIN_SESSION_TIMEOUT_MS = "group.min.session.timeout.ms";
    public static final String GROUP_MAX_SESSION_TIMEOUT_MS = "group.max.session.timeout.ms";
    public static final String GROUP_INITIAL_REBALANCE_DELAY_MS = "group.initial.rebalance.delay.ms";
    public static final String GROUP_MAX_SIZE = "group.max.size";
    public static final String OFFSET_METADATA_MAX_BYTES = "offset.metadata.max.bytes";
    public static final String GROUP_CONSUMER_SESSION_TIMEOUT_MS = "group.consumer.session.timeout.ms";
    public static final String GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS = "group.consumer.heartbeat.interval.ms";
    public static final String GROUP_CONSUMER_ASSIGNORS = "group.consumer.assignors";
    public static final String OFFSETS_RETENTION_MINUTES = "offsets.retention.minutes";
    public static final String OFFSETS_RETENTION_CHECK_INTERVAL_MS = "offsets.retention.check.interval.ms";
    public static final String LOG_CLEANER_ENABLE = "log.cleaner.enable";
    public static final String LOG_CLEANER_BACKOFF_MS = "log.cleaner.backoff.ms";
    /** Free space produce requests may not use, kept for the broker's own state (Freshet's key; Kafka has none). */
    public static final String LOG_DIR_MIN_FREE_BYTES = "log.dir.min.free.bytes";
    /**
     * How far ahead of the data a fsynced partition's active segment is kept written with zeros, so that an acks=all
     * fdatasync does not commit the journal for the file's growth (Freshet's key; 0: off; unset: 4 MiB on a
     * journaled file system, else 0).
     */
    public static final String LOG_ZERO_FILL_AHEAD_BYTES = "log.zero.fill.ahead.bytes";
    /** Freshet's own: the size of the fsync pool (fsyncs of different partitions in flight at once). */
    public static final String LOG_FLUSH_THREADS = "log.flush.threads";
    /**
     * Freshet's own: how many segment files may be open at once; the least recently used one whose data is all
     * fsynced is closed past it and reopened on use (unset: half of the process's open-file limit).
     */
    public static final String LOG_SEGMENT_OPEN_FILES_MAX = "log.segment.open.files.max";
    public static final String TRANSACTION_MAX_TIMEOUT_MS = "transaction.max.timeout.ms";
    public static final String TRANSACTION_ABORT_CHECK_INTERVAL_MS =
        "transaction.abort.timed.out.transaction.cleanup.interval.ms";
    /** Accepted and kept; transactional ids are not expired yet. */
    public static final String TRANSACTIONAL_ID_EXPIRATION_MS = "transactional.id.expiration.ms";
    /** Share sessions this broker holds at most (Kafka's key and default, 2000). */
    public static final String SHARE_MAX_SESSIONS = "group.share.max.share.sessions";
    /**
     * Freshet's key (default true): false keeps no metrics registry, records nothing on the hot paths, and
     * {@code GET /metrics} answers 404.
     */
    public static final String METRICS_ENABLED = "metrics.enabled";
    /** Auto-created topics whose names start with this are memory topics (Freshet's key; empty: none). */
    public static final String MEMORY_TOPIC_PREFIX = "freshet.memory.topic.prefix";

    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 9092;
    static final String DEFAULT_DATA_DIR = "./data";
    static final int DEFAULT_SOCKET_REQUEST_MAX_BYTES = 104_857_600;
    /** Kafka's broker default (55 MiB): caps a fetch response whatever the client asks for. */
    static final int DEFAULT_FETCH_MAX_BYTES = 57_671_680;

    private final Listeners listeners;
    private final String host;
    private final int port;
    private final Map<String, ServerTls> serverTls;
    private final Path dataDir;
    private final int nodeId;
    private final int numPartitions;
    private final boolean autoCreateTopicsEnable;
    private final boolean metricsEnabled;
    private final String memoryTopicPrefix;
    private final int socketRequestMaxBytes;
    private final int fetchMaxBytes;
    private final int shareMaxSessions;
    private final LogConfig logDefaults;
    private final long cleanerBackoffMs;
    private final long minFreeBytes;
    private final int zeroFillAheadBytes;
    private final int flushThreads;
    private final int openSegmentFilesMax;
    private final GroupConfig groupConfig;
    private final TransactionConfig transactionConfig;
    private final DeadLetterConfig deadLetterConfig;
    private final ShareCoordinatorConfig shareCoordinatorConfig;
    private final ShareGroupDefaults shareGroupDefaults;
    private final Map<String, String> properties;

    private BrokerConfig(Map<String, String> props) {
        this.properties = Collections.unmodifiableMap(new TreeMap<>(props));
        this.listeners = listeners(props);
        this.host = listeners.first().host();
        this.port = listeners.first().port();
        this.serverTls = serverTls(listeners, props);
        this.dataDir = dataDir(props);
        this.nodeId = intValue(props.containsKey(NODE_ID) ? NODE_ID : BROKER_ID,
            props.getOrDefault(NODE_ID, props.getOrDefault(BROKER_ID, "1")), 0, Integer.MAX_VALUE);
        this.numPartitions = intValue(NUM_PARTITIONS, props.getOrDefault(NUM_PARTITIONS, "1"), 1, 100_000);
        this.autoCreateTopicsEnable = booleanValue(props, AUTO_CREATE_TOPICS_ENABLE, true);
        this.metricsEnabled = booleanValue(props, METRICS_ENABLED, true);
        this.memoryTopicPrefix = memoryTopicPrefix(props);
        this.socketRequestMaxBytes = intValue(SOCKET_REQUEST_MAX_BYTES,
            props.getOrDefault(SOCKET_REQUEST_MAX_BYTES, Integer.toString(DEFAULT_SOCKET_REQUEST_MAX_BYTES)),
            1024, Integer.MAX_VALUE - 4);
        this.fetchMaxBytes = intValue(FETCH_MAX_BYTES,
            props.getOrDefault(FETCH_MAX_BYTES, Integer.toString(DEFAULT_FETCH_MAX_BYTES)), 1024, Integer.MAX_VALUE);
        this.shareMaxSessions = intValue(SHARE_MAX_SESSIONS, props.getOrDefault(SHARE_MAX_SESSIONS,
            Integer.toString(ShareSessions.DEFAULT_MAX_SESSIONS)), 1, 1_000_000);
        this.groupConfig = groupConfig(props);
        boolean cleanerEnabled = booleanValue(props, LOG_CLEANER_ENABLE, true);
        long backoff = intValue(LOG_CLEANER_BACKOFF_MS, props.getOrDefault(LOG_CLEANER_BACKOFF_MS,
            Long.toString(LogStore.DEFAULT_CLEANER_BACKOFF_MS)), 1, Integer.MAX_VALUE);
        this.cleanerBackoffMs = cleanerEnabled ? backoff : 0;
        this.minFreeBytes = longValue(LOG_DIR_MIN_FREE_BYTES, props.getOrDefault(LOG_DIR_MIN_FREE_BYTES,
            Long.toString(LogStoreConfig.DEFAULT_MIN_FREE_BYTES)), 0, Long.MAX_VALUE);
        // Unset: 4 MiB on a journaled file system, 0 elsewhere (FileSystemJournal says why).
        this.zeroFillAheadBytes = props.containsKey(LOG_ZERO_FILL_AHEAD_BYTES)
            ? intValue(LOG_ZERO_FILL_AHEAD_BYTES, props.get(LOG_ZERO_FILL_AHEAD_BYTES), 0, 1 << 30)
            : LogStoreConfig.defaultZeroFillAheadBytes(dataDir);
        this.flushThreads = intValue(LOG_FLUSH_THREADS, props.getOrDefault(LOG_FLUSH_THREADS,
            Integer.toString(LogStoreConfig.DEFAULT_FLUSH_THREADS)), 1, 256);
        this.openSegmentFilesMax = intValue(LOG_SEGMENT_OPEN_FILES_MAX, props.getOrDefault(LOG_SEGMENT_OPEN_FILES_MAX,
            Integer.toString(LogStoreConfig.DEFAULT_OPEN_SEGMENT_FILES_MAX)), 1, Integer.MAX_VALUE);
        this.transactionConfig = transactionConfig(props);
        this.deadLetterConfig = DeadLetterConfig.fromProperties(props);
        this.shareGroupDefaults = ShareGroupDefaults.fromProperties(props);
        // group.share.partition.max.record.locks, read once with the other group.share.* keys and their bounds
        this.shareCoordinatorConfig = new ShareCoordinatorConfig(
            shareGroupDefaults.partitionMaxRecordLocks().value(), ShareCoordinatorConfig.defaults().checkpointBytes());
        try {
            this.logDefaults = LogConfig.fromBrokerProperties(props);
        } catch (InvalidConfigurationException e) {
            throw new IllegalArgumentException("Invalid log configuration: " + e.getMessage(), e);
        }
    }

    /**
     * Reads and validates a configuration.
     *
     * @throws IllegalArgumentException naming the offending key when a value is missing, malformed or out of range
     */
    public static BrokerConfig fromProperties(Map<String, String> props) {
        Map<String, String> trimmed = new LinkedHashMap<>();
        props.forEach((k, v) -> {
            if (k != null && v != null) {
                trimmed.put(k.trim(), v.trim());
            }
        });
        return new BrokerConfig(trimmed);
    }

    /** The group coordinator's settings under Kafka's names; Kafka's defaults for the keys not given. */
    private static GroupConfig groupConfig(Map<String, String> props) {
        GroupConfig d = GroupConfig.defaults();
        int minSession = intValue(GROUP_MIN_SESSION_TIMEOUT_MS,
            props.getOrDefault(GROUP_MIN_SESSION_TIMEOUT_MS, Integer.toString(d.minSessionTimeoutMs())), 1,
            Integer.MAX_VALUE);
        int maxSession = intValue(GROUP_MAX_SESSION_TIMEOUT_MS,
            props.getOrDefault(GROUP_MAX_SESSION_TIMEOUT_MS, Integer.toString(d.maxSessionTimeoutMs())), minSession,
            Integer.MAX_VALUE);
        int initialDelay = intValue(GROUP_INITIAL_REBALANCE_DELAY_MS,
            props.getOrDefault(GROUP_INITIAL_REBALANCE_DELAY_MS, Integer.toString(d.initialRebalanceDelayMs())), 0,
            Integer.MAX_VALUE);
        int maxSize = intValue(GROUP_MAX_SIZE,
            props.getOrDefault(GROUP_MAX_SIZE, Integer.toString(d.maxGroupSize())), 1, Integer.MAX_VALUE);
        int metadataMax = intValue(OFFSET_METADATA_MAX_BYTES,
            props.getOrDefault(OFFSET_METADATA_MAX_BYTES, Integer.toString(d.offsetMetadataMaxBytes())), 0,
            Integer.MAX_VALUE);
        int consumerSession = intValue(GROUP_CONSUMER_SESSION_TIMEOUT_MS,
            props.getOrDefault(GROUP_CONSUMER_SESSION_TIMEOUT_MS, Integer.toString(d.consumerSessionTimeoutMs())),
            1, Integer.MAX_VALUE);
        int consumerHeartbeat = intValue(GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS,
            props.getOrDefault(GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS,
                Integer.toString(d.consumerHeartbeatIntervalMs())), 1, Integer.MAX_VALUE);
        if (consumerHeartbeat >= consumerSession) {
            throw new IllegalArgumentException(GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS + ": " + consumerHeartbeat
                + " must be less than " + GROUP_CONSUMER_SESSION_TIMEOUT_MS + " (" + consumerSession + ")");
        }
        List<String> assignors = props.containsKey(GROUP_CONSUMER_ASSIGNORS)
            ? List.of(props.get(GROUP_CONSUMER_ASSIGNORS).split("\\s*,\\s*")) : d.consumerAssignors();
        for (String assignor : assignors) {
            if (!d.consumerAssignors().contains(assignor)) {
                throw new IllegalArgumentException(GROUP_CONSUMER_ASSIGNORS + ": unknown assignor '" + assignor
                    + "' (known: " + String.join(", ", d.consumerAssignors()) + ")");
            }
        }
        long retentionMinutes = intValue(OFFSETS_RETENTION_MINUTES, props.getOrDefault(OFFSETS_RETENTION_MINUTES,
            Long.toString(d.offsetsRetentionMs() / 60_000)), 1, Integer.MAX_VALUE);
        long retentionCheckMs = intValue(OFFSETS_RETENTION_CHECK_INTERVAL_MS, props.getOrDefault(
            OFFSETS_RETENTION_CHECK_INTERVAL_MS, Long.toString(d.offsetsRetentionCheckMs())), 1, Integer.MAX_VALUE);
        return new GroupConfig(minSession, maxSession, initialDelay, maxSize, metadataMax, consumerSession,
            consumerHeartbeat, assignors, d.checkpointBytes(), retentionMinutes * 60_000, retentionCheckMs);
    }

    /** The transaction coordinator's settings under Kafka's names; Kafka's defaults for the keys not given. */
    private static TransactionConfig transactionConfig(Map<String, String> props) {
        TransactionConfig d = TransactionConfig.defaults();
        int maxTimeout = intValue(TRANSACTION_MAX_TIMEOUT_MS,
            props.getOrDefault(TRANSACTION_MAX_TIMEOUT_MS, Integer.toString(d.maxTimeoutMs())), 1, Integer.MAX_VALUE);
        int checkInterval = intValue(TRANSACTION_ABORT_CHECK_INTERVAL_MS,
            props.getOrDefault(TRANSACTION_ABORT_CHECK_INTERVAL_MS, Long.toString(d.abortCheckIntervalMs())), 1,
            Integer.MAX_VALUE);
        int expiration = intValue(TRANSACTIONAL_ID_EXPIRATION_MS,
            props.getOrDefault(TRANSACTIONAL_ID_EXPIRATION_MS, Long.toString(d.idExpirationMs())), 1,
            Integer.MAX_VALUE);
        return new TransactionConfig(maxTimeout, checkInterval, expiration, d.retryBackoffMs(), d.checkpointBytes());
    }

    /** A prefix of topic names, so only the characters a topic name may have; empty: no memory topics by name. */
    private static String memoryTopicPrefix(Map<String, String> props) {
        String prefix = props.getOrDefault(MEMORY_TOPIC_PREFIX, "");
        if (!prefix.isEmpty() && !prefix.matches("[a-zA-Z0-9._-]{1,248}")) {
            throw new IllegalArgumentException(MEMORY_TOPIC_PREFIX + ": '" + prefix + "' cannot start a topic name "
                + "(letters, digits, '.', '_' and '-' only)");
        }
        return prefix;
    }

    /**
     * The Kafka listeners: {@code listeners} (with {@code listener.security.protocol.map} and
     * {@code advertised.listeners}), or when it is absent Kafka's old {@code host} / {@code port} keys as one
     * PLAINTEXT listener.
     */
    private static Listeners listeners(Map<String, String> props) {
        String value = props.get(LISTENERS);
        if (value == null || value.isEmpty()) {
            String host = props.getOrDefault(HOST, DEFAULT_HOST);
            int port = intValue(PORT, props.getOrDefault(PORT, Integer.toString(DEFAULT_PORT)), 0, 65_535);
            value = "PLAINTEXT://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
        return Listeners.parse(value, props.get(ADVERTISED_LISTENERS), props.get(Listeners.SECURITY_PROTOCOL_MAP),
            DEFAULT_HOST, props.get("controller.listener.names"));
    }

    /**
     * Each TLS listener's engines, built now so that a bad keystore, password or protocol is a start-up error naming
     * its key rather than a failed handshake later.
     */
    private static Map<String, ServerTls> serverTls(Listeners listeners, Map<String, String> props) {
        Map<String, ServerTls> tls = new LinkedHashMap<>();
        for (ListenerEndpoint listener : listeners.listeners()) {
            if (listener.tls()) {
                tls.put(listener.name(), ServerTls.forListener(listener.name(), props));
            }
        }
        return Collections.unmodifiableMap(tls);
    }

    private static Path dataDir(Map<String, String> props) {
        String dirs = props.getOrDefault(LOG_DIRS, props.getOrDefault(LOG_DIR, DEFAULT_DATA_DIR));
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException(LOG_DIRS + ": must name a directory");
        }
        if (dirs.contains(",")) {
            throw new IllegalArgumentException(LOG_DIRS + ": only one data directory is supported, got '" + dirs + "'");
        }
        return Path.of(dirs);
    }

    private static int intValue(String key, String value, int min, int max) {
        return (int) longValue(key, value, min, max);
    }

    private static long longValue(String key, String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not an integer: '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(key + ": " + parsed + " is out of range [" + min + ", " + max + "]");
        }
        return parsed;
    }

    private static boolean booleanValue(Map<String, String> props, String key, boolean defaultValue) {
        String value = props.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(key + ": expected true or false, got '" + value + "'");
    }

    /** The transaction coordinator's settings. */
    public TransactionConfig transactionConfig() {
        return transactionConfig;
    }

    /** Share groups' dead letters: the topic name prefix and auto-creation (Kafka 4.4's broker keys). */
    public DeadLetterConfig deadLetterConfig() {
        return deadLetterConfig;
    }

    /** The share coordinator's settings ({@code group.share.partition.max.record.locks}). */
    public ShareCoordinatorConfig shareCoordinatorConfig() {
        return shareCoordinatorConfig;
    }

    /** The group coordinator's settings. */
    public GroupConfig groupConfig() {
        return groupConfig;
    }

    /** The first listener's interface (the one {@code --port} sets). */
    public String host() {
        return host;
    }

    /** The first listener's port; 0 picks an ephemeral one (see {@link FreshetBroker#boundPort()}). */
    public int port() {
        return port;
    }

    /** Every Kafka listener, in the order of {@code listeners}. */
    public List<ListenerEndpoint> listeners() {
        return listeners.listeners();
    }

    /**
     * What Metadata and FindCoordinator tell a client that came in on {@code bound}'s listener:
     * {@code advertised.listeners}' entry for it, else where it is bound ({@code bound} carries the bound port).
     */
    public ListenerEndpoint advertised(ListenerEndpoint bound) {
        return listeners.advertised(bound.name()).orElse(bound);
    }

    /** The TLS of a listener whose protocol is SSL or SASL_SSL; empty for the others. */
    public Optional<ServerTls> serverTls(String listenerName) {
        return Optional.ofNullable(serverTls.get(listenerName));
    }

    /** The host Metadata tells clients of the first listener to connect to: its advertised host, else the bind host. */
    public String advertisedHost() {
        return listeners.advertised(listeners.first().name()).map(ListenerEndpoint::host).orElse(host);
    }

    /** The first listener's advertised port, or its bound port when {@code advertised.listeners} does not set one. */
    public int advertisedPort(int boundPort) {
        return listeners.advertised(listeners.first().name()).map(ListenerEndpoint::port).orElse(boundPort);
    }

    public Path dataDir() {
        return dataDir;
    }

    public int nodeId() {
        return nodeId;
    }

    /** Partitions of an auto-created topic, and of CreateTopics with {@code numPartitions = -1}. */
    public int numPartitions() {
        return numPartitions;
    }

    public boolean autoCreateTopicsEnable() {
        return autoCreateTopicsEnable;
    }

    /** {@code metrics.enabled}: whether the server keeps a metrics registry and the broker records into it. */
    public boolean metricsEnabled() {
        return metricsEnabled;
    }

    /** {@code freshet.memory.topic.prefix}: auto-created topics named with it are memory topics; empty: none. */
    public String memoryTopicPrefix() {
        return memoryTopicPrefix;
    }

    /** What a topic gets when its creator does not say: log defaults, partitions, auto-creation, memory prefix. */
    public TopicDefaults topicDefaults() {
        return new TopicDefaults(logDefaults, numPartitions, autoCreateTopicsEnable, memoryTopicPrefix);
    }

    /** Largest request frame accepted, excluding its 4-byte size prefix; a larger one closes the connection. */
    public int socketRequestMaxBytes() {
        return socketRequestMaxBytes;
    }

    public int fetchMaxBytes() {
        return fetchMaxBytes;
    }

    /** {@code group.share.max.share.sessions}: a ShareFetch opening one more is SHARE_SESSION_LIMIT_REACHED. */
    public int shareMaxSessions() {
        return shareMaxSessions;
    }

    /** Topic-level defaults derived from the broker's {@code log.*} keys. */
    public LogConfig logDefaults() {
        return logDefaults;
    }

    /** Pause between passes of the log cleaner ({@code log.cleaner.backoff.ms}); 0 when {@code log.cleaner.enable=false}. */
    public long cleanerBackoffMs() {
        return cleanerBackoffMs;
    }

    /**
     * {@code log.dir.min.free.bytes}: produce requests are refused (KAFKA_STORAGE_ERROR) rather than leave less
     * free space than this in the data directory; the coordinators and the broker's own files may use it.
     */
    public long minFreeBytes() {
        return minFreeBytes;
    }

    /** The storage settings: retention check, cleaner, free-space reserve. */
    public LogStoreConfig logStoreConfig() {
        return LogStoreConfig.defaults().withCleanerBackoffMs(cleanerBackoffMs).withMinFreeBytes(minFreeBytes)
            .withZeroFillAheadBytes(zeroFillAheadBytes)
            .withFlushThreads(flushThreads)
            .withOpenSegmentFilesMax(openSegmentFilesMax);
    }

    /** Share groups' defaults and the bounds of their group configs ({@code group.share.*}). */
    public ShareGroupDefaults shareGroupDefaults() {
        return shareGroupDefaults;
    }

    /** The properties as given (trimmed), for DescribeConfigs on the broker resource. */
    public Map<String, String> properties() {
        return properties;
    }

    /**
     * Every broker key with its effective value, for DescribeConfigs on the broker resource: the keys this class
     * reads, then any other key the operator set.
     */
    public List<BrokerConfigEntry> describe() {
        List<BrokerConfigEntry> entries = new ArrayList<>();
        addEntry(entries, LISTENERS, listeners.toString(), "The listeners clients connect to.");
        addEntry(entries, LOG_DIRS, dataDir.toString(), "The directory holding the topic catalog and partition logs.");
        addEntry(entries, NODE_ID, Integer.toString(nodeId), "This broker's node id.");
        addEntry(entries, NUM_PARTITIONS, Integer.toString(numPartitions), "Default number of partitions per topic.");
        addEntry(entries, DEFAULT_REPLICATION_FACTOR, "1",
            "Replication factor of a topic created without one: one broker, so 1 (what Kafka clients and tools read).");
        addEntry(entries, AUTO_CREATE_TOPICS_ENABLE, Boolean.toString(autoCreateTopicsEnable),
            "Create a topic on first use by Metadata or Produce.");
        addEntry(entries, MEMORY_TOPIC_PREFIX, memoryTopicPrefix,
            "Topics auto-created with a name starting with this are memory topics (freshet.storage=memory); "
                + "empty: none.");
        addEntry(entries, SOCKET_REQUEST_MAX_BYTES, Integer.toString(socketRequestMaxBytes),
            "Largest request accepted; a larger one closes the connection.");
        addEntry(entries, FETCH_MAX_BYTES, Integer.toString(fetchMaxBytes), "Largest fetch response.");
        addEntry(entries, SHARE_MAX_SESSIONS, Integer.toString(shareMaxSessions),
            "The maximum number of share sessions per broker.");
        addEntry(entries, LOG_DIR_MIN_FREE_BYTES, Long.toString(minFreeBytes),
            "Free space produce requests may not use; kept for the broker's own state.");
        addEntry(entries, LOG_FLUSH_THREADS, Integer.toString(flushThreads),
            "Threads that fsync: fsyncs of different partitions in flight at once.");
        addEntry(entries, LOG_ZERO_FILL_AHEAD_BYTES, Integer.toString(zeroFillAheadBytes),
            "How far ahead of the data a fsynced partition's active segment is kept written with zeros; 0: off.");
        addEntry(entries, LOG_SEGMENT_OPEN_FILES_MAX, Integer.toString(openSegmentFilesMax),
            "Segment files open at once at most; past it the least recently used fsynced one is closed, reopened on "
                + "use.");
        addEntry(entries, METRICS_ENABLED, Boolean.toString(metricsEnabled),
            "Keep a metrics registry and serve it at GET /metrics on the HTTP listener; false records nothing.");
        addEntry(entries, DeadLetterConfig.TOPIC_NAME_PREFIX, deadLetterConfig.topicNamePrefix(),
            "The required prefix of share groups' dead-letter topic names; empty: any name.");
        addEntry(entries, DeadLetterConfig.AUTO_CREATE_TOPICS_ENABLE,
            Boolean.toString(deadLetterConfig.autoCreateTopicsEnable()),
            "Create a share group's missing dead-letter topic on its first dead letter.");
        properties.forEach((key, value) -> {
            if (entries.stream().noneMatch(e -> e.name().equals(key))) {
                entries.add(new BrokerConfigEntry(key, value, false, null));
            }
        });
        return entries;
    }

    private void addEntry(List<BrokerConfigEntry> entries, String key, String value, String doc) {
        boolean isDefault = !properties.containsKey(key)
            && !(key.equals(LISTENERS) && (properties.containsKey(HOST) || properties.containsKey(PORT)))
            && !(key.equals(LOG_DIRS) && properties.containsKey(LOG_DIR))
            && !(key.equals(NODE_ID) && properties.containsKey(BROKER_ID));
        entries.add(new BrokerConfigEntry(key, value, isDefault, doc));
    }

    /** One broker key as DescribeConfigs shows it; {@code isDefault} means the operator did not set it. */
    public record BrokerConfigEntry(String name, String value, boolean isDefault, String documentation) {
    }

    @Override
    public String toString() {
        return "BrokerConfig{listeners=" + listeners + ", dataDir=" + dataDir + ", nodeId=" + nodeId + "}";
    }
}
