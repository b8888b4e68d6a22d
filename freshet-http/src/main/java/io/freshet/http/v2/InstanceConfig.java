package io.freshet.http.v2;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.http.error.RestException;

import java.util.Locale;
import java.util.UUID;

/**
 * What {@code POST /consumers/{group}} asks for (Confluent's fields; unknown ones are ignored as Confluent does).
 *
 * @param name             the instance's name in its URLs; a random {@code rest-consumer-UUID} when not given
 * @param format           how keys and values are read: {@code binary} (default) or {@code json}
 * @param autoOffsetReset  {@code earliest}, {@code latest} (Kafka's default) or {@code none}
 * @param autoCommit       commit what reads returned, as Kafka's auto-commit does (default true, Kafka's default)
 * @param fetchMinBytes    a read answers once it has this many bytes (or at its timeout); -1: once it has a record
 * @param requestTimeoutMs how long a read waits for records when its {@code timeout} is not given
 */
record InstanceConfig(String name, EmbeddedFormat format, String autoOffsetReset, boolean autoCommit,
                      long fetchMinBytes, long requestTimeoutMs) {

    static final long DEFAULT_REQUEST_TIMEOUT_MS = 1_000;
    static final long MAX_REQUEST_TIMEOUT_MS = 30_000;

    static InstanceConfig parse(JsonNode body) {
        JsonNode config = body == null || body.isMissingNode() || body.isNull() ? null : body;
        if (config != null && !config.isObject()) {
            throw invalid("the body must be a JSON object");
        }
        String name = text(config, "name");
        if (name == null) {
            name = text(config, "id"); // Confluent's older field, still honoured by its proxy
        }
        if (name == null) {
            name = "rest-consumer-" + UUID.randomUUID();
        } else if (name.isEmpty() || name.contains("/")) {
            throw invalid("name must be non-empty and without '/': '" + name + "'");
        }
        String formatName = text(config, "format");
        EmbeddedFormat format = formatName == null ? EmbeddedFormat.BINARY : EmbeddedFormat.byId(formatName);
        if (format == null) {
            throw invalid("format must be binary or json (avro, jsonschema and protobuf need a Schema Registry),"
                + " got '" + formatName + "'");
        }
        String reset = text(config, "auto.offset.reset");
        if (reset != null) {
            reset = reset.toLowerCase(Locale.ROOT);
            if (!reset.equals("earliest") && !reset.equals("latest") && !reset.equals("none")) {
                throw invalid("auto.offset.reset must be earliest, latest or none, got '" + reset + "'");
            }
        }
        String autoCommit = text(config, "auto.commit.enable");
        if (autoCommit != null && !autoCommit.equalsIgnoreCase("true") && !autoCommit.equalsIgnoreCase("false")) {
            throw invalid("auto.commit.enable must be true or false, got '" + autoCommit + "'");
        }
        long minBytes = number(config, "fetch.min.bytes", -1, -1, Integer.MAX_VALUE);
        long timeout = number(config, "consumer.request.timeout.ms", DEFAULT_REQUEST_TIMEOUT_MS, 0,
            MAX_REQUEST_TIMEOUT_MS);
        return new InstanceConfig(name, format, reset == null ? "latest" : reset,
            autoCommit == null || autoCommit.equalsIgnoreCase("true"), minBytes, timeout);
    }

    /** A field as text: Confluent's clients send these settings as strings, others as numbers or booleans. */
    private static String text(JsonNode config, String field) {
        JsonNode node = config == null ? null : config.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw invalid(field + " must be a string, got " + node);
        }
        return node.asText();
    }

    private static long number(JsonNode config, String field, long fallback, long min, long max) {
        String text = text(config, field);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < min || value > max) {
                throw invalid(field + " must be in [" + min + ", " + max + "], got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(field + " must be an integer, got '" + text + "'");
        }
    }

    private static RestException invalid(String message) {
        return new RestException(422, RestException.INVALID_CONSUMER_CONFIG, "Invalid consumer configuration: "
            + message);
    }
}
