package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each bad input gets Kafka's error code or a closed connection, appends nothing, closes no other connection, and a
 * normal KafkaProducer/KafkaConsumer is served right after (checked after every test).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputTest {

    private static final int MAX_REQUEST_BYTES = 1024 * 1024;
    // Names of this class's own: against an external broker every class and every rerun shares one cluster.
    private static final String VICTIM = UniqueNames.of("victim");
    private static final String SMALL = UniqueNames.of("small-messages");
    private static final String HEALTHY = UniqueNames.of("healthy");

    @RegisterExtension
    static final FreshetExtension freshet = FreshetExtension.perClass()
            .withProperty("auto.create.topics.enable", "false")
            .withProperty("socket.request.max.bytes", Integer.toString(MAX_REQUEST_BYTES));

    private RawKafkaConnection bystander;
    private Map<TopicPartition, Long> endOffsetsBefore;

    @BeforeAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void createTopics() throws Exception {
        KafkaClients.createTopic(freshet.bootstrapServers(), VICTIM, 1);
        KafkaClients.createTopic(freshet.bootstrapServers(), SMALL, 1, Map.of("max.message.bytes", "1024"));
        KafkaClients.createTopic(freshet.bootstrapServers(), HEALTHY, 1);
        try (KafkaProducer<String, String> producer = KafkaClients.producer(freshet.bootstrapServers())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(VICTIM, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    @BeforeEach
    void openBystanderAndRememberEndOffsets() throws Exception {
        bystander = RawKafkaConnection.open(freshet.bootstrapPort());
        assertApiVersionsAnswered(bystander);
        endOffsetsBefore = endOffsets();
        assertThat(endOffsetsBefore.get(new TopicPartition(VICTIM, 0))).isEqualTo(10);
    }

    @AfterEach
    void assertNothingAppendedAndEveryoneElseServed() throws Exception {
        assertApiVersionsAnswered(bystander);
        bystander.close();
        assertThat(endOffsets()).as("end offsets after a rejected input").isEqualTo(endOffsetsBefore);
        assertNormalClientsServed();
    }

    // ---- framing ------------------------------------------------------------------------------------------------

    @Test
    void shouldKeepServingOthersWhileAFrameIsTruncatedThenClosed() throws Exception {
        try (RawKafkaConnection truncated = RawKafkaConnection.open(freshet.bootstrapPort())) {
            truncated.sendBytes(ByteBuffer.allocate(14).putInt(100).put(new byte[10]).array());
            assertApiVersionsAnswered(bystander);
            assertNormalClientsServed();
            assertThat(truncated.isClosedByPeer(Duration.ofMillis(300)))
                    .as("a partial frame is waited for, not rejected").isFalse();
        }
    }

    @Test
    void shouldCloseTheConnectionOnAGarbageHeader() throws Exception {
        try (RawKafkaConnection garbage = RawKafkaConnection.open(freshet.bootstrapPort())) {
            byte[] junk = new byte[16];
            Arrays.fill(junk, (byte) 0xDE);
            garbage.sendBytes(ByteBuffer.allocate(20).putInt(16).put(junk).array());
            assertThat(garbage.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void shouldCloseTheConnectionWhenTheClientIdRunsPastTheFrame() throws Exception {
        try (RawKafkaConnection malformed = RawKafkaConnection.open(freshet.bootstrapPort())) {
            ByteBuffer header = ByteBuffer.allocate(4 + 10)
                    .putInt(10).putShort(ApiKeys.PRODUCE.id).putShort((short) 9).putInt(1).putShort((short) 0x7fff);
            malformed.sendBytes(header.array());
            assertThat(malformed.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void shouldCloseTheConnectionOnATruncatedProduceBodyAndAppendNothing() throws Exception {
        byte[] whole = RawKafkaConnection.encodeRequest(
                Requests.produce(VICTIM, 0, MemoryRecords.withRecords(Compression.NONE, records(3, 20))),
                Requests.PRODUCE_VERSION, 3);
        byte[] cut = Arrays.copyOf(whole, whole.length - 25);
        try (RawKafkaConnection malformed = RawKafkaConnection.open(freshet.bootstrapPort())) {
            malformed.sendBytes(ByteBuffer.allocate(4 + cut.length).putInt(cut.length).put(cut).array());
            assertThat(malformed.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void shouldCloseConnectionsWhoseSizeFieldExceedsSocketRequestMaxBytes() throws Exception {
        // The broker's own limit: an external broker keeps its server.properties (Kafka's default is 100 MiB).
        int limit = Integer.parseInt(BrokerSettings.read(freshet.bootstrapServers(), "socket.request.max.bytes"));
        int[] sizes = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, limit + 1, -1};
        List<RawKafkaConnection> connections = new ArrayList<>();
        try {
            for (int size : sizes) {
                RawKafkaConnection conn = RawKafkaConnection.open(freshet.bootstrapPort());
                connections.add(conn);
                conn.sendBytes(ByteBuffer.allocate(14).putInt(size).put(new byte[10]).array());
            }
            for (int i = 0; i < sizes.length; i++) {
                assertThat(connections.get(i).isClosedByPeer())
                        .as("connection with size field %d (limit %d) closed at once", sizes[i], limit)
                        .isTrue();
            }
        } finally {
            for (RawKafkaConnection conn : connections) {
                conn.close();
            }
        }
    }

    @Test
    void shouldCloseTheConnectionOnAnUnknownApiKey() throws Exception {
        try (RawKafkaConnection conn = RawKafkaConnection.open(freshet.bootstrapPort())) {
            byte[] clientId = "freshet-it".getBytes(StandardCharsets.UTF_8);
            ByteBuffer frame = ByteBuffer.allocate(4 + 10 + clientId.length);
            frame.putInt(10 + clientId.length).putShort((short) 9999).putShort((short) 0).putInt(7)
                    .putShort((short) clientId.length).put(clientId);
            conn.sendBytes(frame.array());
            assertThat(conn.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void shouldAnswerApiVersionsAtAnUnknownVersionWithUnsupportedVersionAndTheRanges() throws Exception {
        try (RawKafkaConnection conn = RawKafkaConnection.open(freshet.bootstrapPort())) {
            byte[] clientId = "freshet-it".getBytes(StandardCharsets.UTF_8);
            ByteBuffer payload = ByteBuffer.allocate(64);
            payload.putShort(ApiKeys.API_VERSIONS.id).putShort((short) 99).putInt(42)
                    .putShort((short) clientId.length).put(clientId).put((byte) 0); // header v2: empty tagged fields
            payload.put((byte) 11).put("freshet-it".getBytes(StandardCharsets.UTF_8)) // a v3-style body
                    .put((byte) 2).put((byte) '1').put((byte) 0);
            payload.flip();
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);

            ByteBuffer response = conn.sendFrame(bytes);
            assertThat(response.getInt()).as("correlation id, response header v0").isEqualTo(42);
            ApiVersionsResponseData body = new ApiVersionsResponseData(new ByteBufferAccessor(response), (short) 0);
            assertThat(Errors.forCode(body.errorCode())).isEqualTo(Errors.UNSUPPORTED_VERSION);
            ApiVersionsResponseData.ApiVersion apiVersions = body.apiKeys().find(ApiKeys.API_VERSIONS.id);
            assertThat(apiVersions).as("ApiVersions range in the answer").isNotNull();
            assertThat(apiVersions.minVersion()).isZero();
            assertThat(apiVersions.maxVersion()).isGreaterThanOrEqualTo((short) 3);
            // Kafka itself lists only the ApiVersions range here (ApiVersionsRequest.getErrorResponse); more is allowed.

            // What the Java client does next: retry at a version from the ranges, on the same connection.
            assertApiVersionsAnswered(conn);
        }
    }

    // ---- produce -------------------------------------------------------------------------------------------------

    @Test
    void shouldRejectABatchWithAFlippedCrcByteAsCorruptMessage() throws Exception {
        MemoryRecords good = MemoryRecords.withRecords(Compression.NONE, records(3, 20));
        ByteBuffer bytes = ByteBuffer.allocate(good.sizeInBytes());
        bytes.put(good.buffer().duplicate()).flip();
        int inLastValue = bytes.limit() - 2; // the last byte is the record's header count; this one is value data
        bytes.put(inLastValue, (byte) (bytes.get(inLastValue) ^ 0x01));
        try (RawKafkaConnection conn = RawKafkaConnection.openToLeader(freshet.bootstrapServers(), VICTIM, 0)) {
            ProduceResponseData.PartitionProduceResponse p = Requests.produce(conn, VICTIM, 0,
                    MemoryRecords.readableRecords(bytes));
            assertThat(Errors.forCode(p.errorCode())).isEqualTo(Errors.CORRUPT_MESSAGE);
            assertApiVersionsAnswered(conn);
        }
    }

    @Test
    void shouldRejectABatchLargerThanTheTopicsMaxMessageBytes() throws Exception {
        try (RawKafkaConnection conn = RawKafkaConnection.openToLeader(freshet.bootstrapServers(), SMALL, 0)) {
            ProduceResponseData.PartitionProduceResponse p = Requests.produce(conn, SMALL, 0,
                    MemoryRecords.withRecords(Compression.NONE, records(1, 4096)));
            assertThat(Errors.forCode(p.errorCode())).isEqualTo(Errors.MESSAGE_TOO_LARGE);
        }
        try (KafkaProducer<String, String> producer = KafkaClients.producer(freshet.bootstrapServers())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(SMALL, "big", "x".repeat(4096)))
                    .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RecordTooLargeException.class);
        }
    }

    @Test
    void shouldRejectProduceToAnUnknownTopicWithoutCreatingIt() throws Exception {
        // Kafka's and Freshet's default is to create the topic; the suite's Kafka keeps that default, which other
        // tests rely on, so this runs only where the broker is set not to (as this class's Freshet is).
        Assumptions.assumeFalse(BrokerSettings.autoCreatesTopics(freshet.bootstrapServers()),
                "the broker creates unknown topics (auto.create.topics.enable=true, Kafka's default)");
        String topic = UniqueNames.of("no-such-topic");
        try (RawKafkaConnection conn = RawKafkaConnection.open(freshet.bootstrapPort())) {
            ProduceResponseData.PartitionProduceResponse p = Requests.produce(conn, topic, 0,
                    MemoryRecords.withRecords(Compression.NONE, records(1, 10)));
            assertThat(Errors.forCode(p.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);

            MetadataResponseData md = conn.send(new MetadataRequestData()
                    .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName(topic)))
                    .setAllowAutoTopicCreation(true), (short) 9);
            assertThat(Errors.forCode(md.topics().find(topic).errorCode()))
                    .as("metadata with auto-create disabled").isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        try (KafkaProducer<String, String> producer = KafkaClients.producer(freshet.bootstrapServers(),
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_500))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS))
                    .hasMessageContaining(topic);
        }
        try (Admin admin = KafkaClients.admin(freshet.bootstrapServers())) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(topic);
        }
    }

    @Test
    void shouldRejectProduceAndFetchOnAPartitionOutOfRange() throws Exception {
        try (RawKafkaConnection conn = RawKafkaConnection.open(freshet.bootstrapPort())) {
            ProduceResponseData.PartitionProduceResponse p = Requests.produce(conn, VICTIM, 7,
                    MemoryRecords.withRecords(Compression.NONE, records(1, 10)));
            assertThat(Errors.forCode(p.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
            FetchResponseData.PartitionData f = Requests.fetch(conn, VICTIM, 7, 0, 0, 1);
            assertThat(Errors.forCode(f.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
    }

    @Test
    void shouldRejectTwoBatchesForOnePartitionAsInvalidRecord() throws Exception {
        ByteBuffer first = MemoryRecords.withRecords(Compression.NONE, records(2, 10)).buffer();
        ByteBuffer second = MemoryRecords.withRecords(Compression.NONE, records(2, 10)).buffer();
        ByteBuffer both = ByteBuffer.allocate(first.remaining() + second.remaining()).put(first).put(second).flip();
        assertProduceRejected(MemoryRecords.readableRecords(both), Errors.INVALID_RECORD);
    }

    @Test
    void shouldRejectAnOldMagicBatchAsInvalidRecord() throws Exception {
        assertProduceRejected(MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V1, Compression.NONE, records(2, 10)),
                Errors.INVALID_RECORD);
    }

    @Test
    void shouldRejectAControlBatchFromAClient() throws Exception {
        try (RawKafkaConnection conn = RawKafkaConnection.openToLeader(freshet.bootstrapServers(), VICTIM, 0)) {
            ProduceResponseData.PartitionProduceResponse p = Requests.produce(conn, VICTIM, 0,
                    MemoryRecords.withEndTransactionMarker(1234L, (short) 0,
                            new EndTransactionMarker(ControlRecordType.COMMIT, 0)));
            // Kafka answers TRANSACTIONAL_ID_AUTHORIZATION_FAILED (a transactional batch without a transactional id)
            // before it looks at the control bit; INVALID_RECORD is as good. What matters: rejected, not appended.
            assertThat(Errors.forCode(p.errorCode())).as("error (message: %s)", p.errorMessage())
                    .isIn(Errors.INVALID_RECORD, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
        }
    }

    @Test
    void shouldRejectATimestampFurtherAheadThanMessageTimestampAfterMaxMs() throws Exception {
        long twoHoursAhead = System.currentTimeMillis() + Duration.ofHours(2).toMillis();
        assertProduceRejected(MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord(twoHoursAhead, "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8))),
                Errors.INVALID_TIMESTAMP);
    }

    @Test
    void shouldAnswerAFetchBeyondTheEndWithOffsetOutOfRange() throws Exception {
        try (RawKafkaConnection conn = RawKafkaConnection.openToLeader(freshet.bootstrapServers(), VICTIM, 0)) {
            FetchResponseData.PartitionData f = Requests.fetch(conn, VICTIM, 0, 1_000, 0, 1);
            assertThat(Errors.forCode(f.errorCode())).isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
            assertThat(f.highWatermark()).as("high watermark in the error response").isIn(10L, -1L);
        }
        TopicPartition tp = new TopicPartition(VICTIM, 0);
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(freshet.bootstrapServers(),
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"))) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, 1_000);
            assertThatThrownBy(() -> {
                for (int i = 0; i < 50; i++) {
                    consumer.poll(Duration.ofMillis(100));
                }
            }).isInstanceOf(OffsetOutOfRangeException.class);
        }
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(freshet.bootstrapServers())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, 1_000);
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (read.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(read::add);
            }
            assertThat(read).as("auto.offset.reset=earliest after an out-of-range fetch").isNotEmpty();
            assertThat(read.get(0).offset()).isZero();
        }
    }

    private void assertProduceRejected(MemoryRecords records, Errors expected) throws Exception {
        try (RawKafkaConnection conn = RawKafkaConnection.openToLeader(freshet.bootstrapServers(), VICTIM, 0)) {
            ProduceResponseData.PartitionProduceResponse p = Requests.produce(conn, VICTIM, 0, records);
            assertThat(Errors.forCode(p.errorCode())).as("error (message: %s)", p.errorMessage()).isEqualTo(expected);
            assertApiVersionsAnswered(conn);
        }
    }

    // ---- admin ---------------------------------------------------------------------------------------------------

    @Test
    void shouldRejectInvalidTopicNames() throws Exception {
        List<String> names = List.of("bad/name", "..", ".", "a".repeat(250), "spaces are bad", "ümlaut");
        try (Admin admin = KafkaClients.admin(freshet.bootstrapServers())) {
            for (String name : names) {
                assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(name, 1, (short) 1)))
                        .all().get(30, TimeUnit.SECONDS))
                        .as("create topic '%s'", name)
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(InvalidTopicException.class);
            }
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContainAnyElementsOf(names);
        }
    }

    @Test
    void shouldRejectInvalidTopicConfigs() throws Exception {
        List<Map<String, String>> invalid = List.of(
                Map.of("segment.bytes", "-5"),
                Map.of("no.such.config", "1"),
                Map.of("retention.ms", "forever"),
                Map.of("cleanup.policy", "shred"));
        try (Admin admin = KafkaClients.admin(freshet.bootstrapServers())) {
            int n = 0;
            for (Map<String, String> config : invalid) {
                String name = "invalid-config-" + n++;
                assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(config)))
                        .all().get(30, TimeUnit.SECONDS))
                        .as("create topic with %s", config)
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(InvalidConfigurationException.class);
            }
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).noneMatch(t -> t.startsWith("invalid-config-"));
        }
    }

    @Test
    void shouldRejectInvalidPartitionCountsAndReplicationFactors() throws Exception {
        try (Admin admin = KafkaClients.admin(freshet.bootstrapServers())) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("zero-partitions", Optional.of(0),
                    Optional.empty()))).all().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(InvalidPartitionsException.class);
            // one replica more than the cluster has brokers (2 on one broker, 4 on the suite's 3-node Kafka cluster)
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            String tooMany = UniqueNames.of("too-many-replicas");
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(tooMany, 1, (short) (brokers + 1))))
                    .all().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(InvalidReplicationFactorException.class);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .doesNotContain("zero-partitions", tooMany);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static SimpleRecord[] records(int count, int valueBytes) {
        SimpleRecord[] out = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            byte[] value = new byte[valueBytes];
            Arrays.fill(value, (byte) ('a' + i % 26));
            out[i] = new SimpleRecord(System.currentTimeMillis(), ("bad-" + i).getBytes(StandardCharsets.UTF_8), value);
        }
        return out;
    }

    private static void assertApiVersionsAnswered(RawKafkaConnection conn) throws Exception {
        ApiVersionsResponseData response = conn.send(new ApiVersionsRequestData()
                .setClientSoftwareName("freshet-it").setClientSoftwareVersion("1"), (short) 3);
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        assertThat(response.apiKeys()).isNotEmpty();
    }

    private Map<TopicPartition, Long> endOffsets() {
        Map<TopicPartition, Long> out = new HashMap<>();
        out.putAll(KafkaClients.endOffsets(freshet.bootstrapServers(), VICTIM));
        out.putAll(KafkaClients.endOffsets(freshet.bootstrapServers(), SMALL));
        return out;
    }

    /** A default KafkaProducer appends to another topic and a KafkaConsumer reads that record back. */
    private void assertNormalClientsServed() throws Exception {
        String value = "still-served-" + System.nanoTime();
        RecordMetadata md;
        try (KafkaProducer<String, String> producer = KafkaClients.producer(freshet.bootstrapServers())) {
            md = producer.send(new ProducerRecord<>(HEALTHY, "k", value)).get(30, TimeUnit.SECONDS);
        }
        TopicPartition tp = new TopicPartition(HEALTHY, 0);
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(freshet.bootstrapServers())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, md.offset());
            List<ConsumerRecord<String, String>> read = KafkaClients.readUntil(consumer, Map.of(tp, md.offset() + 1),
                    Duration.ofSeconds(30));
            assertThat(read).extracting(ConsumerRecord::value).containsExactly(value);
        }
    }
}
