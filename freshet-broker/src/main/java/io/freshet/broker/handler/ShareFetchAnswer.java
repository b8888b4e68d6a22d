package io.freshet.broker.handler;

import io.freshet.broker.share.SessionPartition;
import io.freshet.coordinator.share.Acquired;
import org.apache.kafka.common.message.ShareFetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.utils.internals.ByteBufferOutputStream;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one ShareFetch has to say so far, per partition: the acknowledgement result, a fetch error, and what was
 * acquired, possibly over several attempts of a waiting request (then its batches are joined, each once).
 * A partition with none of these is left out of the response, as Kafka 4.4 does.
 *
 * <p>Thread-safe (one monitor): an attempt's acquisitions complete on the share coordinator thread, a partition that
 * does not resolve is answered on the event loop; the {@code DelayedShareFetch} runs one attempt at a time.
 */
final class ShareFetchAnswer {

    private final Map<SessionPartition, PartitionAnswer> partitions = new LinkedHashMap<>();
    private final int nodeId;
    private int lockDurationMs;
    private int records;
    private long bytes;
    private boolean errors;

    ShareFetchAnswer(int nodeId, int lockDurationMs) {
        this.nodeId = nodeId;
        this.lockDurationMs = lockDurationMs;
    }

    private static final class PartitionAnswer {
        Errors ackError;
        Errors fetchError;
        String fetchMessage;
        final List<Acquired> acquired = new ArrayList<>(1);
    }

    synchronized void acknowledged(SessionPartition partition, Errors error) {
        answer(partition).ackError = error;
    }

    synchronized void failed(SessionPartition partition, Errors error, String message) {
        PartitionAnswer answer = answer(partition);
        answer.fetchError = error;
        answer.fetchMessage = message;
        errors = true;
    }

    synchronized void acquired(SessionPartition partition, Acquired acquired) {
        lockDurationMs = acquired.lockDurationMs();
        if (acquired.ranges().isEmpty()) {
            return;
        }
        answer(partition).acquired.add(acquired);
        for (Acquired.AcquiredRange range : acquired.ranges()) {
            records += (int) (range.lastOffset() - range.firstOffset() + 1);
        }
        bytes += acquired.records().sizeInBytes();
    }

    synchronized int records() {
        return records;
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized boolean hasErrors() {
        return errors;
    }

    synchronized ShareFetchResponseData toResponse() {
        ShareFetchResponseData response = new ShareFetchResponseData().setAcquisitionLockTimeoutMs(lockDurationMs);
        partitions.forEach((partition, answer) -> {
            ShareFetchResponseData.ShareFetchableTopicResponse topic = response.responses().find(partition.topicId());
            if (topic == null) {
                topic = new ShareFetchResponseData.ShareFetchableTopicResponse().setTopicId(partition.topicId());
                response.responses().add(topic);
            }
            topic.partitions().add(partitionData(partition, answer));
        });
        return response;
    }

    private ShareFetchResponseData.PartitionData partitionData(SessionPartition partition, PartitionAnswer answer) {
        ShareFetchResponseData.PartitionData data = new ShareFetchResponseData.PartitionData()
            .setPartitionIndex(partition.partition())
            .setCurrentLeader(new ShareFetchResponseData.LeaderIdAndEpoch().setLeaderId(nodeId).setLeaderEpoch(0))
            .setRecords(MemoryRecords.EMPTY);
        if (answer.ackError != null) {
            data.setAcknowledgeErrorCode(answer.ackError.code());
        }
        if (answer.fetchError != null) {
            return data.setErrorCode(answer.fetchError.code()).setErrorMessage(answer.fetchMessage);
        }
        for (Acquired acquired : answer.acquired) {
            for (Acquired.AcquiredRange range : acquired.ranges()) {
                data.acquiredRecords().add(new ShareFetchResponseData.AcquiredRecords()
                    .setFirstOffset(range.firstOffset()).setLastOffset(range.lastOffset())
                    .setDeliveryCount(range.deliveryCount()));
            }
        }
        return data.setRecords(answer.acquired.isEmpty() ? MemoryRecords.EMPTY
            : answer.acquired.size() == 1 ? answer.acquired.get(0).records() : joined(answer.acquired));
    }

    /**
     * The batches of several acquisitions as one set, each batch once: a batch partly acquired twice (record_limit
     * mode) would otherwise reach the client twice, and its records with it.
     */
    private static Records joined(List<Acquired> acquisitions) {
        List<ByteBuffer> batches = new ArrayList<>();
        int size = 0;
        long next = -1;
        for (Acquired acquired : acquisitions) {
            for (RecordBatch batch : acquired.records().batches()) {
                if (batch.lastOffset() < next) {
                    continue;
                }
                ByteBuffer buffer = copy(batch);
                batches.add(buffer);
                size += buffer.remaining();
                next = batch.nextOffset();
            }
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        batches.forEach(all::put);
        return MemoryRecords.readableRecords(all.flip());
    }

    private static ByteBuffer copy(RecordBatch batch) {
        if (!(batch instanceof MutableRecordBatch mutable)) {
            throw new IllegalStateException("Cannot copy a " + batch.getClass().getSimpleName());
        }
        ByteBufferOutputStream out = new ByteBufferOutputStream(batch.sizeInBytes());
        mutable.writeTo(out);
        return out.buffer().flip();
    }

    private PartitionAnswer answer(SessionPartition partition) {
        return partitions.computeIfAbsent(partition, p -> new PartitionAnswer());
    }
}
