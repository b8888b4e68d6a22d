package io.freshet.http.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.freshet.http.error.RestException;
import io.freshet.http.json.Json;

import java.io.IOException;
import java.util.Base64;
import java.util.Locale;

/**
 * How REST v2 carries a record's key and value in JSON (Confluent's "embedded format"): {@code binary} as a base64
 * string, {@code json} as any JSON value, stored as its JSON text. A JSON {@code null} (or a missing field) is a null
 * key or value in both.
 */
public enum EmbeddedFormat {

    BINARY("binary") {
        @Override
        byte[] toBytes(JsonNode node, String field) {
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isTextual()) {
                throw RestException.invalidRecord("Record " + field + " must be a base64 string, got " + node);
            }
            try {
                return Base64.getDecoder().decode(node.textValue());
            } catch (IllegalArgumentException e) {
                throw RestException.invalidRecord("Record " + field + " contains invalid base64 encoding");
            }
        }

        @Override
        JsonNode toJson(byte[] bytes, String where) {
            return bytes == null ? NullNode.instance : TextNode.valueOf(Base64.getEncoder().encodeToString(bytes));
        }
    },

    JSON("json") {
        @Override
        byte[] toBytes(JsonNode node, String field) {
            if (node == null || node.isNull()) {
                return null;
            }
            return Json.bytes(node);
        }

        @Override
        JsonNode toJson(byte[] bytes, String where) {
            if (bytes == null) {
                return NullNode.instance;
            }
            try {
                return Json.MAPPER.readTree(bytes);
            } catch (IOException e) {
                throw notJson(where);
            }
        }

        private RestException notJson(String where) {
            return new RestException(500, RestException.KAFKA_ERROR, "Kafka error: the record at " + where
                + " is not JSON: read it with a consumer instance of format binary, or seek past it"
                + " (POST .../positions)");
        }
    };

    private final String id;

    EmbeddedFormat(String id) {
        this.id = id;
    }

    /** {@code binary} or {@code json}, as the {@code format} field and the media types name it. */
    public String id() {
        return id;
    }

    /** {@code application/vnd.kafka.binary.v2+json}. */
    public String mediaType() {
        return "application/vnd.kafka." + id + ".v2+json";
    }

    /** The bytes to store for {@code node} ({@code field} names it in an error). */
    abstract byte[] toBytes(JsonNode node, String field);

    /** The JSON a reader gets for stored {@code bytes} ({@code where}: topic-partition@offset, for an error). */
    abstract JsonNode toJson(byte[] bytes, String where);

    /** The format named {@code id} ({@code binary} or {@code json}, any case), or null. */
    static EmbeddedFormat byId(String id) {
        for (EmbeddedFormat format : values()) {
            if (format.id.equals(id.toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        return null;
    }
}
