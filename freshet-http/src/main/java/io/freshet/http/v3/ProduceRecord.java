package io.freshet.http.v3;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.gateway.OutgoingRecord;
import io.freshet.http.error.RestException;
import io.freshet.http.json.Json;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * One record of a Confluent v3 produce body, decoded:
 * {@code {"partition_id"?, "headers"?: [{"name", "value" (base64)}], "key"?: {"type", "data"}, "value"?: {...},
 * "timestamp"?}}.
 *
 * <p>Key and value types, as Confluent's proxy serializes them without a schema: {@code BINARY} stores the
 * base64-decoded bytes of a string, {@code STRING} the UTF-8 bytes of a string, {@code JSON} the compact JSON text of
 * any value. Confluent without a schema registry refuses a key or value that names no type; Freshet has no registry
 * and infers instead: a string is {@code STRING}, any other JSON value {@code JSON} (the report says which). A null
 * or missing {@code data} (or key / value) stores no bytes. {@code timestamp} is ISO-8601 (as the report writes it)
 * or epoch milliseconds.
 *
 * @param partitionId the requested partition, or null for the log's choice (by key, else in turn)
 * @param keyType     the key's type for the report, or null when the body had no key
 * @param valueType   likewise for the value
 */
record ProduceRecord(Integer partitionId, OutgoingRecord record, String keyType, String valueType) {

    static ProduceRecord decode(JsonNode json) {
        if (!json.isObject()) {
            throw RestException.badRequest("Expected a record object {\"key\", \"value\", ...}, got "
                + json.getNodeType());
        }
        Data key = data(json.get("key"), "key");
        Data value = data(json.get("value"), "value");
        OutgoingRecord record = new OutgoingRecord(key.bytes(), value.bytes(), headers(json.get("headers")),
            timestamp(json.get("timestamp")));
        return new ProduceRecord(partitionId(json.get("partition_id")), record, key.type(), value.type());
    }

    int keySize() {
        return record.key() == null ? 0 : record.key().length;
    }

    int valueSize() {
        return record.value() == null ? 0 : record.value().length;
    }

    private record Data(String type, byte[] bytes) {
        static final Data ABSENT = new Data(null, null);
    }

    private static Data data(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return Data.ABSENT;
        }
        if (!node.isObject()) {
            throw RestException.badRequest(field + " must be an object {\"type\": \"JSON\"|\"STRING\"|\"BINARY\", "
                + "\"data\": ...}, got " + node.getNodeType());
        }
        JsonNode data = node.path("data");
        JsonNode typeNode = node.get("type");
        String type;
        if (typeNode == null || typeNode.isNull()) {
            type = data.isTextual() ? "STRING" : "JSON";
        } else {
            type = typeNode.asText().toUpperCase(Locale.ROOT);
        }
        if (data.isMissingNode() || data.isNull()) {
            checkKnown(type, field);
            return new Data(type, null);
        }
        return new Data(type, switch (type) {
            case "BINARY" -> base64(data, field);
            case "STRING" -> {
                if (!data.isTextual()) {
                    throw RestException.badRequest(field + ".data=" + data + " is not a string.");
                }
                yield data.asText().getBytes(StandardCharsets.UTF_8);
            }
            case "JSON" -> Json.bytes(data);
            default -> throw unknownType(type, field);
        });
    }

    private static void checkKnown(String type, String field) {
        if (!type.equals("BINARY") && !type.equals("STRING") && !type.equals("JSON")) {
            throw unknownType(type, field);
        }
    }

    private static RestException unknownType(String type, String field) {
        return RestException.badRequest(field + ".type " + type + " is not supported: Freshet has no schema "
            + "registry (AVRO, PROTOBUF and JSONSCHEMA need one); use JSON, STRING or BINARY.");
    }

    private static byte[] base64(JsonNode data, String what) {
        if (!data.isTextual()) {
            throw RestException.badRequest(what + ".data=" + data + " is not a base64 string.");
        }
        try {
            return Base64.getDecoder().decode(data.asText());
        } catch (IllegalArgumentException e) {
            throw RestException.badRequest(what + ".data is not a valid base64 string: " + e.getMessage());
        }
    }

    private static List<Header> headers(JsonNode headers) {
        if (headers == null || headers.isNull()) {
            return List.of();
        }
        if (!headers.isArray()) {
            throw RestException.badRequest("headers must be an array of {\"name\", \"value\" (base64)}");
        }
        List<Header> result = new ArrayList<>(headers.size());
        for (JsonNode header : headers) {
            JsonNode name = header.path("name");
            if (!name.isTextual()) {
                throw RestException.badRequest("Every header needs a name: " + header);
            }
            JsonNode value = header.path("value");
            byte[] bytes = value.isMissingNode() || value.isNull() ? null : base64(value, "header " + name.asText());
            result.add(new RecordHeader(name.asText(), bytes));
        }
        return result;
    }

    private static long timestamp(JsonNode timestamp) {
        if (timestamp == null || timestamp.isNull()) {
            return -1;
        }
        if (timestamp.isIntegralNumber() && timestamp.canConvertToLong() && timestamp.longValue() >= 0) {
            return timestamp.longValue();
        }
        if (timestamp.isTextual()) {
            try {
                return Instant.parse(timestamp.asText()).toEpochMilli();
            } catch (DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(timestamp.asText()).toInstant().toEpochMilli();
                } catch (DateTimeParseException ignored) {
                    // reported below
                }
            }
        }
        throw RestException.badRequest("timestamp=" + timestamp + " is neither an ISO-8601 instant "
            + "(2026-01-31T12:00:00.000Z) nor epoch milliseconds.");
    }

    private static Integer partitionId(JsonNode partition) {
        if (partition == null || partition.isNull()) {
            return null;
        }
        if (!partition.isIntegralNumber() || !partition.canConvertToInt()) {
            throw RestException.badRequest("partition_id=" + partition + " is not an integer.");
        }
        return partition.intValue();
    }
}
