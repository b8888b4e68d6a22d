package io.freshet.broker.handler;

import io.freshet.broker.share.SessionPartition;
import io.freshet.coordinator.share.AcquireLimits;
import io.freshet.coordinator.share.ShareKey;
import io.freshet.coordinator.share.ShareLogReader;
import io.freshet.coordinator.share.ShareStates;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * One acquisition pass of a ShareFetch over its session's partitions, within the request's MaxRecords and MaxBytes for
 * the whole response (record_limit mode promises the client never more than MaxRecords). One partition gets all of
 * it; several get an equal share each, all at once. A pass starts at a different partition each time
 * ({@code start}), so when MaxRecords is smaller than the number of partitions the same ones are not always left
 * out.
 *
 * <p>Results land in this pass's {@link ShareFetchAnswer} on the share coordinator thread (or the event loop, for a
 * partition that does not resolve); the answer is synchronized.
 */
final class ShareAcquisition {

    /** The request's limits: records, bytes, and whether the record count is a hard limit. */
    record Limits(int maxRecords, int maxBytes, boolean recordLimit) {
    }

    private final SharePartitionLookup lookup;
    private final ShareStates states;
    private final ShareLogReader reader;

    ShareAcquisition(SharePartitionLookup lookup, ShareStates states, ShareLogReader reader) {
        this.lookup = lookup;
        this.states = states;
        this.reader = reader;
    }

    /**
     * @param sessionOpen checked before each partition: once the member's session ended (its connection closed),
     *                    nothing more is acquired for it
     */
    CompletableFuture<Void> acquire(String groupId, String memberId, List<SessionPartition> partitions, int start,
                                    Limits limits, ShareFetchAnswer answer, BooleanSupplier sessionOpen) {
        Pass pass = new Pass(groupId, memberId, partitions, start, limits, answer, sessionOpen);
        return partitions.size() == 1 ? step(pass, 0) : split(pass);
    }

    /**
     * Several partitions: all acquired at once, each within an equal share of what is left of MaxRecords and MaxBytes
     * (Kafka shares MaxBytes among a share fetch's partitions the same way), so that their state writes share one
     * group commit instead of waiting one after the other.
     */
    private CompletableFuture<Void> split(Pass pass) {
        int records = pass.limits().maxRecords() - pass.answer().records();
        long bytes = pass.limits().maxBytes() - pass.answer().bytes();
        if (records <= 0 || bytes <= 0 || !pass.sessionOpen().getAsBoolean()) {
            return CompletableFuture.completedFuture(null);
        }
        int size = pass.partitions().size();
        int shares = Math.min(size, records);
        AcquireLimits each = new AcquireLimits(records / shares, (int) Math.max(1, bytes / shares),
            pass.limits().recordLimit());
        CompletableFuture<?>[] all = new CompletableFuture<?>[shares];
        for (int i = 0; i < shares; i++) {
            all[i] = acquireOne(pass, pass.partitions().get(Math.floorMod(pass.start() + i, size)), each);
        }
        return CompletableFuture.allOf(all);
    }

    private record Pass(String groupId, String memberId, List<SessionPartition> partitions, int start, Limits limits,
                        ShareFetchAnswer answer, BooleanSupplier sessionOpen) {
    }

    private CompletableFuture<Void> step(Pass pass, int done) {
        int records = pass.limits().maxRecords() - pass.answer().records();
        long bytes = pass.limits().maxBytes() - pass.answer().bytes();
        if (done == pass.partitions().size() || records <= 0 || bytes <= 0 || !pass.sessionOpen().getAsBoolean()) {
            return CompletableFuture.completedFuture(null);
        }
        int index = Math.floorMod(pass.start() + done, pass.partitions().size());
        SessionPartition partition = pass.partitions().get(index);
        AcquireLimits limits = new AcquireLimits(records, (int) bytes, pass.limits().recordLimit());
        return acquireOne(pass, partition, limits).thenCompose(ignored -> step(pass, done + 1));
    }

    /** One partition's acquisition into the answer; its failure is the partition's error, never the request's. */
    private CompletableFuture<Void> acquireOne(Pass pass, SessionPartition partition, AcquireLimits limits) {
        ShareFetchAnswer answer = pass.answer();
        Object subject = partition;
        try {
            TopicPartition tp = lookup.resolve(partition);
            ShareKey key = new ShareKey(pass.groupId(), partition.topicId(), tp);
            subject = key;
            return states.acquire(key, pass.memberId(), limits, reader).handle((result, failure) -> {
                if (failure == null) {
                    answer.acquired(partition, result);
                } else {
                    fail(answer, partition, failure, key);
                }
                return null;
            });
        } catch (RuntimeException e) {
            fail(answer, partition, e, subject);
            return CompletableFuture.completedFuture(null);
        }
    }

    private static void fail(ShareFetchAnswer answer, SessionPartition partition, Throwable failure, Object subject) {
        Errors error = ErrorMapper.toError(failure, subject);
        answer.failed(partition, error, ErrorMapper.message(failure, error));
    }
}
