package io.freshet.broker;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builders for the requests the protocol tests send. */
final class Requests {

    private Requests() {
    }

    static MemoryRecords records(long timestamp, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(timestamp + i, ("k" + i).getBytes(StandardCharsets.UTF_8),
                values[i].getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    static ProduceRequestData produce(String topic, int partition, short acks, MemoryRecords records) {
        ProduceRequestData request = new ProduceRequestData().setAcks(acks).setTimeoutMs(10_000);
        request.topicData().add(new ProduceRequestData.TopicProduceData().setName(topic)
            .setPartitionData(new ArrayList<>(List.of(new ProduceRequestData.PartitionProduceData()
                .setIndex(partition).setRecords(records)))));
        return request;
    }

    static ProduceResponseData.PartitionProduceResponse onlyPartition(ProduceResponseData response) {
        return response.responses().iterator().next().partitionResponses().get(0);
    }

    static FetchRequestData fetch(String topic, int partition, long offset, int maxWaitMs, int minBytes) {
        return new FetchRequestData().setReplicaId(-1).setMaxWaitMs(maxWaitMs).setMinBytes(minBytes)
            .setMaxBytes(1 << 20).setIsolationLevel((byte) 0).setSessionId(0).setSessionEpoch(-1)
            .setTopics(new ArrayList<>(List.of(new FetchRequestData.FetchTopic().setTopic(topic)
                .setPartitions(new ArrayList<>(List.of(new FetchRequestData.FetchPartition().setPartition(partition)
                    .setFetchOffset(offset).setPartitionMaxBytes(1 << 20).setLogStartOffset(-1)))))));
    }

    static FetchResponseData.PartitionData onlyPartition(FetchResponseData response) {
        return response.responses().get(0).partitions().get(0);
    }

    static List<String> values(FetchResponseData.PartitionData partition) {
        List<String> values = new ArrayList<>();
        for (RecordBatch batch : ((MemoryRecords) partition.records()).batches()) {
            for (Record record : batch) {
                byte[] bytes = new byte[record.valueSize()];
                record.value().get(bytes);
                values.add(new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    static MetadataRequestData metadata(boolean allowAutoCreate, String... topics) {
        MetadataRequestData request = new MetadataRequestData().setAllowAutoTopicCreation(allowAutoCreate);
        List<MetadataRequestData.MetadataRequestTopic> list = new ArrayList<>();
        for (String topic : topics) {
            list.add(new MetadataRequestData.MetadataRequestTopic().setName(topic));
        }
        return request.setTopics(list);
    }

    static ListOffsetsRequestData listOffsets(String topic, int partition, long timestamp) {
        return new ListOffsetsRequestData().setReplicaId(-1).setTopics(new ArrayList<>(List.of(
            new ListOffsetsRequestData.ListOffsetsTopic().setName(topic).setPartitions(new ArrayList<>(List.of(
                new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(partition)
                    .setTimestamp(timestamp)))))));
    }
}
