package io.freshet.http.v2;

import io.freshet.http.error.RestException;
import io.freshet.http.routing.HttpExchange;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code GET .../records}: takes what the instance holds, polls in slices of at most {@link #SLICE_MS} (the
 * instance's next slice queues behind other calls, and the pool thread is free between slices), and answers when
 * it has {@code fetch.min.bytes} (by default: any record), when the next record would pass {@code max_bytes}, or at
 * its timeout (an empty array then). Runs on the instance's serial executor.
 */
final class RecordsRead implements Runnable {

    private static final long SLICE_MS = 100;

    private final ConsumerInstance instance;
    private final HttpExchange exchange;
    private final long deadlineNanos;
    private final long maxBytes;
    private final long minBytes;
    private final List<ConsumerRecord<byte[], byte[]>> taken = new ArrayList<>();
    private long bytes;
    private boolean started;
    private boolean full;

    RecordsRead(ConsumerInstance instance, HttpExchange exchange, long timeoutMs, long maxBytes) {
        this.instance = instance;
        this.exchange = exchange;
        this.deadlineNanos = System.nanoTime() + timeoutMs * 1_000_000;
        this.maxBytes = maxBytes;
        this.minBytes = Math.max(1, instance.config().fetchMinBytes());
    }

    @Override
    public void run() {
        if (instance.isClosed() || instance.consumer() == null) {
            exchange.respondError(RestException.consumerInstanceNotFound(instance.group(), instance.name()));
            return;
        }
        if (!exchange.channel().isActive()) {
            giveBack(); // the client went away: what this read took is for the next read, not marked returned
            return;
        }
        try {
            if (!started) {
                started = true;
                instance.autoCommitIfDue();
            }
            take();
            long remainingMs = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (!done() && remainingMs > 0) {
                instance.pollIntoPending(Duration.ofMillis(Math.min(remainingMs, SLICE_MS)));
                take();
                remainingMs = (deadlineNanos - System.nanoTime()) / 1_000_000;
            }
            instance.touch();
            if (done() || remainingMs <= 0) {
                answer();
            } else {
                instance.continueRead(this);
            }
        } catch (IllegalStateException e) {
            giveBack();
            exchange.respondError(RestException.illegalState(e.getMessage()));
        } catch (RuntimeException e) {
            giveBack();
            exchange.respondError(e);
        }
    }

    /** Moves pending records into the answer while they fit in {@code max_bytes} (the first always does). */
    private void take() {
        var pending = instance.pending();
        while (!pending.isEmpty() && !full) {
            ConsumerRecord<byte[], byte[]> next = pending.peek();
            long size = size(next);
            if (!taken.isEmpty() && bytes + size > maxBytes) {
                full = true;
                return;
            }
            taken.add(pending.poll());
            bytes += size;
        }
    }

    private boolean done() {
        return full || (!taken.isEmpty() && bytes >= minBytes);
    }

    /**
     * Answers with the records taken. A record a JSON instance cannot render (its bytes are not JSON) ends the
     * answer before it: the client gets the records before it, and the next read fails with an error naming it
     * (seek past it with {@code POST .../positions}); nothing after it is marked returned.
     */
    private void answer() {
        EmbeddedFormat format = instance.config().format();
        List<Map<String, Object>> body = new ArrayList<>(taken.size());
        RestException unreadable = null;
        for (ConsumerRecord<byte[], byte[]> record : taken) {
            try {
                body.add(json(record, format));
            } catch (RestException e) {
                unreadable = e;
                break;
            }
        }
        if (unreadable != null) {
            List<ConsumerRecord<byte[], byte[]>> rendered = new ArrayList<>(taken.subList(0, body.size()));
            taken.subList(0, body.size()).clear();
            giveBack(); // the unreadable record stays first in line
            taken.addAll(rendered);
            if (body.isEmpty()) {
                exchange.respondError(unreadable);
                return;
            }
        }
        instance.markReturned(taken);
        exchange.respondJson(200, body, format.mediaType());
    }

    private static Map<String, Object> json(ConsumerRecord<byte[], byte[]> record, EmbeddedFormat format) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("topic", record.topic());
        json.put("key", format.toJson(record.key(), where));
        json.put("value", format.toJson(record.value(), where));
        json.put("partition", record.partition());
        json.put("offset", record.offset());
        return json;
    }

    /** Puts what this read took back at the head of the pending records, in order. */
    private void giveBack() {
        for (int i = taken.size() - 1; i >= 0; i--) {
            instance.pending().addFirst(taken.get(i));
        }
        taken.clear();
    }

    private static long size(ConsumerRecord<byte[], byte[]> record) {
        return (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
    }
}
