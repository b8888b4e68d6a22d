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

/**
 * One acquisition pass of a ShareFetch over its session's partitions, one partition after the other so that the
 * request's MaxRecords and MaxBytes hold for the whole response (record_limit mode promises the client never more
 * than MaxRecords). The pass starts at a different partition each time ({@code start}), so a busy first partition
 * does not starve the others.
 *
 * <p>Each step runs where the previous acquire completed (the share coordinator thread), touching only this pass's
 * {@link ShareFetchAnswer}.
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

    CompletableFuture<Void> acquire(String groupId, String memberId, List<SessionPartition> partitions, int start,
                                    Limits limits, ShareFetchAnswer answer) {
        return step(groupId, memberId, partitions, start, 0, limits, answer);
    }

    private CompletableFuture<Void> step(String groupId, String memberId, List<SessionPartition> partitions,
                                         int start, int done, Limits limits, ShareFetchAnswer answer) {
        int records = limits.maxRecords() - answer.records();
        long bytes = limits.maxBytes() - answer.bytes();
        if (done == partitions.size() || records <= 0 || bytes <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        SessionPartition partition = partitions.get(Math.floorMod(start + done, partitions.size()));
        ShareKey key;
        try {
            TopicPartition tp = lookup.resolve(partition);
            key = new ShareKey(groupId, partition.topicId(), tp);
        } catch (RuntimeException e) {
            Errors error = ErrorMapper.toError(e, partition);
            answer.failed(partition, error, ErrorMapper.message(e, error));
            return step(groupId, memberId, partitions, start, done + 1, limits, answer);
        }
        AcquireLimits acquireLimits = new AcquireLimits(records, (int) bytes, limits.recordLimit());
        CompletableFuture<Void> acquired;
        try {
            acquired = states.acquire(key, memberId, acquireLimits, reader)
                .handle((result, failure) -> {
                    if (failure == null) {
                        answer.acquired(partition, result);
                    } else {
                        Errors error = ErrorMapper.toError(failure, key);
                        answer.failed(partition, error, ErrorMapper.message(failure, error));
                    }
                    return null;
                });
        } catch (RuntimeException e) {
            Errors error = ErrorMapper.toError(e, key);
            answer.failed(partition, error, ErrorMapper.message(e, error));
            acquired = CompletableFuture.completedFuture(null);
        }
        return acquired.thenCompose(ignored -> step(groupId, memberId, partitions, start, done + 1, limits, answer));
    }
}
