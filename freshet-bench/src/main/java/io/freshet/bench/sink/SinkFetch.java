package io.freshet.bench.sink;

import java.nio.ByteBuffer;
import java.util.function.Function;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * The consume ceiling: Fetch answered from memory with a prefix of each partition's run of template copies
 * ({@link SinkTopic.Template}), each copy's base offset rewritten in place to the offsets asked for, up to the log end
 * (rounded up to whole batches) and the request's byte limits. A v2 batch's CRC does not cover its base offset, so
 * the copies are valid batches. The records are a slice of the run's direct memory that {@link SinkFrameWriter}
 * hands to the socket as it is: no disk, no index, no wait, no copy in the JVM. What a consumer can read on this
 * machine when the broker costs next to nothing.
 */
final class SinkFetch {

    private SinkFetch() {
    }

    static FetchResponseData answer(FetchRequestData request, Function<FetchRequestData.FetchTopic, SinkTopic> topicOf) {
        FetchResponseData response = new FetchResponseData().setSessionId(0).setErrorCode(Errors.NONE.code());
        int budget = request.maxBytes() > 0 ? request.maxBytes() : Integer.MAX_VALUE;
        for (FetchRequestData.FetchTopic wanted : request.topics()) {
            SinkTopic topic = topicOf.apply(wanted);
            FetchableTopicResponse out = new FetchableTopicResponse().setTopic(wanted.topic())
                .setTopicId(wanted.topicId());
            for (FetchRequestData.FetchPartition partition : wanted.partitions()) {
                PartitionData data = new PartitionData().setPartitionIndex(partition.partition());
                long end = topic == null ? -1 : topic.logEndOffset(partition.partition());
                if (end < 0) {
                    out.partitions().add(data.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()));
                    continue;
                }
                MemoryRecords records = copies(topic.template(partition.partition()), partition.fetchOffset(), end,
                    Math.min(partition.partitionMaxBytes(), budget));
                budget -= records.sizeInBytes();
                out.partitions().add(data.setHighWatermark(end).setLastStableOffset(end).setLogStartOffset(0)
                    .setRecords(records));
            }
            response.responses().add(out);
        }
        return response;
    }

    /** Whole copies from {@code from} up to {@code end}; at least one when any offset is left (as a broker does). */
    private static MemoryRecords copies(SinkTopic.Template template, long from, long end, int maxBytes) {
        if (template == null || from >= end) {
            return MemoryRecords.EMPTY;
        }
        long wanted = (end - from + template.offsets() - 1) / template.offsets();
        int count = (int) Math.max(1, Math.min(Math.min(wanted, template.copies()),
            Math.max(0, maxBytes) / template.batchSize()));
        ByteBuffer run = template.run();
        for (int i = 0; i < count; i++) {
            run.putLong(i * template.batchSize(), from + (long) i * template.offsets()); // a batch's first field
        }
        return MemoryRecords.readableRecords(run.duplicate().position(0).limit(count * template.batchSize()).slice());
    }
}
