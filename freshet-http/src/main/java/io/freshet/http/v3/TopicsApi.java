package io.freshet.http.v3;

import io.freshet.http.security.RequestAccess;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.gateway.EventLog;
import io.freshet.gateway.TopicInfo;
import io.freshet.http.error.RestException;
import io.freshet.http.json.Json;
import io.freshet.http.routing.HttpExchange;
import io.freshet.http.routing.Router;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Confluent REST v3 topics and partitions under {@code /v3/clusters/{cluster_id}/topics}: list, get, create (201),
 * delete (204), and a topic's partitions. Errors are Kafka's exceptions, mapped by
 * {@link io.freshet.http.error.HttpErrors} as Confluent maps them: an unknown topic is 404 / 40403 ("This server does
 * not host this topic-partition."), an existing one, a bad name, config or replication factor 400 / 40002.
 *
 * <p>Answers that wait for the log (create, delete) complete on its threads; the exchange hops back itself.
 */
public final class TopicsApi {

    private static final String TOPICS = "/v3/clusters/{cluster_id}/topics";
    private static final String TOPIC = TOPICS + "/{topic_name}";

    private final EventLog log;

    public TopicsApi(EventLog log) {
        this.log = log;
    }

    public void register(Router router) {
        router.get(TOPICS, this::list);
        router.post(TOPICS, this::create);
        router.get(TOPIC, this::get);
        router.delete(TOPIC, this::delete);
        router.get(TOPIC + "/partitions", this::partitions);
        router.get(TOPIC + "/partitions/{partition_id}", this::partition);
    }

    private void list(HttpExchange exchange) {
        V3Resources resources = resources(exchange);
        List<TopicInfo> topics = log.topics().stream().sorted(Comparator.naturalOrder())
            .filter(name -> exchange.access().allowed(AclOperation.DESCRIBE, ResourceType.TOPIC, name))
            .map(log::describeTopic).flatMap(Optional::stream).toList();
        exchange.respondJson(200, resources.topicList(topics));
    }

    private void get(HttpExchange exchange) {
        V3Resources resources = resources(exchange);
        exchange.respondJson(200, resources.topic(existing(exchange.pathParam("topic_name"))));
    }

    private void create(HttpExchange exchange) throws Exception {
        V3Resources resources = resources(exchange);
        NewTopicRequest request = NewTopicRequest.parse(exchange);
        // As Kafka's CreateTopics: CREATE on the cluster, or on the topic.
        if (!exchange.access().allowed(AclOperation.CREATE, ResourceType.CLUSTER, RequestAccess.CLUSTER)) {
            exchange.access().requireTopic(AclOperation.CREATE, request.name());
        }
        if (log.partitionCount(request.name()).isPresent()) {
            throw new TopicExistsException("Topic '" + request.name() + "' already exists.");
        }
        log.createTopic(request.name(), request.partitions(), request.configs()).whenComplete((count, error) -> {
            if (error != null) {
                exchange.respondError(error);
            } else {
                exchange.respondJson(201, resources.topic(log.describeTopic(request.name())
                    .orElse(new TopicInfo(request.name(), count, request.configs()))));
            }
        });
    }

    private void delete(HttpExchange exchange) {
        ClustersApi.requireCluster(log, exchange.pathParam("cluster_id"));
        String topic = exchange.pathParam("topic_name");
        log.deleteTopic(topic).whenComplete((ignored, error) -> {
            if (error != null) {
                exchange.respondError(error);
            } else {
                exchange.respondNoContent();
            }
        });
    }

    private void partitions(HttpExchange exchange) {
        V3Resources resources = resources(exchange);
        TopicInfo topic = existing(exchange.pathParam("topic_name"));
        exchange.respondJson(200, resources.partitionList(topic.name(), topic.partitionCount(), log.nodeId()));
    }

    private void partition(HttpExchange exchange) {
        V3Resources resources = resources(exchange);
        TopicInfo topic = existing(exchange.pathParam("topic_name"));
        int partition = partitionId(topic, exchange.pathParam("partition_id"));
        exchange.respondJson(200, resources.partition(topic.name(), partition, log.nodeId()));
    }

    private V3Resources resources(HttpExchange exchange) {
        ClustersApi.requireCluster(log, exchange.pathParam("cluster_id"));
        return new V3Resources(exchange.baseUrl(), log.clusterId());
    }

    private TopicInfo existing(String topic) {
        return log.describeTopic(topic).orElseThrow(TopicsApi::unknownTopic);
    }

    /** Kafka's own error for a topic that is not there, which Confluent's v3 answers as 404 / 40403. */
    static UnknownTopicOrPartitionException unknownTopic() {
        return new UnknownTopicOrPartitionException("This server does not host this topic-partition.");
    }

    private static int partitionId(TopicInfo topic, String value) {
        try {
            int partition = Integer.parseInt(value);
            if (partition >= 0 && partition < topic.partitionCount()) {
                return partition;
            }
        } catch (NumberFormatException e) {
            // not a partition id: not found, as below
        }
        throw new RestException(404, RestException.PARTITION_NOT_FOUND,
            "Partition not found: " + topic.name() + "-" + value);
    }

    /** The body of a create: {@code {"topic_name", "partitions_count"?, "replication_factor"?, "configs"?}}. */
    private record NewTopicRequest(String name, int partitions, Map<String, String> configs) {

        static NewTopicRequest parse(HttpExchange exchange) throws Exception {
            if (!HttpExchange.JSON.equals(exchange.contentType())) {
                throw RestException.unsupportedMediaType(exchange.contentType(), HttpExchange.JSON);
            }
            if (!exchange.body().isReadable()) {
                throw RestException.invalidPayload("Request body is empty. Data is required.");
            }
            JsonNode body = Json.MAPPER.readTree(exchange.bodyBytes());
            if (!body.isObject()) {
                throw RestException.badRequest("Expected a JSON object with topic_name, got " + body.getNodeType());
            }
            JsonNode name = body.path("topic_name");
            if (!name.isTextual()) {
                throw RestException.invalidPayload("topic_name is required (a string).");
            }
            int partitions = intField(body, "partitions_count", -1);
            int replicationFactor = intField(body, "replication_factor", -1);
            if (replicationFactor != -1 && replicationFactor != 1) {
                // Kafka's own words when a cluster has fewer brokers than the replication factor asks for.
                throw new InvalidReplicationFactorException("Unable to replicate the partition " + replicationFactor
                    + " time(s): The target replication factor of " + replicationFactor
                    + " cannot be reached because only 1 broker(s) are registered.");
            }
            return new NewTopicRequest(name.asText(), partitions, configs(body.path("configs")));
        }

        private static int intField(JsonNode body, String field, int absent) {
            JsonNode value = body.path(field);
            if (value.isMissingNode() || value.isNull()) {
                return absent;
            }
            if (!value.canConvertToInt() || !value.isIntegralNumber()) {
                throw RestException.badRequest(field + " must be an integer, got " + value);
            }
            return value.intValue();
        }

        /** {@code [{"name", "value"}]}; a null value means the default, as leaving the config out does. */
        private static Map<String, String> configs(JsonNode configs) {
            Map<String, String> result = new HashMap<>();
            if (configs.isMissingNode() || configs.isNull()) {
                return result;
            }
            if (!configs.isArray()) {
                throw RestException.badRequest("configs must be an array of {\"name\", \"value\"}");
            }
            for (JsonNode config : configs) {
                JsonNode name = config.path("name");
                JsonNode value = config.path("value");
                if (!name.isTextual()) {
                    throw RestException.badRequest("Every config needs a name: " + config);
                }
                if (!value.isMissingNode() && !value.isNull()) {
                    result.put(name.asText(), value.isTextual() ? value.asText() : value.toString());
                }
            }
            return result;
        }
    }
}
