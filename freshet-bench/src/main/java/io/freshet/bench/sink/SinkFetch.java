package io.freshet.bench.sink;

import java.nio.ByteBuffer;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * The consume ceiling: Fetch answered from memory with copies of each partition's template batch
 * ({@link SinkTopic#offerTemplate}), the base offset of each copy set to the offsets asked for, up to the log end
 * (rounded up to whole batches) and the request's byte limits. A batch's CRC does not cover its base offset, so the
 * copies are valid batches. No disk, no index, no wait: what a consumer can read on this machine when the broker
 * costs next to nothing.
 */
final class SinkFetch {

    /** Where a v2 batch's base offset is: the first 8 bytes. */
    private static final int BASE_OFFSET = 0;

    private SinkFetch() {
    }

    static FetchResponseData answer(FetchRequestData request, java.util.function.Function<FetchRequestData.FetchTopic,
        SinkTopic> topicOf) {
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

    /** Whole copies of the template from {@code from} up to {@code end}; at least one when any offset is left. */
    private static MemoryRecords copies(SinkTopic.Template template, long from, long end, int maxBytes) {
        if (template == null || from >= end) {
            return MemoryRecords.EMPTY;
        }
        int size = template.batch().remaining();
        long wanted = (end - from + template.offsets() - 1) / template.offsets();
        int count = (int) Math.max(1, Math.min(wanted, Math.max(0, maxBytes) / size));
        ByteBuffer out = ByteBuffer.allocate(count * size);
        for (int i = 0; i < count; i++) {
            int at = out.position();
            out.put(template.batch().duplicate());
            out.putLong(at + BASE_OFFSET, from + (long) i * template.offsets());
        }
        return MemoryRecords.readableRecords(out.flip());
    }
}
