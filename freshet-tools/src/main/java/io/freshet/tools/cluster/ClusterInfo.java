package io.freshet.tools.cluster;

import io.freshet.tools.cli.AdminConnection;
import io.freshet.tools.cli.CommandErrors;
import io.freshet.tools.cli.TextTable;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.SupportedVersionRange;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;

/**
 * What {@code freshet cluster info} shows, read before anything is printed: DescribeCluster, DescribeConfigs of one
 * broker (the lowest id), DescribeFeatures and DescribeLogDirs of every broker.
 */
record ClusterInfo(String clusterId, Optional<Node> controller, List<Node> brokers, Map<String, String> brokerConfigs,
        FeatureMetadata features, Optional<Map<Integer, Map<String, LogDirDescription>>> logDirs) {

    /** The broker keys a Freshet broker reports about the running process; Kafka has none of them. */
    static final String VERSION = "freshet.version";
    static final List<String> OTHER_LISTENERS = List.of("mqtt.listeners", "http.listeners");

    static ClusterInfo read(AdminConnection broker) {
        DescribeClusterResult cluster = broker.admin().describeCluster();
        String clusterId = broker.await("describing the cluster", cluster.clusterId());
        Node controller = broker.await("describing the cluster", cluster.controller());
        List<Node> brokers = broker.await("describing the cluster", cluster.nodes()).stream()
                .sorted(Comparator.comparingInt(Node::id)).toList();
        FeatureMetadata features = broker.await("describing features",
                broker.admin().describeFeatures().featureMetadata());
        return new ClusterInfo(clusterId, Optional.ofNullable(controller).filter(node -> !node.isEmpty()), brokers,
                brokerConfigs(broker, brokers), features,
                LogDirSizes.describe(broker, brokers.stream().map(Node::id).toList()));
    }

    /** The configs of the lowest broker id; empty if the cluster does not let us read them. */
    private static Map<String, String> brokerConfigs(AdminConnection broker, List<Node> brokers) {
        if (brokers.isEmpty()) {
            return Map.of();
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, brokers.get(0).idString());
        try {
            Config config = broker.await("describing the broker's configs",
                    broker.admin().describeConfigs(List.of(resource)).values().get(resource));
            Map<String, String> values = new TreeMap<>();
            for (ConfigEntry entry : config.entries()) {
                if (entry.value() != null && !entry.isSensitive()) {
                    values.put(entry.name(), entry.value());
                }
            }
            return values;
        } catch (ApiException e) { // e.g. no DESCRIBE_CONFIGS permission: show the rest
            return Map.of();
        }
    }

    void print(PrintWriter out) {
        section(out, "CLUSTER");
        new TextTable("ID", clusterId)
                .row("CONTROLLER", controller.map(Node::idString).orElse(null))
                .row("VERSION", brokerConfigs.containsKey(VERSION) ? "Freshet " + brokerConfigs.get(VERSION) : null)
                .print(out);
        out.println();
        section(out, "BROKERS");
        TextTable nodes = new TextTable("ID", "HOST", "PORT", "RACK");
        brokers.forEach(node -> nodes.row(node.id(), node.host(), node.port(), node.rack()));
        nodes.print(out);
        out.println();
        section(out, "LISTENERS");
        listenerTable().print(out);
        out.println();
        section(out, "FEATURES");
        featureTable().print(out);
        out.println();
        section(out, "LOG-DIRS");
        if (logDirs.isPresent()) {
            logDirs(logDirs.get()).print(out);
        } else {
            out.println("(DescribeLogDirs is not served by this cluster)");
        }
    }

    private TextTable listenerTable() {
        TextTable table = new TextTable("NAME", "ADDRESS");
        brokers.forEach(node -> table.row("kafka", node.host() + ":" + node.port()));
        for (String key : OTHER_LISTENERS) {
            String value = brokerConfigs.get(key);
            if (value != null) {
                table.row(key.substring(0, key.indexOf('.')), address(value));
            }
        }
        return table;
    }

    /** {@code MQTT://HOST:PORT,...} as HOST:PORT,...; {@code -1} (the key's way to turn a listener off) as off. */
    static String address(String listeners) {
        if (listeners.isBlank() || listeners.trim().equals("-1")) {
            return "off";
        }
        StringBuilder addresses = new StringBuilder();
        for (String listener : listeners.split(",")) {
            int scheme = listener.indexOf("://");
            addresses.append(addresses.length() == 0 ? "" : ",")
                    .append(scheme < 0 ? listener.trim() : listener.trim().substring(scheme + 3));
        }
        return addresses.toString();
    }

    private TextTable featureTable() {
        TextTable table = new TextTable("NAME", "FINALIZED", "SUPPORTED");
        Map<String, Short> finalized = new TreeMap<>();
        features.finalizedFeatures().forEach((name, range) -> finalized.put(name, range.maxVersionLevel()));
        Map<String, SupportedVersionRange> supported = new TreeMap<>(features.supportedFeatures());
        java.util.Set<String> names = new java.util.TreeSet<>(finalized.keySet());
        names.addAll(supported.keySet());
        for (String name : names) {
            SupportedVersionRange range = supported.get(name);
            table.row(name, finalized.get(name),
                    range == null ? null : range.minVersion() + "-" + range.maxVersion());
        }
        return table;
    }

    private static TextTable logDirs(Map<Integer, Map<String, LogDirDescription>> dirs) {
        TextTable table = new TextTable("BROKER", "DIR", "PARTITIONS", "SIZE", "TOTAL", "USABLE", "STATUS");
        dirs.forEach((brokerId, byPath) -> new TreeMap<>(byPath).forEach((path, dir) -> table.row(brokerId, path,
                dir.replicaInfos().size(), size(dir.replicaInfos().values()),
                dir.totalBytes().isPresent() ? dir.totalBytes().getAsLong() : null,
                dir.usableBytes().isPresent() ? dir.usableBytes().getAsLong() : null,
                dir.error() == null ? "OK" : CommandErrors.explain(dir.error()).split(":")[0])));
        return table;
    }

    private static long size(Collection<org.apache.kafka.clients.admin.ReplicaInfo> replicas) {
        return replicas.stream().mapToLong(org.apache.kafka.clients.admin.ReplicaInfo::size).sum();
    }

    private static void section(PrintWriter out, String title) {
        out.println(title);
        out.println("=".repeat(title.length()));
    }
}
