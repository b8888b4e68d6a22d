package io.freshet.mqtt.delivery;

import io.freshet.gateway.ReadResult;
import io.freshet.mqtt.message.TopicFilter;
import io.netty.util.concurrent.EventExecutor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The partitions one session reads for its non-shared subscriptions, and the reads: which partitions (every
 * partition of every topic a filter may match), from where (a new subscription from the end, a partition that
 * appeared after the subscriptions from its start), and at most {@link #MAX_READS} reads of
 * {@link #READ_BYTES} in flight, with no more than {@link #MAX_READ_AHEAD} partitions holding records not yet sent.
 * Owned by the session's thread; read results hop back there through the {@link Owner}.
 */
final class SessionPartitions {

    static final int READ_BYTES = 64 * 1024;
    private static final int MAX_READS = 4;
    private static final int MAX_READ_AHEAD = 8;
    private static final long READ_RETRY_MS = 1000;
    private static final Logger log = LoggerFactory.getLogger(SessionPartitions.class);

    /** The session, as its partitions need it. */
    interface Owner {
        /** Runs {@code task} on the session's thread if it is still attached as it was at {@code generation}. */
        void onOwner(int generation, Runnable task);

        int generation();

        /** The session's thread while attached, else null. */
        EventExecutor executor();

        /** Any thread: something may be ready to send. */
        void wake();

        /** On the session's thread: a read finished. */
        void readDone();
    }

    private final String clientId;
    private final DeliveryContext ctx;
    private final Owner owner;
    private final Map<TopicPartition, PartitionCursor> cursors = new LinkedHashMap<>();
    private boolean watching;
    private int readsInFlight;
    private int rotation;

    SessionPartitions(String clientId, DeliveryContext ctx, Owner owner) {
        this.clientId = clientId;
        this.ctx = ctx;
        this.owner = owner;
    }

    Collection<PartitionCursor> cursors() {
        return cursors.values();
    }

    /** The cursors, starting one further each call, so no partition always goes first. */
    List<PartitionCursor> inTurn() {
        List<PartitionCursor> list = new ArrayList<>(cursors.values());
        int n = list.size();
        List<PartitionCursor> turned = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            turned.add(list.get(Math.floorMod(rotation + i, n)));
        }
        rotation++;
        return turned;
    }

    /** A position restored from the stored state. */
    void restore(TopicPartition tp, long offset) {
        add(tp, offset);
    }

    /** A new subscription gets what is published from now on: it starts at the end of partitions not read yet. */
    void addAtEnd(TopicFilter filter) {
        for (TopicPartition tp : TopicScan.partitions(ctx.log(), ctx.mapper(), filter)) {
            if (!cursors.containsKey(tp)) {
                add(tp, TopicScan.endOffset(ctx.log(), tp));
            }
        }
    }

    /**
     * Adds partitions the filters may match but the session does not read: they were created (or added to their
     * topic) after the subscriptions, which started with every partition there was, so all their records are new
     * to the session. Returns whether it added any.
     */
    boolean addNew(List<TopicFilter> filters) {
        boolean added = false;
        if (!filters.isEmpty()) {
            for (String topic : ctx.log().topics()) {
                added |= addNew(topic, filters);
            }
        }
        return added;
    }

    /** {@code topic} was created, grew or was deleted. Returns whether the partitions read changed. */
    boolean topicChanged(String topic, List<TopicFilter> filters) {
        if (ctx.log().partitionCount(topic).isPresent()) {
            return addNew(topic, filters);
        }
        List<TopicPartition> gone = cursors.keySet().stream().filter(tp -> tp.topic().equals(topic)).toList();
        gone.forEach(this::remove);
        return !gone.isEmpty();
    }

    /** Stops reading partitions no filter may match any more. */
    void removeUnmatched(List<TopicFilter> filters) {
        for (TopicPartition tp : List.copyOf(cursors.keySet())) {
            if (!TopicScan.mayMatch(ctx.mapper(), filters, tp.topic())) {
                remove(tp);
            }
        }
    }

    /** Attached: appends to the partitions wake the session; reading restarts at each position. */
    void watch() {
        watching = true;
        for (PartitionCursor cursor : cursors.values()) {
            cursor.rewind();
            ctx.signals().watch(cursor.partition, cursor);
        }
    }

    /** Detached: no more wake-ups; what was read ahead is dropped (positions stay), reads under way are ignored. */
    void unwatch() {
        watching = false;
        for (PartitionCursor cursor : cursors.values()) {
            ctx.signals().unwatch(cursor.partition, cursor);
            cursor.rewind();
        }
        readsInFlight = 0;
    }

    void clear() {
        unwatch();
        cursors.clear();
    }

    /** Starts the reads that are due, within the limits. The caller has checked that the session can send. */
    void startReads() {
        int readAhead = readsInFlight;
        for (PartitionCursor cursor : cursors.values()) {
            if (!cursor.pending.isEmpty()) {
                readAhead++;
            }
        }
        for (PartitionCursor cursor : inTurn()) {
            if (readsInFlight >= MAX_READS || readAhead >= MAX_READ_AHEAD) {
                return;
            }
            if (cursor.wantsRead()) {
                read(cursor);
                readAhead++;
            }
        }
    }

    private boolean addNew(String topic, List<TopicFilter> filters) {
        if (!TopicScan.mayMatch(ctx.mapper(), filters, topic)) {
            return false;
        }
        boolean added = false;
        for (TopicPartition tp : TopicScan.partitions(ctx.log(), topic)) {
            if (!cursors.containsKey(tp)) {
                add(tp, 0);
                added = true;
            }
        }
        return added;
    }

    private void add(TopicPartition tp, long offset) {
        PartitionCursor cursor = new PartitionCursor(tp, offset, owner::wake);
        cursors.put(tp, cursor);
        if (watching) {
            ctx.signals().watch(tp, cursor);
        }
    }

    private void remove(TopicPartition tp) {
        PartitionCursor cursor = cursors.remove(tp);
        if (cursor != null) {
            ctx.signals().unwatch(tp, cursor);
        }
    }

    private void read(PartitionCursor cursor) {
        long offset = cursor.startRead();
        readsInFlight++;
        int generation = owner.generation();
        ctx.log().read(cursor.partition, offset, READ_BYTES).whenComplete((result, failure) ->
            owner.onOwner(generation, () -> readDone(cursor, result, failure)));
    }

    private void readDone(PartitionCursor cursor, ReadResult result, Throwable failure) {
        readsInFlight--;
        if (cursors.get(cursor.partition) == cursor) {
            if (failure == null) {
                cursor.readDone(result);
            } else {
                readFailed(cursor, Failures.cause(failure));
            }
        }
        owner.readDone();
    }

    private void readFailed(PartitionCursor cursor, Throwable failure) {
        if (failure instanceof OffsetOutOfRangeException) {
            long start = ctx.log().startOffset(cursor.partition);
            log.info("MQTT client {}: records of {} from {} are no longer in the log, continuing at {}", clientId,
                cursor.partition, cursor.position(), start);
            cursor.moveTo(Math.max(0, start));
            return;
        }
        cursor.readFailed();
        log.warn("MQTT client {}: reading {} failed, retrying in {} ms: {}", clientId, cursor.partition,
            READ_RETRY_MS, failure.toString());
        EventExecutor ex = owner.executor();
        int generation = owner.generation();
        ex.schedule(() -> owner.onOwner(generation, () -> {
            if (cursors.get(cursor.partition) == cursor) {
                cursor.retry();
                owner.readDone();
            }
        }), READ_RETRY_MS, TimeUnit.MILLISECONDS);
    }
}
