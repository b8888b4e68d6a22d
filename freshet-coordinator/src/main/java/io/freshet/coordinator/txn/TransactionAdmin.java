package io.freshet.coordinator.txn;

import io.freshet.coordinator.runtime.ClientInfo;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DescribeTransactions and ListTransactions (KIP-664), read from the committed state: a change still being written
 * is not shown. Coordinator thread only.
 */
final class TransactionAdmin {

    private final TransactionStore store;
    private final Time time;

    TransactionAdmin(TransactionStore store, Time time) {
        this.store = store;
        this.time = time;
    }

    DescribeTransactionsResponseData describe(ClientInfo client, DescribeTransactionsRequestData request) {
        DescribeTransactionsResponseData response = new DescribeTransactionsResponseData();
        for (String id : request.transactionalIds()) {
            DescribeTransactionsResponseData.TransactionState out = new DescribeTransactionsResponseData
                .TransactionState().setTransactionalId(id);
            Optional<TransactionValue> committed = store.get(id);
            if (committed.isEmpty()) {
                out.setErrorCode(Errors.TRANSACTIONAL_ID_NOT_FOUND.code());
            } else {
                TransactionValue v = committed.get();
                out.setTransactionState(v.state()).setTransactionTimeoutMs(v.timeoutMs())
                    .setTransactionStartTimeMs(v.txnStartMs()).setProducerId(v.producerId())
                    .setProducerEpoch(v.producerEpoch());
                v.partitions().forEach((topic, partitions) -> out.topics().add(
                    new DescribeTransactionsResponseData.TopicData().setTopic(topic)
                        .setPartitions(new ArrayList<>(partitions))));
            }
            response.transactionStates().add(out);
        }
        return response;
    }

    ListTransactionsResponseData list(ClientInfo client, ListTransactionsRequestData request) {
        ListTransactionsResponseData response = new ListTransactionsResponseData();
        Set<TransactionState> states = EnumSet.noneOf(TransactionState.class);
        for (String name : request.stateFilters()) {
            Optional<TransactionState> state = TransactionState.fromKafkaName(name);
            if (state.isPresent()) {
                states.add(state.get());
            } else {
                response.unknownStateFilters().add(name);
            }
        }
        if (!request.stateFilters().isEmpty() && states.isEmpty()) {
            return response; // only unknown states asked for: nothing can match
        }
        Set<Long> producerIds = new HashSet<>(request.producerIdFilters());
        long minDuration = client.apiVersion() >= 1 ? request.durationFilter() : -1;
        long now = time.milliseconds();
        for (Map.Entry<String, TransactionValue> e : store.all().entrySet()) {
            TransactionValue v = e.getValue();
            if (!states.isEmpty() && !states.contains(TransactionValues.state(v))) {
                continue;
            }
            if (!producerIds.isEmpty() && !producerIds.contains(v.producerId())) {
                continue;
            }
            // v1 (KIP-994): only transactions running for longer than the filter.
            if (minDuration >= 0 && (v.txnStartMs() < 0 || now - v.txnStartMs() < minDuration)) {
                continue;
            }
            response.transactionStates().add(new ListTransactionsResponseData.TransactionState()
                .setTransactionalId(e.getKey()).setProducerId(v.producerId()).setTransactionState(v.state()));
        }
        return response;
    }
}
