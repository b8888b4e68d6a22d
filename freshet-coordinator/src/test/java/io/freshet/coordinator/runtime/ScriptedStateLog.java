package io.freshet.coordinator.runtime;

import org.apache.kafka.common.errors.KafkaStorageException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An internal log in memory whose appends and fsyncs fail when a test says so: synchronously (the append throws,
 * as on a full disk) or asynchronously (durability fails for every write still waiting, as after an fsync error).
 * By default every append is durable at once; {@link #holdDurability} keeps writes in flight until the test releases
 * or fails them. {@link #afterCrash} is what a restart would find: the durable records only. Thread-safe (the
 * coordinator thread appends, the test thread releases).
 */
public final class ScriptedStateLog implements StateLog {

    private final List<StateRecord> records = new ArrayList<>();
    private final TreeMap<Long, List<CompletableFuture<Void>>> waiting = new TreeMap<>();
    private long logStart;
    private long durableEnd;
    private long bytesAppended;
    private boolean holding;
    private RuntimeException appendFailure;
    private final List<Long> deletedBefore = new ArrayList<>();

    public ScriptedStateLog() {
    }

    private ScriptedStateLog(List<StateRecord> durable, long logStart) {
        this.records.addAll(durable);
        this.logStart = logStart;
        this.durableEnd = durable.size();
    }

    /** Appends throw this (a KafkaStorageException when null is not given) until {@link #appendsSucceed}. */
    public synchronized void failAppends(RuntimeException failure) {
        appendFailure = failure;
    }

    public synchronized void failAppends() {
        failAppends(new KafkaStorageException("No space left on device"));
    }

    public synchronized void appendsSucceed() {
        appendFailure = null;
    }

    /** Appended writes wait for {@link #releaseDurability} or {@link #failDurability}. */
    public synchronized void holdDurability() {
        holding = true;
    }

    /** Everything appended becomes durable; waiters complete oldest first. Later appends are durable at once. */
    public void releaseDurability() {
        completeUpTo(Long.MAX_VALUE, false);
        synchronized (this) {
            holding = false;
        }
    }

    /** The first {@code count} records appended so far become durable (the log keeps holding the rest). */
    public void releaseDurabilityUpTo(long endOffset) {
        completeUpTo(endOffset, false);
    }

    /** Everything appended becomes durable, but the newest waiter hears of it first (a prefix fsync). */
    public void releaseDurabilityNewestFirst() {
        completeUpTo(Long.MAX_VALUE, true);
    }

    /** Every write still waiting fails, as after an fsync error. */
    public void failDurability() {
        List<CompletableFuture<Void>> failed = new ArrayList<>();
        synchronized (this) {
            waiting.values().forEach(failed::addAll);
            waiting.clear();
        }
        failed.forEach(f -> f.completeExceptionally(new KafkaStorageException("fsync failed: Input/output error")));
    }

    /** Only the write ending at {@code endOffset} fails (the ones before and after stay in flight). */
    public void failDurabilityOf(long endOffset) {
        List<CompletableFuture<Void>> failed;
        synchronized (this) {
            failed = waiting.remove(endOffset);
        }
        failed.forEach(f -> f.completeExceptionally(new KafkaStorageException("fsync failed: Input/output error")));
    }

    /** What a restart finds: the durable records from the log start. */
    public synchronized ScriptedStateLog afterCrash() {
        return new ScriptedStateLog(records.subList(0, (int) durableEnd), logStart);
    }

    public synchronized List<StateRecord> records() {
        return List.copyOf(records.subList((int) logStart, records.size()));
    }

    public synchronized long logStartOffset() {
        return logStart;
    }

    public synchronized List<Long> deletedBefore() {
        return List.copyOf(deletedBefore);
    }

    @Override
    public synchronized int replay(Consumer<StateRecord> apply) {
        List<StateRecord> live = records.subList((int) logStart, records.size());
        live.forEach(apply);
        return live.size();
    }

    @Override
    public synchronized long append(List<StateRecord> batch) {
        if (appendFailure != null) {
            throw appendFailure;
        }
        records.addAll(batch);
        bytesAppended += 100L * batch.size();
        if (!holding) {
            durableEnd = records.size();
        }
        return records.size();
    }

    @Override
    public synchronized CompletableFuture<Void> awaitDurable(long endOffset) {
        if (endOffset <= durableEnd) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiting.computeIfAbsent(endOffset, e -> new ArrayList<>()).add(done);
        return done;
    }

    @Override
    public synchronized long logEndOffset() {
        return records.size();
    }

    @Override
    public synchronized long bytesAppended() {
        return bytesAppended;
    }

    @Override
    public synchronized void deleteRecordsBefore(long offset) {
        deletedBefore.add(offset);
        logStart = Math.max(logStart, offset);
    }

    private void completeUpTo(long endOffset, boolean newestFirst) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        synchronized (this) {
            long end = Math.min(endOffset, records.size());
            durableEnd = Math.max(durableEnd, end);
            Iterator<Map.Entry<Long, List<CompletableFuture<Void>>>> it = waiting.headMap(end, true).entrySet()
                .iterator();
            while (it.hasNext()) {
                done.addAll(it.next().getValue());
                it.remove();
            }
        }
        if (newestFirst) {
            java.util.Collections.reverse(done);
        }
        done.forEach(f -> f.complete(null));
    }
}
