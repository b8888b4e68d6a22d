package io.freshet.storage.log;

import io.freshet.storage.producer.ProducerStateTable.AbortedTransaction;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells whether a batch belongs to an aborted transaction, from the producer state's list of aborted
 * transactions (producer id, first offset, offset of the ABORT marker). The cleaner drops such batches' records:
 * no read_committed consumer may see them, and read_uncommitted consumers lose nothing they could rely on.
 */
final class AbortedBatches {

    private final Map<Long, List<AbortedTransaction>> byProducer = new HashMap<>();

    AbortedBatches(List<AbortedTransaction> aborted) {
        for (AbortedTransaction txn : aborted) {
            byProducer.computeIfAbsent(txn.producerId(), id -> new ArrayList<>()).add(txn);
        }
    }

    boolean contains(RecordBatch batch) {
        if (!batch.isTransactional() || batch.isControlBatch()) {
            return false;
        }
        for (AbortedTransaction txn : byProducer.getOrDefault(batch.producerId(), List.of())) {
            if (batch.baseOffset() >= txn.firstOffset() && batch.lastOffset() < txn.lastOffset()) {
                return true;
            }
        }
        return false;
    }
}
