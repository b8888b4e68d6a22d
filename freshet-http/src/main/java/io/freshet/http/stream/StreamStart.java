package io.freshet.http.stream;

import io.freshet.gateway.EventLog;
import io.freshet.http.error.RestException;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where a stream starts: {@code from=earliest}, {@code latest} (the default), an epoch-ms timestamp, or a position
 * {@code 0:12,1:7} (an SSE event's id: the {@code Last-Event-ID} header, which wins over {@code from}, or
 * {@code from=} itself). A position resumes exactly after the last event seen; a partition it does not name was added
 * after it, and starts at its beginning; an offset past the end starts at the end; one below the log's start is
 * served as a gap.
 */
record StreamStart(Kind kind, long timestamp, Map<Integer, Long> positions) {

    enum Kind { EARLIEST, LATEST, TIMESTAMP, POSITIONS }

    /** Parses {@code lastEventId} if given, else {@code from}; 400 when malformed. */
    static StreamStart parse(String from, String lastEventId) {
        if (lastEventId != null && !lastEventId.isBlank()) {
            return positions(lastEventId.trim(), "Last-Event-ID");
        }
        if (from == null || from.isEmpty() || from.equals("latest")) {
            return new StreamStart(Kind.LATEST, 0, Map.of());
        }
        if (from.equals("earliest")) {
            return new StreamStart(Kind.EARLIEST, 0, Map.of());
        }
        if (from.indexOf(':') >= 0) {
            return positions(from, "from");
        }
        try {
            long timestamp = Long.parseLong(from);
            if (timestamp >= 0) {
                return new StreamStart(Kind.TIMESTAMP, timestamp, Map.of());
            }
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw RestException.badRequest("from: expected earliest, latest, an epoch-ms timestamp or a position like "
            + "0:12,1:7, got '" + from + "'");
    }

    private static StreamStart positions(String text, String what) {
        Map<Integer, Long> positions = new HashMap<>();
        for (String part : text.split(",")) {
            int colon = part.indexOf(':');
            try {
                int partition = Integer.parseInt(part.substring(0, Math.max(colon, 0)).trim());
                long offset = Long.parseLong(part.substring(colon + 1).trim());
                if (partition < 0 || offset < 0 || positions.put(partition, offset) != null) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw RestException.badRequest(what + ": expected a position like 0:12,1:7, got '" + text + "'");
            }
        }
        return new StreamStart(Kind.POSITIONS, 0, Map.copyOf(positions));
    }

    /**
     * {@code latest} as the positions it means now (each partition's end), so that it no longer moves with the log;
     * any other start as it is.
     */
    StreamStart fixedIfLatest(EventLog log, String topic, int partitions) {
        if (kind != Kind.LATEST) {
            return this;
        }
        Map<Integer, Long> ends = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            ends.put(p, Math.max(0, log.endOffset(new TopicPartition(topic, p))));
        }
        return new StreamStart(Kind.POSITIONS, 0, Map.copyOf(ends));
    }

    /** The offset each partition of {@code topic} starts at (index = partition). */
    CompletableFuture<long[]> resolve(EventLog log, String topic, int partitions) {
        long[] start = new long[partitions];
        if (kind != Kind.TIMESTAMP) {
            for (int p = 0; p < partitions; p++) {
                start[p] = offset(log, new TopicPartition(topic, p));
            }
            return CompletableFuture.completedFuture(start);
        }
        CompletableFuture<?>[] lookups = new CompletableFuture<?>[partitions];
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            lookups[p] = log.offsetForTimestamp(new TopicPartition(topic, p), timestamp)
                .thenAccept(offset -> start[partition] = offset);
        }
        return CompletableFuture.allOf(lookups).thenApply(ignored -> start);
    }

    private long offset(EventLog log, TopicPartition tp) {
        long end = Math.max(0, log.endOffset(tp));
        return switch (kind) {
            case LATEST -> end;
            case EARLIEST -> Math.max(0, log.startOffset(tp));
            case POSITIONS -> Math.min(positions.getOrDefault(tp.partition(), 0L), end);
            case TIMESTAMP -> throw new IllegalStateException("resolved asynchronously");
        };
    }
}
