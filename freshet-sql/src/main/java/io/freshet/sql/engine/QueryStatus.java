package io.freshet.sql.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What the engine running a query last said about it, as kept in the compacted status topic (key: the query id).
 * Value layout (JSON, UTF-8): {@code {"version":1,"state":"RUNNING","error":null,"malformedRecords":0,
 * "lateRecords":0,"updatedMs":...}}; a terminated query's key gets a tombstone.
 */
public record QueryStatus(String queryId, String state, Optional<String> error, long malformedRecords,
                          long lateRecords, long updatedMs) {

    private static final ObjectMapper JSON = new ObjectMapper();

    byte[] toBytes() {
        ObjectNode node = JSON.createObjectNode();
        node.put("version", 1);
        node.put("state", state);
        node.put("error", error.orElse(null));
        node.put("malformedRecords", malformedRecords);
        node.put("lateRecords", lateRecords);
        node.put("updatedMs", updatedMs);
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Optional<QueryStatus> fromBytes(String queryId, byte[] value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(value);
            JsonNode error = node.get("error");
            return Optional.of(new QueryStatus(queryId, node.path("state").asText("UNKNOWN"),
                error == null || error.isNull() ? Optional.empty() : Optional.of(error.asText()),
                node.path("malformedRecords").asLong(), node.path("lateRecords").asLong(),
                node.path("updatedMs").asLong()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
