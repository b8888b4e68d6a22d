package io.freshet.http.v3;

import io.freshet.gateway.EventLog;
import io.freshet.http.error.RestException;
import io.freshet.http.routing.HttpExchange;
import io.freshet.http.routing.Router;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v3/clusters} and {@code GET /v3/clusters/{cluster_id}}: this node's cluster, in Confluent REST v3's
 * shapes ({@code kind}, {@code metadata.self}, {@code related} links), so tools that read the cluster id first work.
 */
public final class ClustersApi {

    private final EventLog log;

    public ClustersApi(EventLog log) {
        this.log = log;
    }

    public void register(Router router) {
        router.get("/v3/clusters", this::list);
        router.get("/v3/clusters/{cluster_id}", this::get);
    }

    private void list(HttpExchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "KafkaClusterList");
        body.put("metadata", Map.of("self", exchange.baseUrl() + "/v3/clusters"));
        body.put("data", List.of(cluster(exchange.baseUrl())));
        exchange.respondJson(200, body);
    }

    private void get(HttpExchange exchange) {
        requireCluster(log, exchange.pathParam("cluster_id"));
        exchange.respondJson(200, cluster(exchange.baseUrl()));
    }

    private Map<String, Object> cluster(String baseUrl) {
        String self = baseUrl + "/v3/clusters/" + log.clusterId();
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("kind", "KafkaCluster");
        cluster.put("metadata", Map.of("self", self, "resource_name", "crn:///kafka=" + log.clusterId()));
        cluster.put("cluster_id", log.clusterId());
        cluster.put("topics", Map.of("related", self + "/topics"));
        return cluster;
    }

    /** Every {@code /v3/clusters/{cluster_id}/...} call names this node's cluster, or is 404. */
    public static void requireCluster(EventLog log, String clusterId) {
        if (!log.clusterId().equals(clusterId)) {
            throw RestException.clusterNotFound(clusterId);
        }
    }
}
