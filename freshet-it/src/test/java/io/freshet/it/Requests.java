package io.freshet.it;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Raw requests the tests build by hand, at fixed versions inside the ranges PROTOCOL-NOTES.md advertises:
 * Produce v9 (flexible, topic names), Fetch v12 (last version with topic names), InitProducerId v4.
 */
final class Requests {

    static final short PRODUCE_VERSION = 9;
    static final short FETCH_VERSION = 12;
    static final short INIT_PRODUCER_ID_VERSION = 4;

    private Requests() {
    }

    static ProduceRequestData produce(String topic, int partition, MemoryRecords records) {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData()
                .setName(topic)
                .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData()
                        .setIndex(partition)
                        .setRecords(records))));
        return new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000).setTopicData(topics);
    }

    /** Sends a one-partition produce and returns that partition's response. */
    static ProduceResponseData.PartitionProduceResponse produce(RawKafkaConnection conn, String topic, int partition,
            MemoryRecords records) throws IOException {
        ProduceResponseData response = conn.send(produce(topic, partition, records), PRODUCE_VERSION);
        return singlePartition(response);
    }

    static ProduceResponseData.PartitionProduceResponse singlePartition(ProduceResponseData response) {
        ProduceResponseData.TopicProduceResponse topic = response.responses().iterator().next();
        return topic.partitionResponses().get(0);
    }

    /** Retries retriable errors (a broker that has just started may still be loading), as clients do. */
    static InitProducerIdResponseData initProducerId(RawKafkaConnection conn) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            InitProducerIdResponseData response = conn.send(new InitProducerIdRequestData()
                    .setTransactionalId(null)
                    .setTransactionTimeoutMs(60_000)
                    .setProducerId(-1L)
                    .setProducerEpoch((short) -1), INIT_PRODUCER_ID_VERSION);
            Errors error = Errors.forCode(response.errorCode());
            if (!(error.exception() instanceof RetriableException) || System.nanoTime() > deadline) {
                return response;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return response;
            }
        }
    }

    static FetchRequestData fetch(String topic, int partition, long offset, int maxWaitMs, int minBytes) {
        return new FetchRequestData()
                .setReplicaId(-1)
                .setMaxWaitMs(maxWaitMs)
                .setMinBytes(minBytes)
                .setMaxBytes(50 * 1024 * 1024)
                .setIsolationLevel((byte) 0)
                .setSessionId(0)
                .setSessionEpoch(-1)
                .setTopics(List.of(new FetchRequestData.FetchTopic()
                        .setTopic(topic)
                        .setPartitions(List.of(new FetchRequestData.FetchPartition()
                                .setPartition(partition)
                                .setFetchOffset(offset)
                                .setLogStartOffset(-1)
                                .setPartitionMaxBytes(10 * 1024 * 1024)))));
    }

    static FetchResponseData.PartitionData fetch(RawKafkaConnection conn, String topic, int partition, long offset,
            int maxWaitMs, int minBytes) throws IOException {
        FetchResponseData response = conn.send(fetch(topic, partition, offset, maxWaitMs, minBytes), FETCH_VERSION);
        if (response.errorCode() != 0) {
            throw new AssertionError("fetch failed with top-level error " + response.errorCode());
        }
        return response.responses().get(0).partitions().get(0);
    }
}
