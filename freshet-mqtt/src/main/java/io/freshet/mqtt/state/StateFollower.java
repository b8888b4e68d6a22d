package io.freshet.mqtt.state;

import io.freshet.gateway.Durability;
import io.freshet.gateway.EventLog;
import io.freshet.gateway.LogListener;
import io.freshet.gateway.LogRecord;
import io.freshet.gateway.OutgoingRecord;
import io.freshet.gateway.ReadResult;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Keeps a state topic's in-memory copy current with what <em>other</em> writers append after it was loaded: other
 * MQTT listeners on the same topics (several {@code freshet gateway} processes in front of one cluster, or a gateway
 * in front of a Freshet whose own MQTT listener runs). Each store tags its records with a writer id header
 * ({@value #WRITER_HEADER}); this follower reads the partition on from where the load ended, each time the log says
 * it grew, and hands on the records of other writers, in log order, one read at a time.
 *
 * <p>Order with this store's own writes: a store applies its own puts to memory at once, so a record of another
 * writer is applied only when no own write of the same key is still unread: such an own write comes later in the log
 * (it was appended after the other record was, or it would have been read first) and is the key's last value.
 *
 * <p>Threads: {@link #write} changes the store's memory under the store's write lock, held here. Reads are issued
 * and their records handled on the follower's own thread ({@code mqtt-state-follow-TOPIC}; the log's listener
 * callbacks only signal it, since an in-process read would otherwise run on the appending thread), one read at a
 * time, each record under the store's lock (so memory follows the log's order), and {@code onApplied} after it,
 * outside the lock. A read that fails is retried at the next append (a heartbeat comes every few seconds).
 */
public final class StateFollower implements LogListener, AutoCloseable {

    /** The header naming the writer of a state record (a random id per store and process). */
    public static final String WRITER_HEADER = "mqtt.state_writer";
    private static final Logger log = LoggerFactory.getLogger(StateFollower.class);

    private final EventLog eventLog;
    private final TopicPartition partition;
    /** The store's write lock: its memory changes under it, own writes and other writers' records alike. */
    private final Object lock = new Object();
    private final Consumer<LogRecord> apply;
    private final Consumer<LogRecord> onApplied;
    private final byte[] writerId = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
    private final Header writerHeader = new RecordHeader(WRITER_HEADER, writerId);
    /** Own writes appended (or on their way) and not read back yet, by key; guarded by {@link #lock}. */
    private final Map<String, Integer> unreadOwnWrites = new HashMap<>();
    private final AtomicLong knownEnd = new AtomicLong(-1);
    private final ExecutorService thread;
    /** Whether a read is in flight; only the follower's thread reads and sets it. */
    private boolean reading;
    /** The next offset to read; -1 until {@link #start}; the follower's thread's. */
    private long position = -1;
    private volatile boolean closed;

    /**
     * @param apply     applies another writer's record to the store's memory (under the store's write lock)
     * @param onApplied told of each record {@code apply} took, outside the lock (must not block)
     */
    public StateFollower(EventLog eventLog, TopicPartition partition, Consumer<LogRecord> apply,
                         Consumer<LogRecord> onApplied) {
        this.eventLog = eventLog;
        this.partition = partition;
        this.apply = apply;
        this.onApplied = onApplied;
        this.thread = Executors.newSingleThreadExecutor(new DefaultThreadFactory("mqtt-state-follow-"
            + partition.topic(), true));
        eventLog.addListener(this); // before the load's end is known: nothing appended meanwhile is missed
    }

    /** The header every record of this store carries. */
    public Header writerHeader() {
        return writerHeader;
    }

    /** Follows from {@code offset}, where the load ended. */
    public void start(long offset) {
        knownEnd.accumulateAndGet(eventLog.endOffset(partition), Math::max);
        signal(() -> position = offset);
    }

    /**
     * The store's own write of {@code key}: under the store's write lock, {@code memoryUpdate} changes its memory and
     * {@code record} (this store's writer header added) is appended, durably, so that memory and log change in the
     * same order whichever threads write. The lock covers the call to append only, which does not block on I/O.
     * Completes when the record is durable.
     */
    public CompletableFuture<Void> write(String key, OutgoingRecord record, Runnable memoryUpdate) {
        List<Header> headers = new ArrayList<>(record.headers());
        headers.add(writerHeader);
        OutgoingRecord tagged = new OutgoingRecord(record.key(), record.value(), headers, record.timestamp());
        CompletableFuture<Void> appended;
        synchronized (lock) {
            memoryUpdate.run();
            unreadOwnWrites.merge(key, 1, Integer::sum);
            appended = eventLog.append(partition, tagged, Durability.DURABLE).thenApply(done -> null);
        }
        appended.whenComplete((v, e) -> {
            if (e != null) { // it will not be read back (if it is after all, it is still own)
                synchronized (lock) {
                    unreadOwnWrites.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
                }
            }
        });
        return appended;
    }

    @Override
    public void onAppend(TopicPartition appended, long endOffset) {
        if (appended.equals(partition)) {
            knownEnd.accumulateAndGet(endOffset, Math::max);
            signal(() -> { });
        }
    }

    @Override
    public void onTopicChanged(String topic, int partitions) {
        if (topic.equals(partition.topic())) {
            knownEnd.accumulateAndGet(eventLog.endOffset(partition), Math::max);
            signal(() -> { });
        }
    }

    /** Runs {@code first}, then reads on if there is more, on the follower's thread. */
    private void signal(Runnable first) {
        if (closed) {
            return;
        }
        try {
            thread.execute(() -> {
                first.run();
                pull();
            });
        } catch (RejectedExecutionException stopped) {
            // closed meanwhile
        }
    }

    /** On the follower's thread: one read at a time, from the position to the end known. */
    private void pull() {
        long from = position;
        if (closed || reading || from < 0 || from >= knownEnd.get()) {
            return;
        }
        reading = true;
        eventLog.read(partition, from, CompactedTopic.READ_BYTES).whenCompleteAsync((read, error) -> {
            reading = false;
            if (error != null) {
                log.warn("{}: could not read other writers' state at offset {}: {}", partition, from,
                    error.toString());
            } else if (handle(read)) {
                pull(); // more may have come meanwhile: signals during the read found a read in flight
            }
        }, this::execute);
    }

    private void execute(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException stopped) {
            // closed meanwhile
        }
    }

    private boolean handle(ReadResult read) {
        long from = position;
        for (LogRecord record : read.records()) {
            if (record.offset() >= from) {
                handle(record);
            }
        }
        if (read.nextOffset() <= from) {
            return false; // nothing readable there yet (an open transaction's records): the next append retries
        }
        position = read.nextOffset();
        return true;
    }

    private void handle(LogRecord record) {
        if (record.key() == null) {
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        boolean applied;
        synchronized (lock) {
            if (isOwn(record)) {
                unreadOwnWrites.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
                return;
            }
            applied = !unreadOwnWrites.containsKey(key);
            if (applied) {
                apply.accept(record);
            }
        }
        if (applied) {
            try {
                onApplied.accept(record);
            } catch (RuntimeException e) {
                log.warn("{}: a listener failed on another writer's state record {}: {}", partition, key,
                    e.toString());
            }
        }
    }

    private boolean isOwn(LogRecord record) {
        byte[] writer = writerOf(record);
        return writer != null && Arrays.equals(writer, writerId);
    }

    /** The writer id a record carries ({@value #WRITER_HEADER}); null for none (written before there were ids). */
    public static byte[] writerOf(LogRecord record) {
        for (Header header : record.headers()) {
            if (header.key().equals(WRITER_HEADER)) {
                return header.value();
            }
        }
        return null;
    }

    /** This store's writer id, as its records carry it. */
    public String writerId() {
        return new String(writerId, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closed = true;
        eventLog.removeListener(this);
        thread.shutdown();
    }
}
