package io.freshet.coordinator.txn;

import java.util.List;
import java.util.Map;

/**
 * A transactional id's state as the transaction coordinator persists it on every change.
 *
 * @param producerId        the producer id the transactional id currently uses
 * @param producerEpoch     its current epoch; anything older is fenced
 * @param lastProducerEpoch the epoch before the last bump (-1 if none): an InitProducerId retried after a lost
 *                          response still carries it (KIP-360)
 * @param timeoutMs         the producer's transaction.timeout.ms
 * @param state             Kafka's name of the state: Empty, Ongoing, PrepareCommit, PrepareAbort, CompleteCommit,
 *                          CompleteAbort
 * @param partitions        the partitions in the transaction (topic -> partitions), empty when none is open
 * @param groups            the groups whose offsets are in the transaction (AddOffsetsToTxn)
 * @param txnStartMs        when the open transaction began (first partition or group added), -1 when none
 * @param lastUpdateMs      when this state was written
 */
public record TransactionValue(long producerId, short producerEpoch, short lastProducerEpoch, int timeoutMs,
                               String state, Map<String, List<Integer>> partitions, List<String> groups,
                               long txnStartMs, long lastUpdateMs) {
}
