package io.freshet.http.v3;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.gateway.Appended;
import io.freshet.gateway.EventLog;
import io.freshet.http.error.HttpErrors;
import io.freshet.http.error.RestException;
import io.freshet.http.produce.BatchAppend;
import io.freshet.http.routing.HttpExchange;
import io.freshet.http.routing.ResponseStream;
import io.freshet.http.routing.StreamingRequestHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One produce request's body, record by record while it arrives: the records complete in one chunk of the body are
 * appended together, as one batch per partition (as a Kafka producer batches), and each record's delivery report is
 * written once it and every record before it are durable (fsynced), in body order, while the body may still be open.
 *
 * <pre>
 *   chunk -> JsonValueSplitter -> ProduceRecord.decode -> pending (body order) + this chunk's records
 *     end of chunk -> BatchAppend: partition_id, else murmur2(key), else one partition in turn per chunk
 *                  -> EventLog.appendAll(partition, DURABLE): one batch per partition
 *   fsync pool: append done -> drain on the event loop -> head-of-line reports -> one chunk, one report per line
 * </pre>
 *
 * <p>The answer's form is decided when the first report is ready: a body that held exactly one record (and ended)
 * is answered whole, with the record's own HTTP status (200, or 400 / 404 / 413 with the error body); anything else
 * is a chunked 200 with one report per record. A record that fails gets its error report and the stream goes on;
 * a failure that leaves the rest of the body unreadable (malformed JSON, a record over {@code http.max.request.bytes})
 * is its HTTP status when nothing was answered yet, else a last error report, and then the connection closes.
 *
 * <p>Back-pressure: with more than {@link #MAX_IN_FLIGHT_RECORDS} records or {@code http.max.request.bytes} of JSON
 * waiting for their reports, the socket is not read; reading resumes at half of that, once reports are written and
 * the socket takes more (a client that does not read its reports stops being read).
 *
 * <p>Threading: the event loop of the connection, except {@link #onAppended}, which stores an append's outcome
 * (on the fsync pool) and schedules a drain.
 */
final class ProduceStream implements StreamingRequestHandler.BodyListener {

    static final int MAX_IN_FLIGHT_RECORDS = 4096;
    /** A burst of reports goes out in chunks of about this size, checking writability between them. */
    private static final int CHUNK_BYTES = 16 * 1024;

    private final HttpExchange exchange;
    private final EventLog log;
    private final String topic;
    private final JsonValueSplitter splitter;
    private final long maxInFlightBytes;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** The records of the chunk being read, appended together when it is read. */
    private final List<Pending> unappended = new ArrayList<>();
    private final DeliveryReport reports;

    private ResponseStream stream;
    private int entries;
    private long inFlightBytes;
    private boolean bodyEnded;
    /** The body can no longer be read (a last error report is queued): content that still arrives is dropped. */
    private boolean stopped;
    private boolean paused;
    private boolean finished;

    ProduceStream(HttpExchange exchange, EventLog log, String topic, int maxRequestBytes) throws Exception {
        this.exchange = exchange;
        this.log = log;
        this.topic = topic;
        this.splitter = new JsonValueSplitter(maxRequestBytes);
        this.maxInFlightBytes = maxRequestBytes;
        this.reports = new DeliveryReport(log.clusterId());
    }

    @Override
    public void onContent(ByteBuf content) throws Exception {
        if (stopped || finished) {
            return;
        }
        Exception failure = null;
        try {
            splitter.feed(ByteBufUtil.getBytes(content), this::onRecord);
        } catch (Exception e) {
            failure = e;
        }
        appendChunk();
        if (failure != null) {
            stop(failure);
        }
        if (!paused && !stopped && (pending.size() >= MAX_IN_FLIGHT_RECORDS || inFlightBytes >= maxInFlightBytes)) {
            paused = true;
            exchange.pauseReading();
        }
    }

    @Override
    public void onEnd() throws Exception {
        if (finished) {
            return;
        }
        if (!stopped) {
            Exception failure = null;
            try {
                splitter.end(this::onRecord);
            } catch (Exception e) {
                failure = e;
            }
            appendChunk();
            if (failure != null) {
                stop(failure);
            }
        }
        bodyEnded = true;
        scheduleDrain();
    }

    @Override
    public void onAbort() {
        finished = true;
        pending.clear();
    }

    private void onRecord(JsonNode json, long bytes) {
        Pending entry = new Pending(bytes);
        pending.add(entry);
        entries++;
        inFlightBytes += bytes;
        try {
            entry.record = ProduceRecord.decode(json);
            unappended.add(entry);
        } catch (RuntimeException e) {
            onAppended(entry, null, e);
        }
    }

    /** Appends the chunk's records, one batch per partition ({@link BatchAppend}). */
    private void appendChunk() {
        if (unappended.isEmpty()) {
            return;
        }
        List<BatchAppend.ToAppend> records = new ArrayList<>(unappended.size());
        for (Pending entry : unappended) {
            records.add(new BatchAppend.ToAppend(entry.record.record(), entry.record.partitionId()));
        }
        List<CompletableFuture<Appended>> appends = BatchAppend.append(log, topic, records);
        for (int i = 0; i < appends.size(); i++) {
            Pending entry = unappended.get(i);
            appends.get(i).whenComplete((appended, error) -> onAppended(entry, appended, error));
        }
        unappended.clear();
    }

    /** Any thread. */
    private void onAppended(Pending entry, Appended appended, Throwable error) {
        entry.appended = appended;
        entry.error = error;
        entry.done = true;
        scheduleDrain();
    }

    /**
     * The rest of the body cannot be read. Nothing answered or waiting yet: the error is the answer's status (thrown
     * to the connection, which answers it and closes). Else it is the last report, after those before it.
     */
    private void stop(Exception error) throws Exception {
        stopped = true;
        if (stream == null && pending.isEmpty()) {
            finished = true;
            throw error;
        }
        Pending last = new Pending(0);
        last.error = error;
        last.done = true;
        pending.add(last);
        entries++;
        exchange.closeAfterAnswer();
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            exchange.eventLoop().execute(this::drain);
        }
    }

    /** Writes the reports that are ready, in order. Event loop. */
    private void drain() {
        drainScheduled.set(false);
        if (finished) {
            return;
        }
        if (stream == null && !startAnswer()) {
            return;
        }
        ByteBuf chunk = null;
        while (!pending.isEmpty() && pending.peek().done && stream.isWritable()) {
            Pending entry = pending.poll();
            inFlightBytes -= entry.bytes;
            if (chunk == null) {
                chunk = exchange.channel().alloc().buffer(CHUNK_BYTES);
            }
            entry.writeReport(chunk);
            chunk.writeByte('\n');
            if (chunk.readableBytes() >= CHUNK_BYTES) {
                stream.write(chunk);
                chunk = null;
            }
        }
        if (chunk != null) {
            stream.write(chunk);
        }
        if (pending.isEmpty() && (bodyEnded || stopped)) {
            finished = true;
            stream.end();
            return;
        }
        resumeIfDrained();
    }

    /**
     * Answers a one-record body whole, or starts the chunked answer; false while the first report is not ready (or
     * when the whole answer was just sent).
     */
    private boolean startAnswer() {
        Pending head = pending.peek();
        if (head == null) {
            if (bodyEnded) {
                finished = true;
                exchange.respondError(RestException.invalidPayload("Request body is empty. Data is required."));
            }
            return false;
        }
        if (!head.done) {
            return false;
        }
        if (bodyEnded && entries == 1) {
            finished = true;
            pending.poll();
            if (head.error == null) {
                ByteBuf report = exchange.channel().alloc().buffer(256);
                reports.write(report, head.record, head.appended);
                exchange.respond(HttpResponseStatus.OK, HttpExchange.JSON, report);
            } else {
                exchange.respondError(head.error);
            }
            return false;
        }
        stream = exchange.startStream(HttpResponseStatus.OK, HttpExchange.JSON);
        stream.onWritable(this::drain);
        stream.onClose(this::onAbort);
        return true;
    }

    private void resumeIfDrained() {
        if (paused && !bodyEnded && !stopped && pending.size() <= MAX_IN_FLIGHT_RECORDS / 2
            && inFlightBytes <= maxInFlightBytes / 2 && (stream == null || stream.isWritable())) {
            paused = false;
            exchange.resumeReading();
        }
    }

    /** One record's place in the answer. {@code done} is written last by the thread that completes it. */
    private final class Pending {
        final long bytes;
        ProduceRecord record;
        Appended appended;
        Throwable error;
        volatile boolean done;

        Pending(long bytes) {
            this.bytes = bytes;
        }

        void writeReport(ByteBuf out) {
            if (error != null) {
                out.writeBytes(HttpErrors.toBody(error).json());
            } else {
                reports.write(out, record, appended);
            }
        }
    }
}
