package io.freshet.http.v2;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourcePattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.http.error.RestException;
import io.freshet.http.json.Json;
import io.freshet.http.routing.HttpExchange;
import io.freshet.http.routing.Router;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * REST v2 consumer instances, as Confluent's proxy and Redpanda's HTTP Proxy serve them (paths under
 * {@code /consumers/{group}/instances/{name}}):
 * <pre>
 *   POST   /consumers/{group}        {"name"?, "format"?, "auto.offset.reset"?, ...} -> {"instance_id", "base_uri"}
 *   DELETE .../{name}                leaves the group now (204)
 *   POST   .../subscription          {"topics": [...]} or {"topic_pattern": "regex"} (204); GET; DELETE
 *   GET    .../records?timeout=&max_bytes=   [{"topic", "key", "value", "partition", "offset"}]
 *   POST   .../offsets               commit: {"offsets": [{"topic", "partition", "offset"}]} names the LAST RECORDS
 *                                    READ, offset+1 is committed; no body: what reads returned so far
 *   GET    .../offsets               {"partitions": [{"topic", "partition"}]} -> {"offsets": [... "metadata"]}
 *   POST   .../positions             seek {"offsets": [...]}; .../positions/beginning|end {"partitions": [...]}
 *   POST   .../assignments           {"partitions": [...]} (manual assignment); GET
 * </pre>
 * Requests are parsed on the event loop; every Kafka consumer call runs on the instance's serial executor (see
 * {@link ConsumerInstances}) and answers from there. A call the consumer refuses in its state (a seek on a partition
 * it is not assigned, a read before any subscription) is 409 / 40903.
 */
public final class ConsumersApi {

    private static final String INSTANCE = "/consumers/{group}/instances/{name}";
    /** A read answers at most this much record data, whatever its {@code max_bytes}. */
    static final long MAX_RESPONSE_BYTES = 8L * 1024 * 1024;

    private final ConsumerInstances instances;

    public ConsumersApi(ConsumerInstances instances) {
        this.instances = instances;
    }

    public void register(Router router) {
        router.post("/consumers/{group}", this::create);
        router.delete(INSTANCE, this::delete);
        router.post(INSTANCE + "/subscription", this::subscribe);
        router.get(INSTANCE + "/subscription", this::subscription);
        router.delete(INSTANCE + "/subscription", this::unsubscribe);
        router.get(INSTANCE + "/records", this::records);
        router.post(INSTANCE + "/offsets", this::commit);
        router.get(INSTANCE + "/offsets", this::committed);
        router.post(INSTANCE + "/positions", this::seek);
        router.post(INSTANCE + "/positions/beginning", e -> seekTo(e, true));
        router.post(INSTANCE + "/positions/end", e -> seekTo(e, false));
        router.post(INSTANCE + "/assignments", this::assign);
        router.get(INSTANCE + "/assignments", this::assignment);
    }

