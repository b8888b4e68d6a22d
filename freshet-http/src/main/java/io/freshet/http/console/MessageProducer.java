package io.freshet.http.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.gateway.Durability;
import io.freshet.gateway.EventLog;
import io.freshet.gateway.OutgoingRecord;
import io.freshet.http.error.RestException;
import io.freshet.http.json.Json;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /console/api/topics/{topic}/messages} {@code {"key", "value", "headers": {"k": "v"}, "partition"}}:
 * one record (texts as UTF-8) to an existing topic, appended with {@link Durability#DURABLE} (as acks=all); the
 * answer {@code {"partition", "offset"}} comes once it is fsynced. Without a partition, a keyed record goes where
 * Kafka's partitioner would put it. An unknown topic or partition is 404 (the console never creates a topic); a body
 * that is not such an object is 400.
 */
final class MessageProducer {

    record Produced(int partition, long offset) {
    }

    private final EventLog log;

    MessageProducer(EventLog log) {
        this.log = log;
    }

    CompletableFuture<Produced> produce(String topic, byte[] body) {
        JsonNode request = parse(body);
        byte[] key = text(request, "key");
        byte[] value = text(request, "value");
        List<Header> headers = headers(request.path("headers"));
        OptionalInt partition = partition(request.path("partition"));
        OptionalInt count = log.partitionCount(topic);
        if (count.isEmpty()) {
            throw RestException.notFound("Topic not found: " + topic);
        }
        OutgoingRecord record = new OutgoingRecord(key, value, headers, -1);
        if (partition.isPresent()) {
            if (partition.getAsInt() >= count.getAsInt()) {
                throw RestException.notFound("Partition not found: " + topic + "-" + partition.getAsInt());
            }
            return log.append(new TopicPartition(topic, partition.getAsInt()), record, Durability.DURABLE)
                .thenApply(appended -> new Produced(appended.partition().partition(), appended.offset()));
        }
        return log.append(topic, record, Durability.DURABLE)
            .thenApply(appended -> new Produced(appended.partition().partition(), appended.offset()));
    }

    private static JsonNode parse(byte[] body) {
        JsonNode request;
        try {
            request = body.length == 0 ? null : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw RestException.badRequest("The body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (request == null || !request.isObject()) {
            throw RestException.badRequest("The body must be a JSON object {\"key\", \"value\", \"headers\", "
                + "\"partition\"}");
        }
        return request;
    }

    private static byte[] text(JsonNode request, String field) {
        JsonNode node = request.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw RestException.badRequest(field + " must be a string or null");
        }
        return node.textValue().getBytes(StandardCharsets.UTF_8);
    }

    private static List<Header> headers(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isObject()) {
            throw RestException.badRequest("headers must be an object of strings {\"name\": \"value\"}");
        }
        List<Header> headers = new ArrayList<>();
        for (Map.Entry<String, JsonNode> header : node.properties()) {
            JsonNode value = header.getValue();
            if (!value.isTextual() && !value.isNull()) {
                throw RestException.badRequest("header " + header.getKey() + " must be a string or null");
            }
            headers.add(new RecordHeader(header.getKey(),
                value.isNull() ? null : value.textValue().getBytes(StandardCharsets.UTF_8)));
        }
        return headers;
    }

    private static OptionalInt partition(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return OptionalInt.empty();
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.intValue() < 0) {
            throw RestException.badRequest("partition must be a partition number or null");
        }
        return OptionalInt.of(node.intValue());
    }
}
