package io.freshet.broker.metadata;

import io.freshet.broker.ShareGroupDefaults;
import io.freshet.coordinator.group.share.ShareGroupTimeouts;
import io.freshet.coordinator.share.ShareGroupSettings;
import io.freshet.storage.file.StorageIo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Every group's dynamic configs (ConfigResource type GROUP): the overrides set with IncrementalAlterConfigs, kept in
 * {@code group-configs.json} ({@link GroupConfigFile}), over the broker's defaults ({@link GroupConfigDefs}).
 * The share coordinator reads a group's {@link ShareGroupSettings} and the group coordinator its session timeout and
 * heartbeat interval from here, on their own threads, often: reads are one lookup in an immutable map published
 * through a volatile field. Changes are serialized ({@code synchronized}) and written to disk before they are
 * published; callers run them off the event loops (they fsync).
 */
public final class GroupConfigs implements ShareGroupSettings.Source, ShareGroupTimeouts {

    /** One config of a group as DescribeConfigs shows it; {@code overridden}: set for this group. */
    public record Entry(String name, String value, boolean overridden, GroupConfigDefs.Def def) {
    }

    private final StorageIo io;
    private final Path file;
    private final GroupConfigDefs defs;
    private final ShareGroupSettings defaultSettings;
    private final int defaultSessionTimeoutMs;
    private final int defaultHeartbeatIntervalMs;
    private volatile Map<String, Map<String, String>> overrides;
    private volatile Map<String, ShareGroupSettings> settings;

    private GroupConfigs(StorageIo io, Path file, ShareGroupDefaults defaults,
                         Map<String, Map<String, String>> overrides) {
        this.io = io;
        this.file = file;
        this.defs = new GroupConfigDefs(defaults);
        this.defaultSessionTimeoutMs = defaults.sessionTimeoutMs().value();
        this.defaultHeartbeatIntervalMs = defaults.heartbeatIntervalMs().value();
        this.defaultSettings = toSettings(Map.of());
        publish(overrides);
    }

    /** Reads the data directory's group configs (none when the file does not exist). */
    public static GroupConfigs open(StorageIo io, Path dataDir, ShareGroupDefaults defaults) throws IOException {
        Path file = GroupConfigFile.path(dataDir);
        return new GroupConfigs(io, file, defaults, GroupConfigFile.read(file));
    }

    public GroupConfigDefs defs() {
        return defs;
    }

    /** Every config of a group (one that does not exist has the defaults, as in Kafka). */
    public List<Entry> describe(String groupId) {
        Map<String, String> set = overrides.getOrDefault(groupId, Map.of());
        List<Entry> entries = new ArrayList<>();
        for (GroupConfigDefs.Def def : defs.all()) {
            String value = set.get(def.name());
            entries.add(new Entry(def.name(), value == null ? def.defaultValue() : value, value != null, def));
        }
        return entries;
    }

    /** The group's overrides now. */
    public Map<String, String> overrides(String groupId) {
        return overrides.getOrDefault(groupId, Map.of());
    }

    /**
     * Replaces a group's overrides by {@code change.apply(current)}, every value validated first (nothing changes
     * when one is bad), then written to disk and published. Blocks on the file write: call it off the event loops.
     *
     * @throws org.apache.kafka.common.errors.InvalidConfigurationException for an unknown name or a bad value
     */
    public synchronized void alter(String groupId, UnaryOperator<Map<String, String>> change, boolean validateOnly) {
        Map<String, String> next = new TreeMap<>(change.apply(new TreeMap<>(overrides(groupId))));
        next.forEach(defs::validate);
        if (validateOnly) {
            return;
        }
        Map<String, Map<String, String>> all = new TreeMap<>(overrides);
        if (next.isEmpty()) {
            all.remove(groupId);
        } else {
            all.put(groupId, Map.copyOf(next));
        }
        try {
            GroupConfigFile.write(io, file, all);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        publish(all);
    }

    /** Forgets a deleted group's configs. */
    public void forget(String groupId) {
        if (overrides.containsKey(groupId)) {
            alter(groupId, current -> Map.of(), false);
        }
    }

    private void publish(Map<String, Map<String, String>> all) {
        Map<String, ShareGroupSettings> computed = new TreeMap<>();
        all.forEach((group, configs) -> computed.put(group, toSettings(configs)));
        this.settings = Map.copyOf(computed);
        this.overrides = Map.copyOf(all);
    }

    @Override
    public ShareGroupSettings settings(String groupId) {
        return settings.getOrDefault(groupId, defaultSettings);
    }

    @Override
    public int sessionTimeoutMs(String groupId) {
        String value = overrides(groupId).get(GroupConfigDefs.SHARE_SESSION_TIMEOUT_MS);
        return value == null ? defaultSessionTimeoutMs : Integer.parseInt(value.trim());
    }

    @Override
    public int heartbeatIntervalMs(String groupId) {
        String value = overrides(groupId).get(GroupConfigDefs.SHARE_HEARTBEAT_INTERVAL_MS);
        return value == null ? defaultHeartbeatIntervalMs : Integer.parseInt(value.trim());
    }

    private ShareGroupSettings toSettings(Map<String, String> set) {
        String dlq = value(set, GroupConfigDefs.DLQ_TOPIC_NAME);
        return new ShareGroupSettings(
            value(set, GroupConfigDefs.SHARE_AUTO_OFFSET_RESET).toLowerCase(Locale.ROOT),
            Integer.parseInt(value(set, GroupConfigDefs.SHARE_RECORD_LOCK_DURATION_MS)),
            Integer.parseInt(value(set, GroupConfigDefs.SHARE_DELIVERY_COUNT_LIMIT)),
            Boolean.parseBoolean(value(set, GroupConfigDefs.SHARE_RENEW_ACKNOWLEDGE_ENABLE)),
            dlq.isEmpty() ? null : dlq,
            Boolean.parseBoolean(value(set, GroupConfigDefs.DLQ_COPY_RECORD_ENABLE)),
            Long.parseLong(value(set, ShareGroupDefaults.RELEASE_BACKOFF_MS)),
            Long.parseLong(value(set, ShareGroupDefaults.RELEASE_BACKOFF_MAX_MS)),
            Integer.parseInt(value(set, GroupConfigDefs.SHARE_PARTITION_MAX_RECORD_LOCKS)),
            "read_committed".equalsIgnoreCase(value(set, GroupConfigDefs.SHARE_ISOLATION_LEVEL)));
    }

    private String value(Map<String, String> set, String name) {
        String value = set.get(name);
        return (value == null ? defs.get(name).orElseThrow().defaultValue() : value).trim();
    }
}