    private void create(HttpExchange exchange) throws Exception {
        V2Media.requireJsonBody(exchange);
        String group = exchange.pathParam("group");
        InstanceConfig config = InstanceConfig.parse(body(exchange));
        String baseUri = exchange.baseUrl() + "/consumers/" + segment(group) + "/instances/" + segment(config.name());
        instances.create(group, config).whenComplete((instance, error) -> {
            if (error != null) {
                exchange.respondError(error);
                return;
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("instance_id", instance.name());
            answer.put("base_uri", baseUri);
            exchange.respondJson(200, answer, V2Media.V2_JSON);
        });
    }

    private void delete(HttpExchange exchange) {
        instances.delete(exchange.pathParam("group"), exchange.pathParam("name"))
            .whenComplete((ignored, error) -> exchange.respondNoContent());
    }

    private void subscribe(HttpExchange exchange) throws Exception {
        V2Media.requireJsonBody(exchange);
        ConsumerInstance instance = instance(exchange);
        JsonNode body = body(exchange);
        JsonNode topics = body.path("topics");
        String pattern = body.path("topic_pattern").isTextual() ? body.path("topic_pattern").textValue() : null;
        if (topics.isArray() && !topics.isEmpty() && pattern == null) {
            List<String> names = new ArrayList<>();
            topics.forEach(t -> names.add(requiredText(t, "topics")));
            // The instance's consumer connects as the broker: the REST user's READ is checked here, first.
            names.forEach(name -> exchange.access().requireTopic(AclOperation.READ, name));
            answerNoContent(exchange, instance, consumer -> {
                consumer.subscribe(names, instance.rebalanceListener());
                return null;
            });
        } else if (pattern != null && topics.isMissingNode()) {
            // A pattern may match any topic, present or future: READ on all topics.
            exchange.access().requireTopic(AclOperation.READ, ResourcePattern.WILDCARD_RESOURCE);
            Pattern regex;
            try {
                regex = Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw RestException.badRequest("topic_pattern is not a regular expression: " + e.getMessage());
            }
            answerNoContent(exchange, instance, consumer -> {
                consumer.subscribe(regex, instance.rebalanceListener());
                return null;
            });
        } else {
            throw RestException.badRequest("A subscription has either a non-empty \"topics\" array or a"
                + " \"topic_pattern\"");
        }
    }

    private void subscription(HttpExchange exchange) {
        answerJson(exchange, instance(exchange), consumer -> Map.of("topics",
            consumer.subscription().stream().sorted().toList()));
    }

    private void unsubscribe(HttpExchange exchange) {
        ConsumerInstance instance = instance(exchange);
        answerNoContent(exchange, instance, consumer -> {
            consumer.unsubscribe();
            instance.keepOnly(Set.of());
            return null;
        });
    }

    private void records(HttpExchange exchange) {
        ConsumerInstance instance = instance(exchange);
        V2Media.requireAcceptable(exchange, instance.config().format());
        long timeout = longQuery(exchange, "timeout");
        long maxBytes = longQuery(exchange, "max_bytes");
        timeout = timeout <= 0 ? instance.config().requestTimeoutMs()
            : Math.min(timeout, InstanceConfig.MAX_REQUEST_TIMEOUT_MS);
        maxBytes = maxBytes <= 0 ? MAX_RESPONSE_BYTES : Math.min(maxBytes, MAX_RESPONSE_BYTES);
        instance.read(new RecordsRead(instance, exchange, timeout, maxBytes));
    }

    private void commit(HttpExchange exchange) throws Exception {
        V2Media.requireJsonBody(exchange);
        ConsumerInstance instance = instance(exchange);
        JsonNode body = body(exchange);
        JsonNode list = body.has("offsets") ? body.get("offsets") : body.get("partitions"); // Redpanda's name
        Map<TopicPartition, OffsetAndMetadata> named = list == null || list.isNull() ? null : lastRead(list);
        answerJson(exchange, instance, consumer -> {
            Map<TopicPartition, OffsetAndMetadata> offsets = named == null ? instance.returnedPositions() : named;
            if (!offsets.isEmpty()) {
                consumer.commitSync(offsets, ConsumerInstance.KAFKA_CALL_TIMEOUT);
            }
            return List.of();
        });
    }

    private void committed(HttpExchange exchange) throws Exception {
        V2Media.requireJsonBody(exchange);
        ConsumerInstance instance = instance(exchange);
        JsonNode partitions = body(exchange).get("partitions");
        if (partitions == null || !partitions.isArray()) {
            throw RestException.partitionNotFound("(none named: the body needs \"partitions\")", -1);
        }
        Set<TopicPartition> asked = new LinkedHashSet<>(partitions(partitions));
        answerJson(exchange, instance, consumer -> {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(asked,
                ConsumerInstance.KAFKA_CALL_TIMEOUT);
            List<Map<String, Object>> offsets = new ArrayList<>();
            for (TopicPartition partition : asked) {
                OffsetAndMetadata offset = committed.get(partition);
                if (offset != null) {
                    Map<String, Object> entry = partitionJson(partition);
                    entry.put("offset", offset.offset());
                    entry.put("metadata", offset.metadata());
                    offsets.add(entry);
                }
            }
            return Map.of("offsets", offsets);
        });
    }

    private void seek(HttpExchange exchange) throws Exception {
        V2Media.requireJsonBody(exchange);
        ConsumerInstance instance = instance(exchange);
        JsonNode offsets = body(exchange).get("offsets");
        if (offsets == null || !offsets.isArray()) {
            throw RestException.badRequest("A seek needs an \"offsets\" array of {topic, partition, offset}");
        }
        Map<TopicPartition, Long> positions = new LinkedHashMap<>();
        for (JsonNode entry : offsets) {
            positions.put(partition(entry), offset(entry));
        }
        answerNoContent(exchange, instance, consumer -> {
            positions.forEach(consumer::seek);
            instance.forget(positions.keySet());
            return null;
        });
    }

    private void seekTo(HttpExchange exchange, boolean beginning) throws Exception {
        V2Media.requireJsonBody(exchange);
        ConsumerInstance instance = instance(exchange);
        JsonNode list = body(exchange).get("partitions");
        if (list == null || !list.isArray()) {
            throw RestException.badRequest("A seek needs a \"partitions\" array of {topic, partition}");
        }
        List<TopicPartition> partitions = partitions(list);
        partitions.forEach(tp -> exchange.access().requireTopic(AclOperation.READ, tp.topic()));
        answerNoContent(exchange, instance, consumer -> {
            if (beginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            instance.forget(partitions);
            return null;
        });
    }

    private void assign(HttpExchange exchange) throws Exception {
        V2Media.requireJsonBody(exchange);
        ConsumerInstance instance = instance(exchange);
        JsonNode list = body(exchange).get("partitions");
        if (list == null || !list.isArray()) {
            throw RestException.badRequest("An assignment needs a \"partitions\" array of {topic, partition}");
        }
        List<TopicPartition> partitions = partitions(list);
        partitions.forEach(tp -> exchange.access().requireTopic(AclOperation.READ, tp.topic()));
        answerNoContent(exchange, instance, consumer -> {
            consumer.assign(partitions);
            instance.keepOnly(new HashSet<>(partitions));
            return null;
        });
    }

    private void assignment(HttpExchange exchange) {
        answerJson(exchange, instance(exchange), consumer -> Map.of("partitions", consumer.assignment().stream()
            .sorted(Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition))
            .map(ConsumersApi::partitionJson).toList()));
    }

    // ---- helpers ----

    private ConsumerInstance instance(HttpExchange exchange) {
        return instances.get(exchange.pathParam("group"), exchange.pathParam("name"));
    }

    private static void answerJson(HttpExchange exchange, ConsumerInstance instance,
                                   Function<KafkaConsumer<byte[], byte[]>, Object> operation) {
        run(instance, operation).whenComplete((result, error) -> {
            if (error != null) {
                exchange.respondError(error);
            } else {
                exchange.respondJson(200, result, V2Media.V2_JSON);
            }
        });
    }

    private static void answerNoContent(HttpExchange exchange, ConsumerInstance instance,
                                        Function<KafkaConsumer<byte[], byte[]>, Object> operation) {
        run(instance, operation).whenComplete((result, error) -> {
            if (error != null) {
                exchange.respondError(error);
            } else {
                exchange.respondNoContent();
            }
        });
    }

    /** The call on the instance's serial executor; the consumer's IllegalStateException is 409 / 40903. */
    private static CompletableFuture<Object> run(ConsumerInstance instance,
                                                 Function<KafkaConsumer<byte[], byte[]>, Object> operation) {
        return instance.call(consumer -> {
            try {
                return operation.apply(consumer);
            } catch (IllegalStateException e) {
                throw RestException.illegalState(e.getMessage());
            }
        });
    }

    /** The body as JSON; an empty body is an empty object. */
    private static JsonNode body(HttpExchange exchange) throws Exception {
        if (!exchange.body().isReadable()) {
            return Json.MAPPER.createObjectNode();
        }
        JsonNode body = Json.MAPPER.readTree(exchange.bodyBytes());
        if (body == null || body.isMissingNode()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!body.isObject()) {
            throw RestException.badRequest("The body must be a JSON object");
        }
        return body;
    }

    /** Confluent's commit rule: the body names the last records read; the committed position is the next one. */
    private static Map<TopicPartition, OffsetAndMetadata> lastRead(JsonNode list) {
        if (!list.isArray()) {
            throw RestException.badRequest("\"offsets\" must be an array of {topic, partition, offset}");
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        for (JsonNode entry : list) {
            JsonNode metadata = entry.get("metadata");
            offsets.put(partition(entry), new OffsetAndMetadata(offset(entry) + 1,
                metadata == null || metadata.isNull() ? "" : metadata.asText()));
        }
        return offsets;
    }

    private static List<TopicPartition> partitions(JsonNode list) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (JsonNode entry : list) {
            partitions.add(partition(entry));
        }
        return partitions;
    }

    private static TopicPartition partition(JsonNode entry) {
        JsonNode partition = entry.get("partition");
        if (partition == null || !partition.isIntegralNumber() || !partition.canConvertToInt()
            || partition.intValue() < 0) {
            throw RestException.badRequest("Expected {\"topic\", \"partition\"} with a partition number, got "
                + entry);
        }
        return new TopicPartition(requiredText(entry.get("topic"), "topic"), partition.intValue());
    }

    private static long offset(JsonNode entry) {
        JsonNode offset = entry.get("offset");
        if (offset == null || !offset.isIntegralNumber() || !offset.canConvertToLong() || offset.longValue() < 0) {
            throw RestException.badRequest("Expected an \"offset\" number, got " + entry);
        }
        return offset.longValue();
    }

    private static String requiredText(JsonNode node, String field) {
        if (node == null || !node.isTextual() || node.textValue().isEmpty()) {
            throw RestException.badRequest("\"" + field + "\" must be a non-empty string, got " + node);
        }
        return node.textValue();
    }

    private static Map<String, Object> partitionJson(TopicPartition partition) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("topic", partition.topic());
        json.put("partition", partition.partition());
        return json;
    }

    private static long longQuery(HttpExchange exchange, String name) {
        String value = exchange.query(name).orElse(null);
        if (value == null || value.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw RestException.badRequest("Query parameter " + name + " must be an integer, got '" + value + "'");
        }
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
