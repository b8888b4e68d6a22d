package io.freshet.bench.sink;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The sink's answers. Topics are names, ids and partition counts (from CreateTopics, or one partition when a
 * Metadata request names an unknown topic); Produce counts each batch's records to hand out increasing base
 * offsets and keeps only each partition's first batch, which Fetch answers with copies of ({@link SinkFetch}). Shared by all connections: the maps and counters are concurrent.
 */
final class SinkApis {

    private static final int NODE_ID = 1;
    private static final List<ApiKeys> SERVED = List.of(ApiKeys.API_VERSIONS, ApiKeys.METADATA,
        ApiKeys.CREATE_TOPICS, ApiKeys.INIT_PRODUCER_ID, ApiKeys.PRODUCE, ApiKeys.LIST_OFFSETS, ApiKeys.FETCH);

    private final Map<String, SinkTopic> topics = new ConcurrentHashMap<>();
    private final AtomicLong nextProducerId = new AtomicLong(1000);


    /**
     * @param port the port the request came in on: Metadata names this broker there
     * @return the response body, or null for acks=0 produce requests, which get none
     */
    ApiMessage answer(ApiKeys apiKey, short version, ApiMessage request, int port) {
        switch (apiKey) {
            case API_VERSIONS:
                return apiVersions();
            case METADATA:
                return metadata((MetadataRequestData) request, port);
            case CREATE_TOPICS:
                return createTopics((CreateTopicsRequestData) request);
            case INIT_PRODUCER_ID:
                return new InitProducerIdResponseData().setProducerId(nextProducerId.getAndIncrement())
                    .setProducerEpoch((short) 0);
            case PRODUCE:
                return produce((ProduceRequestData) request);
            case LIST_OFFSETS:
                return listOffsets((ListOffsetsRequestData) request);
            case FETCH:
                return SinkFetch.answer((FetchRequestData) request, wanted -> wanted.topic() == null
                    || wanted.topic().isEmpty() ? topicById(wanted.topicId()) : topics.get(wanted.topic()));
            default:
                throw new IllegalArgumentException("the produce sink does not serve " + apiKey);
        }
    }

    private static ApiVersionsResponseData apiVersions() {
        ApiVersionCollection versions = new ApiVersionCollection();
        for (ApiKeys key : SERVED) {
            versions.add(new ApiVersion().setApiKey(key.id).setMinVersion(key.oldestVersion())
                .setMaxVersion(key.latestVersion()));
        }
        return new ApiVersionsResponseData().setApiKeys(versions);
    }

    private MetadataResponseData metadata(MetadataRequestData request, int port) {
        MetadataResponseData response = new MetadataResponseData().setClusterId("freshet-produce-sink")
            .setControllerId(NODE_ID);
        response.brokers().add(new MetadataResponseBroker().setNodeId(NODE_ID).setHost("127.0.0.1").setPort(port));
        if (request.topics() == null) {
            topics.values().forEach(t -> response.topics().add(describe(t)));
        } else {
            for (MetadataRequestData.MetadataRequestTopic wanted : request.topics()) {
                if (wanted.name() != null) {
                    response.topics().add(describe(topics.computeIfAbsent(wanted.name(), n -> new SinkTopic(n, 1))));
                }
            }
        }
        return response;
    }

    private static MetadataResponseTopic describe(SinkTopic topic) {
        MetadataResponseTopic out = new MetadataResponseTopic().setName(topic.name()).setTopicId(topic.id());
        for (int p = 0; p < topic.partitions(); p++) {
            out.partitions().add(new MetadataResponsePartition().setPartitionIndex(p).setLeaderId(NODE_ID)
                .setLeaderEpoch(0).setReplicaNodes(List.of(NODE_ID)).setIsrNodes(List.of(NODE_ID)));
        }
        return out;
    }

