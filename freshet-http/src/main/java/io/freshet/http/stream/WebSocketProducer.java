package io.freshet.http.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.gateway.Appended;
import io.freshet.gateway.EventLog;
import io.freshet.http.error.HttpErrors;
import io.freshet.http.error.RestException;
import io.freshet.http.json.Json;
import io.freshet.http.produce.BatchAppend;
import io.netty.util.concurrent.EventExecutor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Produces what a WebSocket client sends ({@link FrameRecords}) and answers each frame with its delivery report(s),
 * in the order of the frames, each once the record is durable (fsynced, as a produce with acks=all): for one record
 * the report, for an array an array of reports in order. A report is REST v3's: {@code {"error_code":200,
 * "cluster_id","topic_name","partition_id","offset","timestamp","key":{"type":"BINARY","size":N},"value":...}}; a
 * record that fails, or a frame that is not valid, gets {@code {"error_code":N,"message":...}} and the socket stays
 * open.
 *
 * <p>At most {@value #MAX_IN_FLIGHT} records wait for their append: beyond that the socket is not read (back-pressure
 * on the client, instead of a queue). Event loop only; append completions hop back.
 */
final class WebSocketProducer {

    static final int MAX_IN_FLIGHT = 1024;

    /** Turns reading the socket on or off. */
    interface ReadControl {
        void setReading(boolean on);
    }

    private final EventLog log;
    private final String topic;
    private final EventExecutor loop;
    private final Consumer<String> reports;
    private final ReadControl reading;
    private final ArrayDeque<PendingFrame> pending = new ArrayDeque<>();
    private int inFlight;
    private boolean closed;

    WebSocketProducer(EventLog log, String topic, EventExecutor loop,
                      Consumer<String> reports, ReadControl reading) {
        this.log = log;
        this.topic = topic;
        this.loop = loop;
        this.reports = reports;
        this.reading = reading;
    }

    /** A text frame from the client. */
    void onFrame(String text) {
        JsonNode json;
        List<FrameRecords.ToAppend> records;
        try {
            json = FrameRecords.read(text);
            records = FrameRecords.parse(json);
        } catch (Exception e) {
            refused(e);
            return;
        }
        PendingFrame frame = new PendingFrame(json.isArray(), records.size());
        pending.add(frame);
        inFlight += records.size();
        // A frame's records are appended as one batch per partition.
        List<CompletableFuture<Appended>> appends = BatchAppend.append(log, topic, records.stream()
            .map(r -> new BatchAppend.ToAppend(r.record(), r.partition() >= 0 ? r.partition() : null)).toList());
        for (int i = 0; i < records.size(); i++) {
            int index = i;
            FrameRecords.ToAppend record = records.get(i);
            frame.sizes[i] = new int[] {size(record.record().key()), size(record.record().value())};
            appends.get(i).whenComplete((appended, failure) ->
                loop.execute(() -> done(frame, index, appended, failure)));
        }
        if (inFlight >= MAX_IN_FLIGHT) {
            reading.setReading(false);
        }
        sendDone();
    }

    /** A frame the endpoint does not take (binary). */
    void onRefused(String why) {
        refused(RestException.badRequest(why));
    }

    /** The frame gets one error report, in its turn among the frames before it. */
    private void refused(Exception why) {
        PendingFrame frame = new PendingFrame(false, 1);
        frame.reports[0] = error(why);
        frame.remaining = 0;
        pending.add(frame);
        sendDone();
    }

    private static int size(byte[] bytes) {
        return bytes == null ? -1 : bytes.length;
    }

    void close() {
        closed = true;
    }

    private void done(PendingFrame frame, int index, Appended appended, Throwable failure) {
        inFlight--;
        frame.reports[index] = failure != null ? error(failure) : report(appended, frame, index);
        frame.remaining--;
        sendDone();
        if (inFlight <= MAX_IN_FLIGHT / 2 && !closed) {
            reading.setReading(true);
        }
    }

    /** Answers the frames at the head whose records are all done, in order. */
    private void sendDone() {
        while (!pending.isEmpty() && pending.peekFirst().remaining == 0) {
            PendingFrame frame = pending.pollFirst();
            if (!closed) {
                Object answer = frame.isArray ? Arrays.asList(frame.reports) : frame.reports[0];
                reports.accept(new String(Json.bytes(answer), StandardCharsets.UTF_8));
            }
        }
    }

    private Map<String, Object> report(Appended appended, PendingFrame frame, int index) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("error_code", 200);
        report.put("cluster_id", log.clusterId());
        report.put("topic_name", appended.partition().topic());
        report.put("partition_id", appended.partition().partition());
        report.put("offset", appended.offset());
        report.put("timestamp", appended.timestamp());
        report.put("key", frame.sizes[index][0] < 0 ? null : Map.of("type", "BINARY", "size", frame.sizes[index][0]));
        report.put("value", frame.sizes[index][1] < 0 ? null
            : Map.of("type", "BINARY", "size", frame.sizes[index][1]));
        return report;
    }

    private static Map<String, Object> error(Throwable failure) {
        HttpErrors.ErrorBody body = HttpErrors.toBody(failure);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("error_code", body.errorCode());
        report.put("message", body.message());
        return report;
    }

    /** A frame's reports, filled in as its appends complete. */
    private static final class PendingFrame {
        final boolean isArray;
        final Object[] reports;
        final int[][] sizes;
        int remaining;

        PendingFrame(boolean isArray, int count) {
            this.isArray = isArray;
            this.reports = new Object[count];
            this.sizes = new int[count][];
            this.remaining = count;
        }
    }
}
