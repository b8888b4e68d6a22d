package io.freshet.coordinator.txn;

import io.freshet.coordinator.runtime.ClientInfo;
import io.freshet.coordinator.runtime.TopicView;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Time;

import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * What the transactional producer sends: InitProducerId (with a transactional id), AddPartitionsToTxn v0-3,
 * AddOffsetsToTxn and EndTxn, checked against the id's state ({@link TransactionState}). Coordinator thread only.
 */
final class TransactionApis {

    private final TransactionStore store;
    private final TransactionCompleter completer;
    private final TopicView topics;
    private final LongSupplier producerIds;
    private final TransactionConfig config;
    private final Time time;

    TransactionApis(TransactionStore store, TransactionCompleter completer, TopicView topics, LongSupplier producerIds,
                    TransactionConfig config, Time time) {
        this.store = store;
        this.completer = completer;
        this.topics = topics;
        this.producerIds = producerIds;
        this.config = config;
        this.time = time;
    }

    // ---------------------------------------------------------------------------------------- InitProducerId

    CompletableFuture<InitProducerIdResponseData> initProducerId(ClientInfo client, InitProducerIdRequestData r) {
        CompletableFuture<InitProducerIdResponseData> answer;
        if (r.transactionalId() == null || r.transactionalId().isEmpty()) {
            answer = CompletableFuture.completedFuture(initError(Errors.INVALID_REQUEST));
        } else if (r.transactionTimeoutMs() <= 0 || r.transactionTimeoutMs() > config.maxTimeoutMs()) {
            answer = CompletableFuture.completedFuture(initError(Errors.INVALID_TRANSACTION_TIMEOUT));
        } else {
            answer = init(r.transactionalId(), r, true);
        }
        return answer.thenApply(response -> response.setErrorCode(TransactionErrors.forVersion(
            ApiKeys.INIT_PRODUCER_ID, client.apiVersion(), Errors.forCode(response.errorCode())).code()));
    }

    /**
     * @param checkCaller whether the producer id and epoch the caller sent (v3+, KIP-360) must be the current
     *                    ones; false once this request itself has fenced an open transaction
     */
    private CompletableFuture<InitProducerIdResponseData> init(String id, InitProducerIdRequestData r,
                                                               boolean checkCaller) {
        long now = time.milliseconds();
        if (store.isBusy(id)) {
            return CompletableFuture.completedFuture(initError(Errors.CONCURRENT_TRANSACTIONS));
        }
        Optional<TransactionValue> current = store.get(id);
        if (current.isEmpty()) {
            return persistAndAnswer(id, TransactionValues.fresh(producerIds.getAsLong(), r.transactionTimeoutMs(), now));
        }
        TransactionValue v = current.get();
        if (checkCaller && r.producerId() != RecordBatch.NO_PRODUCER_ID) {
            if (r.producerId() == v.producerId() && r.producerEpoch() == v.lastProducerEpoch()
                && TransactionValues.state(v) == TransactionState.EMPTY) {
                // A retry whose first answer was lost: that bump already happened.
                return CompletableFuture.completedFuture(new InitProducerIdResponseData()
                    .setProducerId(v.producerId()).setProducerEpoch(v.producerEpoch()));
            }
            if (r.producerId() != v.producerId() || r.producerEpoch() != v.producerEpoch()) {
                return CompletableFuture.completedFuture(initError(Errors.PRODUCER_FENCED));
            }
        }
        TransactionState state = TransactionValues.state(v);
        if (state == TransactionState.ONGOING) {
            // A new producer instance: the old one's transaction is aborted (with a bumped epoch, fencing it)
            // before the new one gets its epoch. Kafka answers CONCURRENT_TRANSACTIONS and lets the client retry;
            // on one node the abort is quick, so it is awaited.
            return completer.end(id, false, true).thenCompose(error -> error == Errors.NONE
                ? init(id, r, false)
                : CompletableFuture.completedFuture(initError(error)));
        }
        if (state.isPrepare()) {
            return CompletableFuture.completedFuture(initError(Errors.CONCURRENT_TRANSACTIONS));
        }
        return persistAndAnswer(id, TransactionValues.bumped(v, r.transactionTimeoutMs(), now, producerIds));
    }

    private CompletableFuture<InitProducerIdResponseData> persistAndAnswer(String id, TransactionValue next) {
        return store.persist(id, next).thenApply(error -> error != Errors.NONE ? initError(error)
            : new InitProducerIdResponseData().setProducerId(next.producerId()).setProducerEpoch(next.producerEpoch()));
    }

    private static InitProducerIdResponseData initError(Errors error) {
        return new InitProducerIdResponseData().setErrorCode(error.code())
            .setProducerId(RecordBatch.NO_PRODUCER_ID).setProducerEpoch(RecordBatch.NO_PRODUCER_EPOCH);
    }

    // ---------------------------------------------------------------------------------------- AddPartitionsToTxn

