package io.freshet.http.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An event-stream reader on the JDK's HTTP client, line by line, parsing events as the WHATWG spec does (an event
 * ends at an empty line; {@code id:} sets the last event id even for an event without data; {@code :} lines are
 * comments). Every wait is bounded.
 */
final class SseClient implements AutoCloseable {

    record Event(String id, String type, String data) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger comments = new AtomicInteger();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final HttpResponse<InputStream> response;
    private final Parser parser = new Parser();
    private volatile String lastEventId;

    private SseClient(HttpClient client, URI uri, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = new Thread(this::readLines, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void readLines() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
            StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                parser.onLine(line);
            }
            ended.complete(null);
        } catch (Exception e) {
            ended.completeExceptionally(e);
        }
    }

    static SseClient open(HttpClient client, String uri, String lastEventId) throws Exception {
        return new SseClient(client, URI.create(uri), lastEventId);
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    /** The next event with data, or fails after {@code timeout}. */
    Event next(Duration timeout) throws InterruptedException {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("No event within " + timeout + " (last id " + lastEventId + ")");
        }
        return event;
    }

    List<Event> next(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Event> got = new ArrayList<>();
        while (got.size() < count) {
            long left = deadline - System.nanoTime();
            Event event = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("Got " + got.size() + " of " + count + " events within " + timeout);
            }
            got.add(event);
        }
        return got;
    }

    /** An event, if one arrives within {@code timeout}. */
    Event poll(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String lastEventId() {
        return lastEventId;
    }

    int comments() {
        return comments.get();
    }

    /** Completes when the server ended the stream. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }

    private final class Parser {
        private String id;
        private String type;
        private StringBuilder data;

        void onLine(String line) {
            if (line.isEmpty()) {
                dispatch();
            } else if (line.startsWith(":")) {
                comments.incrementAndGet();
            } else {
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> type = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> { }
                }
            }
        }

        private void dispatch() {
            if (id != null) {
                lastEventId = id;
            }
            if (data != null) {
                events.add(new Event(lastEventId, type == null ? "message" : type, data.toString()));
            }
            id = null;
            type = null;
            data = null;
        }
    }
}
