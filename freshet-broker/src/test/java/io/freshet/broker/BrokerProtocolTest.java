package io.freshet.broker;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.freshet.broker.Requests.fetch;
import static io.freshet.broker.Requests.listOffsets;
import static io.freshet.broker.Requests.metadata;
import static io.freshet.broker.Requests.onlyPartition;
import static io.freshet.broker.Requests.produce;
import static io.freshet.broker.Requests.records;
import static io.freshet.broker.Requests.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The broker through real sockets and kafka-clients' request classes: framing, versions, produce, fetch. */
@Timeout(60)
class BrokerProtocolTest {

    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    @TempDir
    static Path dataDir;
    static FreshetBroker broker;

    @BeforeAll
    static void start() {
        broker = FreshetBroker.start(BrokerConfig.fromProperties(Map.of(
            "port", "0", "log.dirs", dataDir.toString(), "num.partitions", "2",
            "socket.request.max.bytes", Integer.toString(MAX_REQUEST_BYTES))));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static WireClient client() throws IOException {
        return new WireClient(broker.boundPort());
    }

    private static short sv(int v) {
        return (short) v;
    }

    @Test
    void shouldAdvertiseTheVersionRangesOfProtocolNotes() throws IOException {
        try (WireClient client = client()) {
            ApiVersionsResponseData response = client.call(new ApiVersionsRequestData()
                .setClientSoftwareName("test").setClientSoftwareVersion("1"), sv(3));
            assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(range(response, ApiKeys.PRODUCE)).containsExactly(0, 12);
            assertThat(range(response, ApiKeys.FETCH)).containsExactly(4, 12);
            assertThat(range(response, ApiKeys.METADATA)).containsExactly(0, 12);
            assertThat(range(response, ApiKeys.API_VERSIONS)).containsExactly(0, 4);
            assertThat(range(response, ApiKeys.INIT_PRODUCER_ID)).containsExactly(0, 5);
            assertThat(range(response, ApiKeys.CREATE_TOPICS)).containsExactly(2, 7);
            // librdkafka turns group consumption off unless the classic group APIs start at version 0.
            assertThat(range(response, ApiKeys.JOIN_GROUP)).containsExactly(0, 9);
            assertThat(range(response, ApiKeys.SYNC_GROUP)).containsExactly(0, 5);
            assertThat(range(response, ApiKeys.HEARTBEAT)).containsExactly(0, 4);
            assertThat(range(response, ApiKeys.LEAVE_GROUP)).containsExactly(0, 5);
            assertThat(range(response, ApiKeys.FIND_COORDINATOR)).containsExactly(0, 6);
            assertThat(range(response, ApiKeys.OFFSET_COMMIT)).containsExactly(2, 9);
            assertThat(range(response, ApiKeys.OFFSET_FETCH)).containsExactly(1, 9);
            // Transactions v1 only: AddPartitionsToTxn v4+ and EndTxn v5 belong to KIP-890, and no
            // transaction.version feature is finalized.
            assertThat(range(response, ApiKeys.ADD_PARTITIONS_TO_TXN)).containsExactly(0, 3);
            assertThat(range(response, ApiKeys.ADD_OFFSETS_TO_TXN)).containsExactly(0, 4);
            assertThat(range(response, ApiKeys.END_TXN)).containsExactly(0, 4);
            assertThat(range(response, ApiKeys.TXN_OFFSET_COMMIT)).containsExactly(0, 4);
            assertThat(response.finalizedFeatures().find("transaction.version")).isNull();
        }
    }

    private static List<Integer> range(ApiVersionsResponseData response, ApiKeys key) {
        ApiVersionsResponseData.ApiVersion version = response.apiKeys().find(key.id);
        return List.of((int) version.minVersion(), (int) version.maxVersion());
    }

    @Test
    void shouldAnswerApiVersionsAtAnUnknownVersionWithV0UnsupportedVersionAndRanges() throws IOException {
        try (WireClient client = client()) {
            // Header v2 (flexible) as a newer client would send it, then garbage where the body would be.
            ByteBuffer frame = ByteBuffer.allocate(4 + 2 + 2 + 4 + 2 + 1 + 3);
            frame.putInt(frame.capacity() - 4).putShort(ApiKeys.API_VERSIONS.id).putShort((short) 99).putInt(42)
                .putShort((short) -1).put((byte) 0).put(new byte[] {1, 2, 3});
            client.sendRaw(frame.array());
            WireClient.Response<ApiVersionsResponseData> response = client.receive(ApiKeys.API_VERSIONS, sv(0));
            assertThat(response.correlationId()).isEqualTo(42);
            assertThat(response.body().errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(response.body().apiKeys().find(ApiKeys.PRODUCE.id).maxVersion()).isEqualTo((short) 12);
            // The connection stays usable: the client retries at a version both support.
            ApiVersionsResponseData retried = client.call(new ApiVersionsRequestData(), sv(0));
            assertThat(retried.errorCode()).isEqualTo(Errors.NONE.code());
        }
    }

    @Test
    void shouldCloseOnlyTheConnectionThatSentAnOversizeFrame() throws IOException {
        try (WireClient bad = client(); WireClient good = client()) {
            // Only the size prefix is sent: the broker must refuse before waiting for (or allocating) the body.
            bad.sendRaw(ByteBuffer.allocate(4).putInt(MAX_REQUEST_BYTES + 1).array());
            assertThat(bad.isClosedByBroker()).isTrue();
            assertThat(good.<ApiVersionsResponseData>call(new ApiVersionsRequestData(), sv(2)).errorCode())
                .isEqualTo(Errors.NONE.code());
        }
    }

    @Test
    void shouldAcceptAFrameOfExactlyTheMaximumSizeButCloseOnANegativeSize() throws IOException {
        try (WireClient negative = client()) {
            negative.sendRaw(ByteBuffer.allocate(4).putInt(-5).array());
            assertThat(negative.isClosedByBroker()).isTrue();
        }
        try (WireClient exact = client()) {
            // A Metadata v0 request padded to the limit: the header and body decode; trailing bytes are ignored.
            ByteBuffer frame = ByteBuffer.allocate(4 + MAX_REQUEST_BYTES);
            frame.putInt(MAX_REQUEST_BYTES).putShort(ApiKeys.METADATA.id).putShort((short) 0).putInt(7)
                .putShort((short) 4).put("test".getBytes()).putInt(0);
            exact.sendRaw(frame.array());
            WireClient.Response<MetadataResponseData> response = exact.receive(ApiKeys.METADATA, sv(0));
            assertThat(response.correlationId()).isEqualTo(7);
            assertThat(response.body().brokers()).hasSize(1);
        }
    }

    @Test
    void shouldCloseTheConnectionOnAnUnknownApiKeyOrATruncatedHeader() throws IOException {
        try (WireClient unknown = client()) {
            unknown.sendRaw(ByteBuffer.allocate(4 + 10).putInt(10).putShort((short) 9999).putShort((short) 0)
                .putInt(1).putShort((short) -1).array());
            assertThat(unknown.isClosedByBroker()).isTrue();
        }
        try (WireClient truncated = client()) {
            truncated.sendRaw(ByteBuffer.allocate(4 + 3).putInt(3).put(new byte[3]).array());
            assertThat(truncated.isClosedByBroker()).isTrue();
        }
        try (WireClient unsupported = client()) {
            unsupported.send(metadata(true, "t"), sv(13)); // known to kafka-clients, above the advertised maximum
            assertThat(unsupported.isClosedByBroker()).isTrue();
        }
    }

    @Test
    void shouldAutoCreateTopicsOnMetadataAndRejectInvalidNames() throws IOException {
        try (WireClient client = client()) {
            MetadataResponseData response = client.call(metadata(true, "auto-meta", "bad/name"), sv(12));
            MetadataResponseData.MetadataResponseTopic created = response.topics().find("auto-meta");
            assertThat(created.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(created.partitions()).hasSize(2);
            assertThat(created.partitions().get(0).leaderId()).isEqualTo(1);
            assertThat(created.topicId()).isNotEqualTo(org.apache.kafka.common.Uuid.ZERO_UUID);
            assertThat(response.topics().find("bad/name").errorCode())
                .isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
            assertThat(response.brokers().iterator().next().port()).isEqualTo(broker.boundPort());
            assertThat(response.clusterId()).isEqualTo(broker.clusterId());

            MetadataResponseData noCreate = client.call(metadata(false, "not-created"), sv(12));
            assertThat(noCreate.topics().find("not-created").errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
    }

    @Test
    void shouldProduceAndFetchBackWithOffsets() throws IOException {
        try (WireClient client = client()) {
            ProduceResponseData first = client.call(produce("pf", 0, (short) -1, records(1000, "a", "b", "c")), sv(9));
            ProduceResponseData second = client.call(produce("pf", 0, (short) 1, records(2000, "d")), sv(12));
            assertThat(onlyPartition(first).errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(onlyPartition(first).baseOffset()).isZero();
            assertThat(onlyPartition(second).baseOffset()).isEqualTo(3);
            assertThat(onlyPartition(second).logStartOffset()).isZero();

            FetchResponseData fetched = client.call(fetch("pf", 0, 0, 0, 0), sv(12));
            FetchResponseData.PartitionData partition = onlyPartition(fetched);
            assertThat(fetched.sessionId()).isZero();
            assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(partition.highWatermark()).isEqualTo(4);
            assertThat(partition.lastStableOffset()).isEqualTo(4);
            assertThat(values(partition)).containsExactly("a", "b", "c", "d");

            FetchResponseData v4 = client.call(fetch("pf", 0, 3, 0, 0), sv(4));
            assertThat(values(onlyPartition(v4))).containsExactly("d");
        }
    }

    @Test
    void shouldRejectACorruptBatchWithCorruptMessageAndAppendNothing() throws IOException {
        try (WireClient client = client()) {
            client.call(produce("crc", 0, (short) 1, records(1, "ok")), sv(9));
            ByteBuffer bytes = records(2, "tampered").buffer().duplicate();
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            copy[copy.length - 1] ^= 0x55; // inside the CRC-covered payload
            ProduceResponseData response = client.call(
                produce("crc", 0, (short) 1, MemoryRecords.readableRecords(ByteBuffer.wrap(copy))), sv(9));
            assertThat(onlyPartition(response).errorCode()).isEqualTo(Errors.CORRUPT_MESSAGE.code());
            assertThat(latest(client, "crc")).isEqualTo(1);
            // The same connection keeps working.
            assertThat(onlyPartition(client.<ProduceResponseData>call(produce("crc", 0, (short) 1,
                records(3, "after")), sv(9))).baseOffset()).isEqualTo(1);
        }
    }

    @Test
    void shouldRejectTwoBatchesInOnePartitionAndUnknownPartitionsIndependently() throws IOException {
        try (WireClient client = client()) {
            ByteBuffer two = ByteBuffer.allocate(2 * records(1, "x").sizeInBytes());
            two.put(records(1, "x").buffer().duplicate()).put(records(2, "y").buffer().duplicate()).flip();
            var request = produce("multi", 0, (short) 1, MemoryRecords.readableRecords(two));
            request.topicData().iterator().next().partitionData().add(
                new org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData().setIndex(1)
                    .setRecords(records(1, "fine")));
            request.topicData().iterator().next().partitionData().add(
                new org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData().setIndex(7)
                    .setRecords(records(1, "nowhere")));
            ProduceResponseData response = client.call(request, sv(9));
            var partitions = response.responses().iterator().next().partitionResponses();
            assertThat(partitions.get(0).errorCode()).isEqualTo(Errors.INVALID_RECORD.code());
            assertThat(partitions.get(1).errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(partitions.get(2).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            assertThat(latest(client, "multi")).isZero();
        }
    }

    @Test
    void shouldAnswerPipelinedRequestsInOrderAndSkipAcksZero() throws IOException {
        try (WireClient client = client()) {
            List<Integer> sent = new ArrayList<>();
            List<ApiKeys> keys = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                short acks = (short) (i % 3 == 0 ? -1 : i % 3 == 1 ? 1 : 0);
                int id = client.send(produce("order", 0, acks, records(i, "v" + i)), sv(9));
                if (acks != 0) {
                    sent.add(id);
                    keys.add(ApiKeys.PRODUCE);
                }
                sent.add(client.send(new ApiVersionsRequestData(), sv(3)));
                keys.add(ApiKeys.API_VERSIONS);
            }
            List<Integer> received = new ArrayList<>();
            long expectedOffset = 0;
            for (int i = 0; i < sent.size(); i++) {
                WireClient.Response<?> response = client.receive(keys.get(i),
                    keys.get(i) == ApiKeys.PRODUCE ? sv(9) : sv(3));
                received.add(response.correlationId());
                if (response.body() instanceof ProduceResponseData produce) {
                    long base = onlyPartition(produce).baseOffset();
                    assertThat(base).isGreaterThanOrEqualTo(expectedOffset);
                    expectedOffset = base + 1;
                }
            }
            assertThat(received).isEqualTo(sent);
            assertThat(latest(client, "order")).isEqualTo(30);
        }
    }

    @Test
    void shouldAppendPipelinedProducesToANewTopicInRequestOrder() throws IOException {
        try (WireClient client = client()) {
            List<Integer> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                sent.add(client.send(produce("fresh-order", 0, (short) 1, records(i, "r" + i)), sv(9)));
            }
            for (int i = 0; i < 20; i++) {
                WireClient.Response<ProduceResponseData> response = client.receive(ApiKeys.PRODUCE, sv(9));
                assertThat(response.correlationId()).isEqualTo(sent.get(i));
                assertThat(onlyPartition(response.body()).baseOffset()).isEqualTo(i);
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add("r" + i);
            }
            assertThat(values(onlyPartition(client.<FetchResponseData>call(fetch("fresh-order", 0, 0, 0, 0), sv(12)))))
                .isEqualTo(expected);
        }
    }

    @Test
    void shouldLongPollUntilAnAppendArrives() throws Exception {
        try (WireClient consumer = client(); WireClient producer = client()) {
            producer.call(metadata(true, "poll"), sv(12));
            long start = System.nanoTime();
            int id = consumer.send(fetch("poll", 0, 0, 10_000, 1), sv(12));
            // The append must find the fetch parked (not read it at once): wait until the broker parked it.
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.waitingFetches() == 1);
            producer.call(produce("poll", 0, (short) 1, records(1, "wake")), sv(9));
            WireClient.Response<FetchResponseData> response = consumer.receive(ApiKeys.FETCH, sv(12));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(response.correlationId()).isEqualTo(id);
            assertThat(values(onlyPartition(response.body()))).containsExactly("wake");
            assertThat(elapsedMs).as("woken by the append, long before max.wait.ms").isLessThan(5_000L);
        }
    }

    @Test
    void shouldAnswerAnEmptyLongPollAfterMaxWait() throws IOException {
        try (WireClient client = client()) {
            client.call(metadata(true, "quiet"), sv(12));
            long start = System.nanoTime();
            FetchResponseData response = client.call(fetch("quiet", 0, 0, 300, 1), sv(11));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(onlyPartition(response).errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(onlyPartition(response).records().sizeInBytes()).isZero();
            assertThat(elapsedMs).isBetween(250L, 5_000L);
        }
    }

    @Test
    void shouldReportFetchErrorsPerPartitionWithoutCreatingTopics() throws IOException {
        try (WireClient client = client()) {
            client.call(produce("range", 0, (short) 1, records(1, "one")), sv(9));
            FetchResponseData outOfRange = client.call(fetch("range", 0, 5, 0, 0), sv(12));
            assertThat(onlyPartition(outOfRange).errorCode()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
            FetchResponseData unknown = client.call(fetch("never-created", 0, 0, 0, 0), sv(12));
            assertThat(onlyPartition(unknown).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            MetadataResponseData metadata = client.call(metadata(false, "never-created"), sv(12));
            assertThat(metadata.topics().find("never-created").errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
    }

    @Test
    void shouldListEarliestLatestAndByTimestampOffsets() throws IOException {
        try (WireClient client = client()) {
            client.call(produce("lo", 0, (short) 1, records(1_000, "a", "b")), sv(9));
            client.call(produce("lo", 0, (short) 1, records(5_000, "c")), sv(9));
            assertThat(offsetFor(client, "lo", -2)).isZero();
            assertThat(offsetFor(client, "lo", -1)).isEqualTo(3);
            assertThat(offsetFor(client, "lo", 1_001)).isEqualTo(1);
            assertThat(offsetFor(client, "lo", 4_000)).isEqualTo(2);
            assertThat(offsetFor(client, "lo", 9_000)).isEqualTo(-1);
            assertThat(offsetFor(client, "lo", -3)).isEqualTo(2);
        }
    }

    private static long latest(WireClient client, String topic) throws IOException {
        return offsetFor(client, topic, -1);
    }

    private static long offsetFor(WireClient client, String topic, long timestamp) throws IOException {
        ListOffsetsResponseData response = client.call(listOffsets(topic, 0, timestamp), sv(7));
        var partition = response.topics().get(0).partitions().get(0);
        assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
        return partition.offset();
    }
}
