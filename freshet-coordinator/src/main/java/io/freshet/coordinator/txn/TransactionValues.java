package io.freshet.coordinator.txn;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The transitions of a transactional id's persisted state, as pure functions: each returns the value to write.
 * Which transitions are allowed is decided by the callers ({@link TransactionApis}, {@link TransactionCompleter}).
 */
final class TransactionValues {

    /** Kafka bumps to a new producer id once the epoch could not be bumped twice more (a fence, then an init). */
    private static final short LAST_USABLE_EPOCH = Short.MAX_VALUE - 1;

    private TransactionValues() {
    }

    static TransactionValue fresh(long producerId, int timeoutMs, long now) {
        return new TransactionValue(producerId, (short) 0, (short) -1, timeoutMs,
            TransactionState.EMPTY.kafkaName(), Map.of(), List.of(), -1, now);
    }

    static TransactionState state(TransactionValue v) {
        return TransactionState.of(v.state());
    }

    static boolean epochExhausted(short epoch) {
        return epoch >= LAST_USABLE_EPOCH;
    }

    /** InitProducerId on a finished or empty id: the next epoch, or a new producer id when epochs ran out. */
    static TransactionValue bumped(TransactionValue v, int timeoutMs, long now, LongSupplier newProducerId) {
        if (epochExhausted(v.producerEpoch())) {
            return fresh(newProducerId.getAsLong(), timeoutMs, now);
        }
        return new TransactionValue(v.producerId(), (short) (v.producerEpoch() + 1), v.producerEpoch(), timeoutMs,
            TransactionState.EMPTY.kafkaName(), Map.of(), List.of(), -1, now);
    }

    /** Adds partitions and groups; the transaction is Ongoing from now (its start time kept if it already was). */
    static TransactionValue withAdditions(TransactionValue v, Set<TopicPartition> partitions, Set<String> groups,
                                          long now) {
        boolean ongoing = state(v) == TransactionState.ONGOING;
        Set<TopicPartition> allPartitions = new TreeSet<>(java.util.Comparator
            .comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        if (ongoing) {
            allPartitions.addAll(partitions(v));
        }
        allPartitions.addAll(partitions);
        Set<String> allGroups = new TreeSet<>(ongoing ? v.groups() : List.of());
        allGroups.addAll(groups);
        return new TransactionValue(v.producerId(), v.producerEpoch(), v.lastProducerEpoch(), v.timeoutMs(),
            TransactionState.ONGOING.kafkaName(), byTopic(allPartitions), List.copyOf(allGroups),
            ongoing ? v.txnStartMs() : now, now);
    }

    /** Does the open transaction already hold all of these? Then nothing needs writing. */
    static boolean contains(TransactionValue v, Set<TopicPartition> partitions, Set<String> groups) {
        return state(v) == TransactionState.ONGOING && partitions(v).containsAll(partitions)
            && v.groups().containsAll(groups);
    }

    /** EndTxn, a timeout or a fence: PrepareCommit/PrepareAbort at {@code epoch} (the bumped one for a fence). */
    static TransactionValue prepared(TransactionValue v, boolean commit, short epoch, long now) {
        short lastEpoch = epoch == v.producerEpoch() ? v.lastProducerEpoch() : v.producerEpoch();
        return new TransactionValue(v.producerId(), epoch, lastEpoch, v.timeoutMs(),
            (commit ? TransactionState.PREPARE_COMMIT : TransactionState.PREPARE_ABORT).kafkaName(),
            v.partitions(), v.groups(), v.txnStartMs(), now);
    }

    /** Markers written and offsets completed: CompleteCommit/CompleteAbort, nothing left in the transaction. */
    static TransactionValue completed(TransactionValue prepared, long now) {
        boolean commit = state(prepared) == TransactionState.PREPARE_COMMIT;
        return new TransactionValue(prepared.producerId(), prepared.producerEpoch(), prepared.lastProducerEpoch(),
            prepared.timeoutMs(),
            (commit ? TransactionState.COMPLETE_COMMIT : TransactionState.COMPLETE_ABORT).kafkaName(),
            Map.of(), List.of(), prepared.txnStartMs(), now);
    }

    static Set<TopicPartition> partitions(TransactionValue v) {
        Set<TopicPartition> out = new java.util.HashSet<>();
        v.partitions().forEach((topic, ps) -> ps.forEach(p -> out.add(new TopicPartition(topic, p))));
        return out;
    }

    private static Map<String, List<Integer>> byTopic(Set<TopicPartition> partitions) {
        Map<String, List<Integer>> out = new TreeMap<>();
        partitions.forEach(tp -> out.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        return out;
    }
}
