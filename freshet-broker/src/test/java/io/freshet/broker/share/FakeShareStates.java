package io.freshet.broker.share;

import io.freshet.coordinator.share.Acknowledgement;
import io.freshet.coordinator.share.AcquireLimits;
import io.freshet.coordinator.share.Acquired;
import io.freshet.coordinator.share.ShareKey;
import io.freshet.coordinator.share.ShareLogReader;
import io.freshet.coordinator.share.ShareStates;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A small in-memory share-partition state for the broker's data-path tests: every partition starts at its log
 * start, records are acquired in whole batches (or exactly MaxRecords in record_limit mode), ACCEPT and REJECT end
 * a record, RELEASE and a member's release make it available again with its delivery count kept. Runs on one
 * thread, as the share coordinator does; no locks time out.
 */
public final class FakeShareStates implements ShareStates, AutoCloseable {

    private static final int LOCK_MS = 30_000;

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-share-states"));
    private final Map<ShareKey, Partition> partitions = new HashMap<>();
    private volatile AvailabilityListener listener = key -> { };

    private static final class Partition {
        long next = -1;
        /** offset -> delivery count of records delivered and not yet ended */
        final TreeMap<Long, Short> deliveries = new TreeMap<>();
        final Map<Long, String> holders = new HashMap<>();
    }

    @Override
    public CompletableFuture<Acquired> acquire(ShareKey key, String memberId, AcquireLimits limits,
                                               ShareLogReader reader) {
        return onThread(() -> {
            Partition p = partitions.computeIfAbsent(key, k -> new Partition());
            TopicPartition tp = key.partition();
            if (p.next < 0) {
                p.next = reader.logStartOffset(tp);
            }
            List<Acquired.AcquiredRange> ranges = new ArrayList<>();
            long from = firstAvailable(p);
            if (from < 0 || from >= reader.logEndOffset(tp)) {
                return new Acquired(MemoryRecords.EMPTY, List.of(), LOCK_MS);
            }
            Records records = reader.read(tp, from, limits.maxBytes());
            int taken = 0;
            long last = -1;
            for (RecordBatch batch : records.batches()) {
                for (long offset = Math.max(batch.baseOffset(), from); offset <= batch.lastOffset(); offset++) {
                    if (limits.recordLimit() && taken == limits.maxRecords()) {
                        break;
                    }
                    if (p.holders.containsKey(offset) || (offset < p.next && !p.deliveries.containsKey(offset))) {
                        continue;
                    }
                    short count = (short) (p.deliveries.getOrDefault(offset, (short) 0) + 1);
                    p.deliveries.put(offset, count);
                    p.holders.put(offset, memberId);
                    add(ranges, offset, count);
                    p.next = Math.max(p.next, offset + 1);
                    taken++;
                    last = batch.lastOffset();
                }
                if (taken >= limits.maxRecords()) {
                    break;
                }
            }
            return new Acquired(last < 0 ? MemoryRecords.EMPTY : records, ranges, LOCK_MS);
        });
    }

    private static long firstAvailable(Partition p) {
        for (Map.Entry<Long, Short> delivered : p.deliveries.entrySet()) {
            if (!p.holders.containsKey(delivered.getKey())) {
                return delivered.getKey();
            }
        }
        return p.next;
    }

    private static void add(List<Acquired.AcquiredRange> ranges, long offset, short count) {
        if (!ranges.isEmpty()) {
            Acquired.AcquiredRange last = ranges.get(ranges.size() - 1);
            if (last.lastOffset() == offset - 1 && last.deliveryCount() == count) {
                ranges.set(ranges.size() - 1, new Acquired.AcquiredRange(last.firstOffset(), offset, count));
                return;
            }
        }
        ranges.add(new Acquired.AcquiredRange(offset, offset, count));
    }

    @Override
    public CompletableFuture<Errors> acknowledge(ShareKey key, String memberId, List<Acknowledgement> batches) {
        return onThread(() -> {
            Partition p = partitions.get(key);
            for (Acknowledgement batch : batches) {
                for (long offset = batch.firstOffset(); offset <= batch.lastOffset(); offset++) {
                    byte type = batch.types().length == 1 ? batch.types()[0]
                        : batch.types()[(int) (offset - batch.firstOffset())];
                    if (type != Acknowledgement.GAP && (p == null || !memberId.equals(p.holders.get(offset)))) {
                        return Errors.INVALID_RECORD_STATE;
                    }
                }
            }
            boolean released = false;
            for (Acknowledgement batch : batches) {
                for (long offset = batch.firstOffset(); offset <= batch.lastOffset(); offset++) {
                    byte type = batch.types().length == 1 ? batch.types()[0]
                        : batch.types()[(int) (offset - batch.firstOffset())];
                    if (type == Acknowledgement.RELEASE) {
                        p.holders.remove(offset);
                        released = true;
                    } else if (type != Acknowledgement.RENEW) {
                        p.holders.remove(offset);
                        p.deliveries.remove(offset);
                    }
                }
            }
            if (released) {
                listener.available(key);
            }
            return Errors.NONE;
        });
    }

    @Override
    public CompletableFuture<Void> releaseMember(String groupId, String memberId) {
        return onThread(() -> {
            partitions.forEach((key, p) -> {
                if (key.groupId().equals(groupId) && p.holders.values().removeIf(memberId::equals)) {
                    listener.available(key);
                }
            });
            return null;
        });
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Long>> startOffsets(String groupId,
                                                                     Collection<TopicPartition> topicPartitions) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Errors>> alterStartOffsets(String groupId,
                                                                           Map<TopicPartition, Long> offsets) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Map<String, Errors>> deleteState(String groupId, Collection<String> topics) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> deleteGroup(String groupId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void onAvailable(AvailabilityListener availabilityListener) {
        this.listener = availabilityListener;
    }

    private <T> CompletableFuture<T> onThread(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, thread);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
