package io.freshet.broker.handler;

import io.freshet.broker.metadata.TopicController;
import io.freshet.storage.log.LogReadResult;
import io.freshet.storage.log.PartitionLog;
import io.freshet.storage.producer.ProducerStateTable;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One read pass of a Fetch request over its partitions, in request order, within the response's byte budget.
 * Stateless; runs on the connection's event loop.
 *
 * <p>Byte limits follow Kafka: each partition gets at most {@code partitionMaxBytes} and the whole response at
 * most {@code maxBytes}, except that the first partition with data may return one whole batch larger than the
 * limits ({@code minOneMessage}) so a consumer never gets stuck behind a batch bigger than its fetch size.
 */
final class FetchReads {

    /** Kafka's sentinel for "unknown" offsets in error partitions. */
    private static final long UNKNOWN_OFFSET = -1L;

    private final TopicController topics;

    FetchReads(TopicController topics) {
        this.topics = topics;
    }

    record Result(FetchResponseData response, int bytes, boolean hasError, List<TopicPartition> partitions) {
    }

    /** @param denied topics the client may not READ: their partitions answer TOPIC_AUTHORIZATION_FAILED */
    Result read(FetchRequestData request, int maxBytes, short version, java.util.Set<String> denied) {
        FetchResponseData response = new FetchResponseData();
        List<TopicPartition> partitions = new ArrayList<>();
        int remaining = maxBytes;
        int total = 0;
        boolean hasError = false;
        for (FetchRequestData.FetchTopic topic : request.topics()) {
            FetchResponseData.FetchableTopicResponse topicResponse = new FetchResponseData.FetchableTopicResponse()
                .setTopic(topic.topic());
            response.responses().add(topicResponse);
            for (FetchRequestData.FetchPartition fetch : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.topic(), fetch.partition());
                if (denied.contains(topic.topic())) {
                    topicResponse.partitions().add(error(new FetchResponseData.PartitionData()
                        .setPartitionIndex(fetch.partition()).setRecords(MemoryRecords.EMPTY),
                        Errors.TOPIC_AUTHORIZATION_FAILED));
                    hasError = true;
                    continue;
                }
                partitions.add(tp);
                int limit = Math.min(Math.max(fetch.partitionMaxBytes(), 0), remaining);
                FetchResponseData.PartitionData data = readPartition(tp, fetch.fetchOffset(), limit, total == 0,
                    version, request.isolationLevel() == IsolationLevel.READ_COMMITTED.id());
                topicResponse.partitions().add(data);
                int size = data.records().sizeInBytes();
                total += size;
                remaining = Math.max(0, remaining - size);
                hasError |= data.errorCode() != Errors.NONE.code();
            }
        }
        return new Result(response, total, hasError, partitions);
    }

    private FetchResponseData.PartitionData readPartition(TopicPartition tp, long fetchOffset, int maxBytes,
                                                          boolean minOneMessage, short version, boolean committed) {
        FetchResponseData.PartitionData data = new FetchResponseData.PartitionData()
            .setPartitionIndex(tp.partition())
            .setRecords(MemoryRecords.EMPTY);
        Optional<PartitionLog> log = topics.log(tp);
        if (log.isEmpty()) {
            return error(data, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        try {
            LogReadResult read = log.get().read(fetchOffset, maxBytes, minOneMessage, committed);
            data.setHighWatermark(read.highWatermark())
                .setLastStableOffset(read.lastStableOffset())
                .setRecords(read.records());
            if (committed) {
                data.setAbortedTransactions(abortedIn(log.get(), fetchOffset, read));
            }
            if (version >= 5) {
                data.setLogStartOffset(read.logStartOffset());
            }
            return data;
        } catch (RuntimeException e) {
            return error(data, ErrorMapper.toError(e, tp));
        }
    }

    /**
     * The aborted transactions a read_committed client needs for the batches returned: those overlapping
     * [fetchOffset, end of the returned batches). Bounding by the data, not by the last stable offset, keeps the
     * list short for a consumer far behind.
     */
    private static List<FetchResponseData.AbortedTransaction> abortedIn(PartitionLog log, long fetchOffset,
                                                                      LogReadResult read) {
        List<ProducerStateTable.AbortedTransaction> overlapping =
            log.abortedTransactions(fetchOffset, read.lastStableOffset());
        List<FetchResponseData.AbortedTransaction> aborted = new ArrayList<>();
        if (overlapping.isEmpty()) {
            return aborted;
        }
        long end = read.nextOffset(fetchOffset);
        for (ProducerStateTable.AbortedTransaction txn : overlapping) {
            if (txn.firstOffset() < end) {
                aborted.add(new FetchResponseData.AbortedTransaction().setProducerId(txn.producerId())
                    .setFirstOffset(txn.firstOffset()));
            }
        }
        return aborted;
    }

    private static FetchResponseData.PartitionData error(FetchResponseData.PartitionData data, Errors error) {
        return data.setErrorCode(error.code())
            .setHighWatermark(UNKNOWN_OFFSET)
            .setLastStableOffset(UNKNOWN_OFFSET)
            .setLogStartOffset(UNKNOWN_OFFSET)
            .setRecords(MemoryRecords.EMPTY);
    }
}
