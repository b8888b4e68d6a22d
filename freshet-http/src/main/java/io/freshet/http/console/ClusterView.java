package io.freshet.http.console;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeFeaturesOptions;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /console/api/cluster}: the cluster as DescribeCluster and DescribeFeatures (ApiVersions) tell it, the
 * addresses of this server's listeners, and the version: what a Freshet broker reports as its {@code freshet.version}
 * config, else this console's own (Kafka's protocol has no way to ask a broker for its release). Completes on the
 * Admin client's thread.
 */
final class ClusterView {

    record BrokerView(int id, String host, int port) {
    }

    /** {@code mqtt} is null when the server runs no MQTT listener. */
    record Listeners(String kafka, String http, String mqtt) {
    }

    record Cluster(String clusterId, String version, List<BrokerView> brokers, Integer controllerId,
                   Listeners listeners, Map<String, Integer> features) {
    }

    private static final String VERSION = readVersion();
    private static final String BROKER_VERSION = "freshet.version";

    private final ConsoleClients clients;
    private final Optional<String> kafkaListener;
    private final Optional<MqttClients> mqtt;

    ClusterView(ConsoleClients clients, Optional<String> kafkaListener, Optional<MqttClients> mqtt) {
        this.clients = clients;
        this.kafkaListener = kafkaListener;
        this.mqtt = mqtt;
    }

    /** @param httpListener the address the request came in on ({@code host:port}) */
    CompletableFuture<Cluster> get(String httpListener) {
        return clients.admin().thenCompose(admin -> describe(admin, httpListener));
    }

    private CompletableFuture<Cluster> describe(Admin admin, String httpListener) {
        DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions()
            .timeoutMs(ConsoleClients.TIMEOUT_MS));
        CompletableFuture<String> id = AdminFutures.of(cluster.clusterId());
        CompletableFuture<List<BrokerView>> brokers = AdminFutures.of(cluster.nodes()).thenApply(nodes ->
            nodes.stream().sorted(Comparator.comparingInt(Node::id))
                .map(n -> new BrokerView(n.id(), n.host(), n.port())).toList());
        CompletableFuture<Integer> controller = AdminFutures.of(cluster.controller())
            .thenApply(node -> node == null || node.isEmpty() ? null : node.id());
        CompletableFuture<Map<String, Integer>> features = features(admin);
        CompletableFuture<String> version = brokers.thenCompose(nodes -> version(admin, nodes));
        Listeners listeners = new Listeners(kafkaListener.orElse(null), httpListener,
            mqtt.flatMap(MqttClients::listenerAddress).orElse(null));
        return CompletableFuture.allOf(id, controller, features, version).thenApply(v -> new Cluster(id.join(),
            version.join(), brokers.join(), controller.join(), listeners, features.join()));
    }

    /**
     * The release a Freshet broker reports among its broker configs ({@code freshet.version}, DescribeConfigs);
     * this console's own when the broker does not say (a Kafka broker has no such key).
     */
    private static CompletableFuture<String> version(Admin admin, List<BrokerView> brokers) {
        if (brokers.isEmpty()) {
            return CompletableFuture.completedFuture(VERSION);
        }
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(brokers.get(0).id()));
        return AdminFutures.of(admin.describeConfigs(List.of(broker),
                new DescribeConfigsOptions().timeoutMs(ConsoleClients.TIMEOUT_MS)).values().get(broker))
            .thenApply(config -> {
                ConfigEntry entry = config.get(BROKER_VERSION);
                return entry == null || entry.value() == null ? VERSION : entry.value();
            })
            .exceptionally(e -> VERSION);
    }

    /** Finalized feature levels by name; none when the broker does not say. */
    private static CompletableFuture<Map<String, Integer>> features(Admin admin) {
        return AdminFutures.of(admin.describeFeatures(new DescribeFeaturesOptions()
                .timeoutMs(ConsoleClients.TIMEOUT_MS)).featureMetadata())
            .thenApply(metadata -> {
                Map<String, Integer> levels = new TreeMap<>();
                for (Map.Entry<String, FinalizedVersionRange> feature : metadata.finalizedFeatures().entrySet()) {
                    levels.put(feature.getKey(), (int) feature.getValue().maxVersionLevel());
                }
                return (Map<String, Integer>) new LinkedHashMap<>(levels);
            })
            .exceptionally(e -> Map.of());
    }

    /** The version Maven wrote into the console's version.properties at build time. */
    private static String readVersion() {
        try (InputStream in = ClusterView.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