    private CreateTopicsResponseData createTopics(CreateTopicsRequestData request) {
        CreateTopicsResponseData response = new CreateTopicsResponseData();
        for (CreateTopicsRequestData.CreatableTopic wanted : request.topics()) {
            int partitions = wanted.numPartitions() > 0 ? wanted.numPartitions() : 1;
            SinkTopic topic = topics.computeIfAbsent(wanted.name(), n -> new SinkTopic(n, partitions));
            response.topics().add(new CreatableTopicResult().setName(topic.name()).setTopicId(topic.id())
                .setNumPartitions(topic.partitions()).setReplicationFactor((short) 1));
        }
        return response;
    }

    private ApiMessage produce(ProduceRequestData request) {
        if (request.acks() == 0) {
            return null;
        }
        ProduceResponseData response = new ProduceResponseData();
        for (ProduceRequestData.TopicProduceData topicData : request.topicData()) {
            SinkTopic topic = topicData.name() == null || topicData.name().isEmpty()
                ? topicById(topicData.topicId()) : topics.computeIfAbsent(topicData.name(), n -> new SinkTopic(n, 1));
            TopicProduceResponse out = new TopicProduceResponse().setName(topicData.name())
                .setTopicId(topicData.topicId());
            for (ProduceRequestData.PartitionProduceData partition : topicData.partitionData()) {
                MemoryRecords records = (MemoryRecords) partition.records();
                long baseOffset = topic == null ? -1 : topic.reserve(partition.index(), recordCount(records));
                if (topic != null) {
                    offerFirstBatch(topic, partition.index(), records);
                }
                out.partitionResponses().add(new PartitionProduceResponse().setIndex(partition.index())
                    .setBaseOffset(baseOffset).setLogAppendTimeMs(-1).setLogStartOffset(0));
            }
            response.responses().add(out);
        }
        return response;
    }

    /** The first batch a partition receives becomes what its fetches are answered with ({@link SinkFetch}). */
    private static void offerFirstBatch(SinkTopic topic, int partition, MemoryRecords records) {
        if (topic.template(partition) != null) {
            return;
        }
        for (RecordBatch first : records.batches()) { // it starts where the records do
            ByteBuffer bytes = records.buffer().duplicate();
            bytes.limit(bytes.position() + first.sizeInBytes());
            topic.offerTemplate(partition, bytes, (int) (first.lastOffset() - first.baseOffset() + 1));
            return;
        }
    }

    /** EARLIEST (-2) is offset 0, anything else the log end: the harness asks to see a topic is ready, a consumer where to start. */
    private ListOffsetsResponseData listOffsets(ListOffsetsRequestData request) {
        ListOffsetsResponseData response = new ListOffsetsResponseData();
        for (ListOffsetsRequestData.ListOffsetsTopic wanted : request.topics()) {
            SinkTopic topic = topics.computeIfAbsent(wanted.name(), n -> new SinkTopic(n, 1));
            ListOffsetsResponseData.ListOffsetsTopicResponse out =
                new ListOffsetsResponseData.ListOffsetsTopicResponse().setName(wanted.name());
            for (ListOffsetsRequestData.ListOffsetsPartition partition : wanted.partitions()) {
                out.partitions().add(new ListOffsetsResponseData.ListOffsetsPartitionResponse()
                    .setPartitionIndex(partition.partitionIndex()).setTimestamp(-1)
                    .setOffset(partition.timestamp() == ListOffsetsRequest.EARLIEST_TIMESTAMP ? 0
                        : Math.max(0, topic.reserve(partition.partitionIndex(), 0))).setLeaderEpoch(0));
            }
            response.topics().add(out);
        }
        return response;
    }

    private SinkTopic topicById(Uuid id) {
        return topics.values().stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
    }

    private static int recordCount(MemoryRecords records) {
        int count = 0;
        for (RecordBatch batch : records.batches()) {
            count += (int) (batch.lastOffset() - batch.baseOffset() + 1);
        }
        return count;
    }
}
