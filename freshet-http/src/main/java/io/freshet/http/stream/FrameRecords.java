package io.freshet.http.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.gateway.OutgoingRecord;
import io.freshet.http.error.RestException;
import io.freshet.http.json.Json;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The records of a text frame a WebSocket client sends: {@code {"key":...,"value":...,"headers":...,
 * "partition_id":...}} or an array of them. A string key, value or header value is stored as its UTF-8 bytes (not
 * JSON-quoted), null or absent as null, any other JSON value as its JSON text. Headers are
 * {@code [{"name":"h","value":"v"}]} or {@code {"h":"v"}}. Stateless.
 */
final class FrameRecords {

    /** One record to append: to {@code partition} when it is not -1, else where its key puts it. */
    record ToAppend(int partition, OutgoingRecord record) {
    }

    private FrameRecords() {
    }

    /**
     * The records of a frame's JSON (an object or an array of objects).
     *
     * @throws RestException 400 when it is not such JSON
     */
    static List<ToAppend> parse(JsonNode frame) {
        if (frame.isArray()) {
            List<ToAppend> records = new ArrayList<>(frame.size());
            for (JsonNode element : frame) {
                records.add(record(element));
            }
            return records;
        }
        return List.of(record(frame));
    }

    /** @throws com.fasterxml.jackson.core.JsonProcessingException when {@code text} is not JSON (400) */
    static JsonNode read(String text) throws com.fasterxml.jackson.core.JsonProcessingException {
        return Json.MAPPER.readTree(text);
    }

    private static ToAppend record(JsonNode node) {
        if (!node.isObject()) {
            throw RestException.badRequest("A record is a JSON object {\"key\",\"value\",\"headers\"}, got: "
                + node.getNodeType());
        }
        int partition = -1;
        JsonNode partitionNode = node.get("partition_id");
        if (partitionNode != null && !partitionNode.isNull()) {
            if (!partitionNode.canConvertToInt() || !partitionNode.isIntegralNumber() || partitionNode.asInt() < 0) {
                throw RestException.badRequest("partition_id: expected a partition number, got " + partitionNode);
            }
            partition = partitionNode.asInt();
        }
        return new ToAppend(partition, new OutgoingRecord(bytes(node.get("key")), bytes(node.get("value")),
            headers(node.get("headers")), -1));
    }

    private static List<Header> headers(JsonNode node) {
        List<Header> headers = new ArrayList<>();
        if (node == null || node.isNull()) {
            return headers;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                headers.add(new RecordHeader(field.getKey(), bytes(field.getValue())));
            }
            return headers;
        }
        if (!node.isArray()) {
            throw RestException.badRequest("headers: expected [{\"name\",\"value\"}] or {\"name\": value}");
        }
        for (JsonNode header : node) {
            JsonNode name = header.get("name");
            if (name == null || !name.isTextual()) {
                throw RestException.badRequest("headers: each header needs a string \"name\"");
            }
            headers.add(new RecordHeader(name.asText(), bytes(header.get("value"))));
        }
        return headers;
    }

    /** A string as its UTF-8 bytes, null as null, anything else as its JSON text. */
    static byte[] bytes(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText().getBytes(StandardCharsets.UTF_8);
        }
        return Json.bytes(node);
    }
}
