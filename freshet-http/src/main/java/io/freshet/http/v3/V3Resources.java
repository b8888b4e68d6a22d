package io.freshet.http.v3;

import io.freshet.gateway.TopicInfo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Confluent REST v3's resource shapes for topics and partitions: {@code kind}, {@code metadata} ({@code self} URL and
 * {@code resource_name} CRN) and {@code related} links, field for field as Confluent's proxy writes them, so tools
 * that walk the links work. Links are built from the URL the client used ({@code baseUrl}).
 */
final class V3Resources {

    private final String baseUrl;
    private final String clusterId;

    V3Resources(String baseUrl, String clusterId) {
        this.baseUrl = baseUrl;
        this.clusterId = clusterId;
    }

    /** {@code KafkaTopic}. A single node: every partition has one replica. */
    Map<String, Object> topic(TopicInfo topic) {
        String self = topicUrl(topic.name());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "KafkaTopic");
        body.put("metadata", metadata(self, crn(topic.name())));
        body.put("cluster_id", clusterId);
        body.put("topic_name", topic.name());
        body.put("is_internal", topic.internal());
        body.put("replication_factor", 1);
        body.put("partitions_count", topic.partitionCount());
        body.put("partitions", related(self + "/partitions"));
        body.put("configs", related(self + "/configs"));
        body.put("partition_reassignments", related(self + "/partitions/-/reassignment"));
        body.put("authorized_operations", List.of());
        return body;
    }

    /** {@code KafkaTopicList}, in name order. */
    Map<String, Object> topicList(List<TopicInfo> topics) {
        List<Map<String, Object>> data = new ArrayList<>(topics.size());
        topics.forEach(t -> data.add(topic(t)));
        return list("KafkaTopicList", clusterUrl() + "/topics", data);
    }

    /** {@code KafkaPartition}; the leader link names {@code nodeId} when the log knows it. */
    Map<String, Object> partition(String topic, int partition, OptionalInt nodeId) {
        String self = topicUrl(topic) + "/partitions/" + partition;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "KafkaPartition");
        body.put("metadata", metadata(self, crn(topic) + "/partition=" + partition));
        body.put("cluster_id", clusterId);
        body.put("topic_name", topic);
        body.put("partition_id", partition);
        if (nodeId.isPresent()) {
            body.put("leader", related(self + "/replicas/" + nodeId.getAsInt()));
        }
        body.put("replicas", related(self + "/replicas"));
        body.put("reassignment", related(self + "/reassignment"));
        return body;
    }

    /** {@code KafkaPartitionList}. */
    Map<String, Object> partitionList(String topic, int count, OptionalInt nodeId) {
        List<Map<String, Object>> data = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            data.add(partition(topic, p, nodeId));
        }
        return list("KafkaPartitionList", topicUrl(topic) + "/partitions", data);
    }

    String topicUrl(String topic) {
        return clusterUrl() + "/topics/" + pathSegment(topic);
    }

    private String clusterUrl() {
        return baseUrl + "/v3/clusters/" + pathSegment(clusterId);
    }

    private String crn(String topic) {
        return "crn:///kafka=" + clusterId + "/topic=" + topic;
    }

    private static Map<String, Object> list(String kind, String self, List<Map<String, Object>> data) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("self", self);
        metadata.put("next", null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind);
        body.put("metadata", metadata);
        body.put("data", data);
        return body;
    }

    private static Map<String, Object> metadata(String self, String resourceName) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("self", self);
        metadata.put("resource_name", resourceName);
        return metadata;
    }

    private static Map<String, Object> related(String url) {
        return Map.of("related", url);
    }

    /** Kafka's legal topic names need no escaping; anything else (a cluster id, say) is percent-encoded. */
    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