    CompletableFuture<AddPartitionsToTxnResponseData> addPartitions(ClientInfo client,
                                                                    AddPartitionsToTxnRequestData r) {
        Set<TopicPartition> wanted = new HashSet<>();
        Set<TopicPartition> unknown = new HashSet<>();
        r.v3AndBelowTopics().forEach(t -> t.partitions().forEach(p -> {
            TopicPartition tp = new TopicPartition(t.name(), p);
            wanted.add(tp);
            OptionalInt count = topics.partitionCount(t.name());
            if (count.isEmpty() || p < 0 || p >= count.getAsInt()) {
                unknown.add(tp);
            }
        }));
        if (!unknown.isEmpty()) {
            // As Kafka: nothing is added; the others were not attempted.
            return CompletableFuture.completedFuture(partitionResults(wanted,
                tp -> unknown.contains(tp) ? Errors.UNKNOWN_TOPIC_OR_PARTITION : Errors.OPERATION_NOT_ATTEMPTED));
        }
        return add(r.v3AndBelowTransactionalId(), r.v3AndBelowProducerId(), r.v3AndBelowProducerEpoch(), wanted,
            Set.of())
            .thenApply(error -> {
                Errors mapped = TransactionErrors.forVersion(ApiKeys.ADD_PARTITIONS_TO_TXN, client.apiVersion(), error);
                return partitionResults(wanted, tp -> mapped);
            });
    }

    private static AddPartitionsToTxnResponseData partitionResults(Set<TopicPartition> partitions,
                                                                   java.util.function.Function<TopicPartition, Errors> error) {
        AddPartitionsToTxnResponseData response = new AddPartitionsToTxnResponseData();
        for (TopicPartition tp : partitions) {
            AddPartitionsToTxnTopicResult topic = response.resultsByTopicV3AndBelow().find(tp.topic());
            if (topic == null) {
                topic = new AddPartitionsToTxnTopicResult().setName(tp.topic());
                response.resultsByTopicV3AndBelow().add(topic);
            }
            topic.resultsByPartition().add(new AddPartitionsToTxnPartitionResult().setPartitionIndex(tp.partition())
                .setPartitionErrorCode(error.apply(tp).code()));
        }
        return response;
    }

    // ---------------------------------------------------------------------------------------- AddOffsetsToTxn

    CompletableFuture<AddOffsetsToTxnResponseData> addOffsets(ClientInfo client, AddOffsetsToTxnRequestData r) {
        if (r.groupId() == null || r.groupId().isEmpty()) {
            return CompletableFuture.completedFuture(new AddOffsetsToTxnResponseData()
                .setErrorCode(Errors.INVALID_GROUP_ID.code()));
        }
        return add(r.transactionalId(), r.producerId(), r.producerEpoch(), Set.of(), Set.of(r.groupId()))
            .thenApply(error -> new AddOffsetsToTxnResponseData().setErrorCode(
                TransactionErrors.forVersion(ApiKeys.ADD_OFFSETS_TO_TXN, client.apiVersion(), error).code()));
    }

    /** Adds partitions or a group to the id's transaction, starting one if none is open. */
    private CompletableFuture<Errors> add(String id, long producerId, short epoch, Set<TopicPartition> partitions,
                                          Set<String> groups) {
        Errors error = checkProducer(id, producerId, epoch);
        if (error != Errors.NONE) {
            return CompletableFuture.completedFuture(error);
        }
        TransactionValue v = store.get(id).orElseThrow();
        if (!TransactionValues.state(v).acceptsAdditions()) {
            return CompletableFuture.completedFuture(Errors.CONCURRENT_TRANSACTIONS);
        }
        if (TransactionValues.contains(v, partitions, groups)) {
            return CompletableFuture.completedFuture(Errors.NONE);
        }
        return store.persist(id, TransactionValues.withAdditions(v, partitions, groups, time.milliseconds()));
    }

    /** The checks every request of a producer inside a transaction passes first. */
    private Errors checkProducer(String id, long producerId, short epoch) {
        Optional<TransactionValue> current = id == null ? Optional.empty() : store.get(id);
        if (current.isEmpty() || current.get().producerId() != producerId) {
            return Errors.INVALID_PRODUCER_ID_MAPPING;
        }
        if (current.get().producerEpoch() != epoch) {
            return Errors.PRODUCER_FENCED;
        }
        if (store.isBusy(id)) {
            return Errors.CONCURRENT_TRANSACTIONS;
        }
        return Errors.NONE;
    }

    // ---------------------------------------------------------------------------------------- EndTxn

    CompletableFuture<EndTxnResponseData> endTxn(ClientInfo client, EndTxnRequestData r) {
        return end(r.transactionalId(), r.producerId(), r.producerEpoch(), r.committed())
            .thenApply(error -> new EndTxnResponseData().setErrorCode(
                TransactionErrors.forVersion(ApiKeys.END_TXN, client.apiVersion(), error).code()));
    }

    private CompletableFuture<Errors> end(String id, long producerId, short epoch, boolean commit) {
        Errors error = checkProducer(id, producerId, epoch);
        if (error != Errors.NONE) {
            return CompletableFuture.completedFuture(error);
        }
        TransactionState state = TransactionValues.state(store.get(id).orElseThrow());
        switch (state) {
            case ONGOING:
                return completer.end(id, commit, false);
            case COMPLETE_COMMIT:
                // A retry of an EndTxn whose answer was lost is fine; the opposite outcome is not.
                return CompletableFuture.completedFuture(commit ? Errors.NONE : Errors.INVALID_TXN_STATE);
            case COMPLETE_ABORT:
                return CompletableFuture.completedFuture(commit ? Errors.INVALID_TXN_STATE : Errors.NONE);
            case PREPARE_COMMIT:
                return CompletableFuture.completedFuture(commit ? Errors.CONCURRENT_TRANSACTIONS
                    : Errors.INVALID_TXN_STATE);
            case PREPARE_ABORT:
                return CompletableFuture.completedFuture(commit ? Errors.INVALID_TXN_STATE
                    : Errors.CONCURRENT_TRANSACTIONS);
            default:
                return CompletableFuture.completedFuture(Errors.INVALID_TXN_STATE);
        }
    }
}
