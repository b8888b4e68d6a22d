package io.freshet.http.v2;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

import io.freshet.gateway.EventLog;
import io.freshet.gateway.TopicInfo;
import io.freshet.http.error.RestException;
import io.freshet.http.routing.HttpExchange;
import io.freshet.http.routing.Router;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * REST v2's topic metadata, as Confluent's proxy and Redpanda's HTTP Proxy answer it:
 * <pre>
 *   GET /topics                                      ["orders", ...] (internal "__" topics left out, as Redpanda does)
 *   GET /topics/{topic}                              {"name", "configs": {overrides}, "partitions": [...]}
 *   GET /topics/{topic}/partitions                   [{"partition", "leader", "replicas": [...]}]
 *   GET /topics/{topic}/partitions/{p}               {"partition", "leader", "replicas": [...]}
 *   GET /topics/{topic}/partitions/{p}/offsets       {"beginning_offset", "end_offset"}
 * </pre>
 * One broker holds every partition: it is the leader (broker 0) and the one in-sync replica. {@code configs} are the
 * topic's own overrides, not the broker defaults. Event loop only: nothing here blocks.
 */
public final class TopicsV2Api {

    /** The broker id a partition's leader and replica are reported with. */
    private static final int BROKER = 0;

    private final EventLog log;

    public TopicsV2Api(EventLog log) {
        this.log = log;
    }

    public void register(Router router) {
        router.get("/topics", this::list);
        router.get("/topics/{topic}", this::get);
        router.get("/topics/{topic}/partitions", this::partitions);
        router.get("/topics/{topic}/partitions/{partition}", this::partition);
        router.get("/topics/{topic}/partitions/{partition}/offsets", this::offsets);
    }

    private void list(HttpExchange exchange) {
        List<String> names = log.topics().stream().filter(name -> !name.startsWith("__"))
            .filter(name -> exchange.access().allowed(AclOperation.DESCRIBE, ResourceType.TOPIC, name))
            .sorted().toList();
        exchange.respondJson(200, names, V2Media.V2_JSON);
    }

    private void get(HttpExchange exchange) {
        TopicInfo topic = topic(log, exchange.pathParam("topic"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", topic.name());
        body.put("configs", new TreeMap<>(topic.configs()));
        body.put("partitions", partitionList(topic.partitionCount()));
        exchange.respondJson(200, body, V2Media.V2_JSON);
    }

    private void partitions(HttpExchange exchange) {
        TopicInfo topic = topic(log, exchange.pathParam("topic"));
        exchange.respondJson(200, partitionList(topic.partitionCount()), V2Media.V2_JSON);
    }

    private void partition(HttpExchange exchange) {
        TopicPartition partition = partition(log, exchange.pathParam("topic"), exchange.pathParam("partition"));
        exchange.respondJson(200, partitionBody(partition.partition()), V2Media.V2_JSON);
    }

    private void offsets(HttpExchange exchange) {
        TopicPartition partition = partition(log, exchange.pathParam("topic"), exchange.pathParam("partition"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("beginning_offset", log.startOffset(partition));
        body.put("end_offset", log.endOffset(partition));
        exchange.respondJson(200, body, V2Media.V2_JSON);
    }

    /** The topic, or 404 / 40401: REST never creates a topic by naming it. */
    static TopicInfo topic(EventLog log, String name) {
        return log.describeTopic(name).orElseThrow(() -> RestException.topicNotFound(name));
    }

    /** The partition, or 404 / 40401 (no topic) or 404 / 40402 (no such partition, or not a number). */
    static TopicPartition partition(EventLog log, String topic, String partition) {
        int count = log.partitionCount(topic).orElseThrow(() -> RestException.topicNotFound(topic));
        int index;
        try {
            index = Integer.parseInt(partition);
        } catch (NumberFormatException e) {
            throw RestException.partitionNotFound(topic, -1);
        }
        if (index < 0 || index >= count) {
            throw RestException.partitionNotFound(topic, index);
        }
        return new TopicPartition(topic, index);
    }

    private static List<Map<String, Object>> partitionList(int count) {
        List<Map<String, Object>> partitions = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            partitions.add(partitionBody(p));
        }
        return partitions;
    }

    private static Map<String, Object> partitionBody(int partition) {
        Map<String, Object> replica = new LinkedHashMap<>();
        replica.put("broker", BROKER);
        replica.put("leader", true);
        replica.put("in_sync", true);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("partition", partition);
        body.put("leader", BROKER);
        body.put("replicas", List.of(replica));
        return body;
    }
}
