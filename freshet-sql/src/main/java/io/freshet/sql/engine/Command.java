package io.freshet.sql.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record of the command topic: a statement that changes the metastore, with the submitting session's
 * properties (auto.offset.reset, freshet.sql.error.topic) that a persistent query keeps for its whole life.
 *
 * <p>Value layout (JSON, UTF-8): {@code {"version":1,"statement":"CREATE STREAM ...","properties":{"k":"v"}}}.
 * A reader ignores fields it does not know, so later versions may add some; a record it cannot read is skipped (as
 * an invalid command is) rather than stopping every engine.
 */
public record Command(String statement, Map<String, String> properties) {

    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public Command {
        properties = Map.copyOf(properties);
    }

    byte[] toBytes() {
        ObjectNode node = JSON.createObjectNode();
        node.put("version", VERSION);
        node.put("statement", statement);
        ObjectNode props = node.putObject("properties");
        new java.util.TreeMap<>(properties).forEach(props::put);
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException when the bytes are not a command */
    static Command fromBytes(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("empty command record");
        }
        try {
            JsonNode node = JSON.readTree(value);
            JsonNode statement = node == null ? null : node.get("statement");
            if (statement == null || !statement.isTextual()) {
                throw new IllegalArgumentException("command record without a statement");
            }
            Map<String, String> props = new LinkedHashMap<>();
            JsonNode p = node.get("properties");
            if (p != null && p.isObject()) {
                p.fields().forEachRemaining(e -> props.put(e.getKey(), e.getValue().asText()));
            }
            return new Command(statement.asText(), props);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("command record is not JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
