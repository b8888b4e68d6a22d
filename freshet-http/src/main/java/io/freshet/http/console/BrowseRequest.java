package io.freshet.http.console;

import io.freshet.http.error.RestException;
import io.freshet.http.routing.HttpExchange;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What {@code GET /console/api/topics/{topic}/messages} asks for: a partition (or all), and where to start: an
 * {@code offset}, a {@code timestamp} (the first record at or after it), or neither (the newest {@code limit}).
 * A parameter that is not a non-negative number, or {@code limit} outside 1..{@value #MAX_LIMIT}, is 400.
 */
record BrowseRequest(String topic, OptionalInt partition, OptionalLong offset, OptionalLong timestamp, int limit) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    static BrowseRequest from(HttpExchange exchange) {
        String topic = exchange.pathParam("topic");
        OptionalLong partition = number(exchange, "partition", Integer.MAX_VALUE);
        OptionalLong offset = number(exchange, "offset", Long.MAX_VALUE);
        OptionalLong timestamp = number(exchange, "timestamp", Long.MAX_VALUE);
        if (offset.isPresent() && timestamp.isPresent()) {
            throw RestException.badRequest("Give offset or timestamp, not both");
        }
        int limit = (int) number(exchange, "limit", MAX_LIMIT).orElse(DEFAULT_LIMIT);
        if (limit < 1) {
            throw RestException.badRequest("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
        return new BrowseRequest(topic,
            partition.isPresent() ? OptionalInt.of((int) partition.getAsLong()) : OptionalInt.empty(),
            offset, timestamp, limit);
    }

    private static OptionalLong number(HttpExchange exchange, String name, long max) {
        Optional<String> value = exchange.query(name).filter(v -> !v.isEmpty());
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.get());
        } catch (NumberFormatException e) {
            throw RestException.badRequest(name + " must be a number: '" + value.get() + "'");
        }
        if (parsed < 0 || parsed > max) {
            throw RestException.badRequest(name + " must be between 0 and " + max + ": " + parsed);
        }
        return OptionalLong.of(parsed);
    }
}
