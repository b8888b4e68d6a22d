package io.freshet.http.ksql;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.http.error.RestException;
import io.freshet.http.json.Json;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code POST /ksql} ({@code {"ksql": "...", "streamsProperties": {...}}}) or {@code POST /query-stream}
 * ({@code {"sql": "...", "properties": {...}}}); either endpoint takes either spelling, as ksqlDB's clients mix them.
 * Property names lose ksqlDB's {@code ksql.streams.} prefix: {@code ksql.streams.auto.offset.reset} is
 * {@code auto.offset.reset}.
 */
record KsqlRequest(String text, Map<String, String> properties) {

    private static final String STREAMS_PREFIX = "ksql.streams.";

    static KsqlRequest parse(byte[] body, String textField) throws IOException {
        JsonNode root = Json.MAPPER.readTree(body);
        if (root == null || !root.isObject()) {
            throw RestException.badRequest("The body must be a JSON object with a \"" + textField + "\" member");
        }
        JsonNode text = root.hasNonNull("ksql") ? root.get("ksql") : root.get("sql");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            throw RestException.badRequest("The body must have a \"" + textField + "\" member with the statements");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (String member : new String[] {"streamsProperties", "properties"}) {
            JsonNode values = root.get(member);
            if (values != null && values.isObject()) {
                values.fields().forEachRemaining(e -> properties.put(strip(e.getKey()), e.getValue().asText()));
            }
        }
        return new KsqlRequest(text.asText(), properties);
    }

    private static String strip(String name) {
        return name.startsWith(STREAMS_PREFIX) ? name.substring(STREAMS_PREFIX.length()) : name;
    }

    /** {@code SET 'name'='value';} for each property: how a request's properties reach its session. */
    String setStatements() {
        StringBuilder sets = new StringBuilder();
        properties.forEach((name, value) -> sets.append("SET ").append(quote(name)).append('=')
            .append(quote(value)).append(";\n"));
        return sets.toString();
    }

    private static String quote(String literal) {
        return "'" + literal.replace("'", "''") + "'";
    }
}
