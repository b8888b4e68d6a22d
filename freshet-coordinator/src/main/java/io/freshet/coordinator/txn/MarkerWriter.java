package io.freshet.coordinator.txn;

import io.freshet.storage.log.AppendResult;
import io.freshet.storage.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Writes a transaction's COMMIT or ABORT marker to each of its partitions and waits until every marker is
 * durable. On one node there is no inter-broker WriteTxnMarkers: the coordinator appends to the partition logs
 * itself. The append is a page-cache write under the partition's lock; the fsync wait is asynchronous.
 */
final class MarkerWriter {

    private static final Logger log = LoggerFactory.getLogger(MarkerWriter.class);
    /** Freshet has one coordinator that never moves: its epoch never changes. */
    static final int COORDINATOR_EPOCH = 0;

    private final Function<TopicPartition, Optional<PartitionLog>> partitions;

    MarkerWriter(Function<TopicPartition, Optional<PartitionLog>> partitions) {
        this.partitions = partitions;
    }

    /** The future completes (on a storage thread) when all markers are durable, or fails with the storage error. */
    CompletableFuture<Void> write(long producerId, short epoch, boolean commit, Set<TopicPartition> targets) {
        List<CompletableFuture<Void>> durable = new ArrayList<>();
        for (TopicPartition tp : targets) {
            Optional<PartitionLog> partitionLog = partitions.apply(tp);
            if (partitionLog.isEmpty()) {
                // The topic was deleted during the transaction: nothing is left to mark.
                log.debug("No marker for {} of producer {}: the partition no longer exists", tp, producerId);
                continue;
            }
            try {
                AppendResult result = partitionLog.get().appendTransactionMarker(producerId, epoch, commit,
                    COORDINATOR_EPOCH);
                durable.add(partitionLog.get().awaitDurable(result.lastOffset()));
            } catch (InvalidProducerEpochException e) {
                // A newer epoch of this producer already wrote here, so this transaction was ended before.
                log.warn("Skipping the {} marker of producer {} epoch {} on {}: {}", commit ? "COMMIT" : "ABORT",
                    producerId, epoch, tp, e.getMessage());
            } catch (RuntimeException e) {
                durable.add(CompletableFuture.failedFuture(e));
            }
        }
        return CompletableFuture.allOf(durable.toArray(new CompletableFuture<?>[0]));
    }
}
