package io.freshet.broker.network;

import io.freshet.broker.BrokerConfig;
import io.freshet.broker.FreshetBroker;
import io.freshet.broker.handler.ApiHandler;
import io.freshet.broker.handler.ApiRouter;
import io.freshet.broker.handler.ApiVersionRange;
import io.freshet.storage.testing.AllocationMeter;
import io.freshet.storage.testing.FuzzBudget;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.Uuid;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile Kafka request frames of every API key and every version the broker advertises. Valid requests (the
 * generated {@code *RequestData} defaults, plus a few with content) are serialized with the right header version,
 * then mutated: bit flips, bytes and length prefixes set huge or negative, truncation, random tails.
 * <ul>
 *   <li>{@link RequestParser} (the decoding of every frame) only returns or throws InvalidRequestException, and
 *       allocates at most a fixed multiple of the frame's size plus a constant (KAFKA-14063, CVE-2022-34917);</li>
 *   <li>the whole pipeline of a running broker, over a socket, answers with a well-formed frame carrying the
 *       request's correlation id, or closes the connection; and a Java client is served normally afterwards.</li>
 * </ul>
 */
@AddLifecycleHook(FuzzBudget.class)
class KafkaFrameFuzzTest {

    /** APIs whose answer may legitimately wait (long poll, rebalance): no answer within the timeout is fine. */
    private static final Set<ApiKeys> MAY_PARK = EnumSet.of(ApiKeys.FETCH, ApiKeys.SHARE_FETCH, ApiKeys.JOIN_GROUP,
        ApiKeys.SYNC_GROUP, ApiKeys.PRODUCE);
    private static final long ALLOCATION_CONSTANT = 512 * 1024;
    private static final long ALLOCATION_PER_BYTE = 16;

    private static Path dataDir;
    private static FreshetBroker broker;
    private static List<Frame> seeds;
    private static RequestParser parser;

    /** One valid request, serialized: its key, version and bytes (header and body, without the size prefix). */
    record Frame(ApiKeys key, short version, byte[] bytes) {
        @Override
        public String toString() {
            return key + " v" + version + " (" + bytes.length + " bytes)";
        }
    }

    @BeforeContainer
    static void start() throws IOException {
        dataDir = Files.createTempDirectory("frame-fuzz");
        broker = FreshetBroker.start(BrokerConfig.fromProperties(Map.of("port", "0", "log.dirs", dataDir.toString(),
            "group.initial.rebalance.delay.ms", "0", "num.partitions", "1")));
        ApiVersionsResponseData advertised = apiVersions(broker.boundPort());
        List<ApiHandler<?, ?>> stubs = new ArrayList<>();
        seeds = new ArrayList<>();
        for (ApiVersionsResponseData.ApiVersion range : advertised.apiKeys()) {
            ApiKeys key = ApiKeys.forId(range.apiKey());
            if (key != ApiKeys.API_VERSIONS) {
                stubs.add(stub(new ApiVersionRange(key, range.minVersion(), range.maxVersion())));
            }
            for (short v = (short) Math.max(range.minVersion(), key.oldestVersion()); v <= range.maxVersion(); v++) {
                for (ApiMessage body : examples(key)) {
                    try {
                        seeds.add(new Frame(key, v, serialize(key, v, body, 1_000 + seeds.size())));
                    } catch (RuntimeException notAtThisVersion) {
                        // a field this version lacks is set: the default instance covers the version
                    }
                }
            }
        }
        parser = new RequestParser(new ApiRouter(stubs, null));
        for (Frame seed : seeds) {
            try {
                parser.parse(ByteBuffer.wrap(seed.bytes())); // warm-up: class loading is not the frame's allocation
            } catch (InvalidRequestException invalidDefault) {
                // some defaults are refused as they are (DescribeAcls with UNKNOWN filters): still worth mutating
            }
        }
    }

    /** Runs after every property of the class: a failure here fails the class in the report. */
    @AfterContainer
    static void stop() throws Exception {
        try {
            assertAJavaClientIsServed();
        } finally {
            broker.close();
        }
    }

    /** After all the fuzzing, a well-behaved Java client produces and the admin client sees the cluster. */
    private static void assertAJavaClientIsServed() throws Exception {
        String bootstrap = "127.0.0.1:" + broker.boundPort();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000),
            new StringSerializer(), new StringSerializer());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            RecordMetadata sent = producer.send(new ProducerRecord<>("fuzz", "k", "v")).get(10, TimeUnit.SECONDS);
            assertThat(sent.offset()).isGreaterThanOrEqualTo(0);
            assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).hasSize(1);
        }
    }


    // ---- properties ----

    @Property(tries = 500)
    void parsingAMutatedFrameReturnsOrRejectsItWithinBoundedMemory(@ForAll("mutatedFrames") byte[] frame) {
        AllocationMeter.Measured run = AllocationMeter.measure(() -> parser.parse(ByteBuffer.wrap(frame)));
        if (run.thrown() != null && !(run.thrown() instanceof InvalidRequestException)) {
            throw new AssertionError("RequestParser threw " + run.thrown(), run.thrown());
        }
        assertThat(run.bytes()).as("bytes allocated to parse a frame of %d bytes", frame.length)
            .isLessThan(ALLOCATION_CONSTANT + ALLOCATION_PER_BYTE * frame.length);
    }

    @Property(tries = 40)
    void theBrokerAnswersAMutatedFrameWellFormedOrClosesTheConnection(@ForAll("mutatedFrames") byte[] frame)
        throws IOException {
        try (Socket socket = new Socket("127.0.0.1", broker.boundPort())) {
            // An API that may wait by design gets a short look; any other must answer or close within 2 s.
            socket.setSoTimeout(MAY_PARK.contains(keyOf(frame)) ? 200 : 2_000);
            sendFramed(socket, frame);
            checkAnswer(socket, frame);
        }
    }

    /** Hand-written KAFKA-14063 cases: a ~100-byte frame whose array, string or bytes length claims 2^31-1. */
    @Example
    void aSmallFrameClaimingAHugeArrayStringOrBytesIsRejectedWithoutAllocatingIt() {
        int huge = Integer.MAX_VALUE;
        List<byte[]> frames = List.of(
            // Metadata v1 (non-flexible): topics array of 2^31-1 entries
            withInt(header(ApiKeys.METADATA, (short) 1), huge, 64),
            // Metadata v9 (flexible): compact array length varint 2^31-1 (+1 encoding)
            withVarint(header(ApiKeys.METADATA, (short) 9), huge, 64),
            // Produce v3: transactional id string of 32767 bytes, then a topics array of 2^31-1
            withShortThenInt(header(ApiKeys.PRODUCE, (short) 3), (short) -1, (short) 1, 1000, huge, 60),
            // Produce v9 (flexible): records bytes claiming 2^31-1 bytes inside one partition
            produceV9ClaimingHugeRecords(),
            // CreateTopics v4: topics array 2^31-1
            withInt(header(ApiKeys.CREATE_TOPICS, (short) 4), huge, 64),
            // DeleteTopics v3: topic names array 2^31-1
            withInt(header(ApiKeys.DELETE_TOPICS, (short) 3), huge, 64),
            // ApiVersions v3: client software name compact string claiming 2^31-1 bytes
            withVarint(header(ApiKeys.API_VERSIONS, (short) 3), huge, 64));
        for (byte[] frame : frames) {
            assertThat(frame.length).isLessThanOrEqualTo(128);
            AllocationMeter.Measured run = AllocationMeter.measure(() -> parser.parse(ByteBuffer.wrap(frame)));
            assertThat(run.thrown()).as("frame %s", ApiKeys.forId(ByteBuffer.wrap(frame).getShort(0)))
                .isInstanceOf(InvalidRequestException.class);
            assertThat(run.bytes()).isLessThan(ALLOCATION_CONSTANT);
        }
        // One connection per frame: the broker closes at the first one, so a second write on the same socket could
        // meet a broken pipe.
        for (byte[] frame : frames) {
            try (Socket socket = new Socket("127.0.0.1", broker.boundPort())) {
                socket.setSoTimeout(5_000);
                sendFramed(socket, frame);
                assertThat(readUntilClosed(socket)).as("the broker closes the connection after %s",
                    ApiKeys.forId(ByteBuffer.wrap(frame).getShort(0))).isTrue();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Found by this suite: a CreateTopics whose numPartitions was mutated to 2^30 created partitions until the
     * broker ran out of file descriptors and stopped serving. Refused whole now, as Kafka's controller does.
     */
    @Example
    void aCreateTopicsOfAMillionPartitionsIsAPolicyViolation() throws IOException {
        CreateTopicsRequestData create = new CreateTopicsRequestData().setTimeoutMs(1000);
        create.topics().add(new CreateTopicsRequestData.CreatableTopic().setName("too-many")
            .setNumPartitions(1 << 30).setReplicationFactor((short) 1));
        try (io.freshet.broker.WireClient client = new io.freshet.broker.WireClient(broker.boundPort())) {
            org.apache.kafka.common.message.CreateTopicsResponseData answer = client.call(create, (short) 4);
            assertThat(answer.topics().find("too-many").errorCode())
                .isEqualTo(org.apache.kafka.common.protocol.Errors.POLICY_VIOLATION.code());
            assertThat(answer.topics().find("too-many").errorMessage())
                .isEqualTo("Excessively large number of partitions per request.");
        }
    }

    // ---- generators ----

    @Provide
    Arbitrary<byte[]> mutatedFrames() {
        Arbitrary<Frame> seed = Arbitraries.of(seeds);
        return Combinators.combine(seed, FrameMutation.arbitrary().list().ofMinSize(1).ofMaxSize(4))
            .as((frame, mutations) -> {
                byte[] bytes = frame.bytes();
                for (FrameMutation m : mutations) {
                    bytes = m.apply(bytes);
                }
                return bytes;
            });
    }

    /** One change: a bit flip, a byte, an int or a 5-byte varint overwritten (huge, negative), a cut, a tail. */
    record FrameMutation(int kind, int position, int value) {

        static Arbitrary<FrameMutation> arbitrary() {
            return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().greaterOrEqual(0),
                    Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.of(Integer.MAX_VALUE, Integer.MIN_VALUE, -1,
                        0, 1 << 30, (int) Short.MAX_VALUE, -2)))
                .as(FrameMutation::new);
        }

        byte[] apply(byte[] in) {
            if (in.length <= 4) {
                return in;
            }
            // Mostly past the API key and version, so the mutation reaches the body of an API that exists.
            int at = position % 10 == 0 ? position % in.length : 4 + position % (in.length - 4);
            byte[] out = in.clone();
            switch (kind) {
                case 0 -> out[at] ^= (byte) (1 << (value & 7));
                case 1 -> out[at] = (byte) value;
                case 2 -> {
                    if (at + 4 <= out.length) {
                        ByteBuffer.wrap(out).putInt(at, value);
                    }
                }
                case 3 -> {
                    if (at + 5 <= out.length) {
                        long unsigned = Integer.toUnsignedLong(value);
                        for (int i = 0; i < 5; i++) {
                            out[at + i] = (byte) ((unsigned & 0x7F) | (i < 4 ? 0x80 : 0));
                            unsigned >>>= 7;
                        }
                    }
                }
                case 4 -> out = java.util.Arrays.copyOf(in, Math.max(4, at));
                default -> {
                    out = java.util.Arrays.copyOf(in, in.length + (value & 63));
                    byte[] tail = new byte[value & 63];
                    new java.util.Random(value).nextBytes(tail);
                    System.arraycopy(tail, 0, out, in.length, tail.length);
                }
            }
            return out;
        }
    }

    // ---- the wire ----

    private static void sendFramed(Socket socket, byte[] frame) throws IOException {
        ByteBuffer framed = ByteBuffer.allocate(4 + frame.length).putInt(frame.length).put(frame);
        socket.getOutputStream().write(framed.array());
        socket.getOutputStream().flush();
    }

    /**
     * Reads the broker's reaction to one frame: a response that decodes completely at the request's version with
     * its correlation id, or the connection closed. Silence is allowed only for APIs that wait by design.
     */
    private static void checkAnswer(Socket socket, byte[] frame) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int size;
        try {
            size = in.readInt();
        } catch (EOFException | SocketException closed) {
            return;
        } catch (SocketTimeoutException silent) {
            assertThat(MAY_PARK).as("no answer and no close in 2 s to %s", keyOf(frame)).contains(keyOf(frame));
            return;
        }
        assertThat(size).as("response size").isBetween(4, 64 << 20);
        byte[] response = new byte[size];
        in.readFully(response);
        ByteBuffer request = ByteBuffer.wrap(frame);
        ApiKeys key = ApiKeys.forId(request.getShort(0));
        short version = request.getShort(2);
        ByteBufferAccessor accessor = new ByteBufferAccessor(ByteBuffer.wrap(response));
        boolean unsupportedApiVersions = key == ApiKeys.API_VERSIONS && !key.isVersionSupported(version);
        short bodyVersion = unsupportedApiVersions ? 0 : version;
        short headerVersion = key == ApiKeys.API_VERSIONS ? 0 : key.responseHeaderVersion(version);
        ResponseHeaderData header = new ResponseHeaderData(accessor, headerVersion);
        assertThat(header.correlationId()).as("correlation id of the %s v%d response", key, version)
            .isEqualTo(request.getInt(4));
        ApiMessage body = key.messageType.newResponse();
        body.read(accessor, bodyVersion);
        assertThat(accessor.remaining()).as("bytes left after the %s v%d response", key, version).isZero();
    }

    private static ApiKeys keyOf(byte[] frame) {
        return frame.length >= 2 && ApiKeys.hasId(ByteBuffer.wrap(frame).getShort(0))
            ? ApiKeys.forId(ByteBuffer.wrap(frame).getShort(0)) : null;
    }

    private static boolean readUntilClosed(Socket socket) throws IOException {
        byte[] sink = new byte[4096];
        try {
            while (socket.getInputStream().read(sink) >= 0) {
                // responses to the frames before the bad one
            }
            return true;
        } catch (SocketException reset) {
            return true;
        } catch (SocketTimeoutException open) {
            return false;
        }
    }

    private static ApiVersionsResponseData apiVersions(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            sendFramed(socket, serialize(ApiKeys.API_VERSIONS, (short) 3, new ApiVersionsRequestData()
                .setClientSoftwareName("fuzz").setClientSoftwareVersion("1"), 1));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] response = new byte[in.readInt()];
            in.readFully(response);
            ByteBufferAccessor accessor = new ByteBufferAccessor(ByteBuffer.wrap(response));
            new ResponseHeaderData(accessor, (short) 0);
            return new ApiVersionsResponseData(accessor, (short) 3);
        }
    }

    static byte[] serialize(ApiKeys key, short version, ApiMessage body, int correlationId) {
        short headerVersion = key.requestHeaderVersion(version);
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(version)
            .setClientId("fuzz").setCorrelationId(correlationId);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        header.write(accessor, cache, headerVersion);
        body.write(accessor, cache, version);
        return buffer.array();
    }

    /** The generated default request, and for the busiest APIs one with content, so mutations reach deeper. */
    private static List<ApiMessage> examples(ApiKeys key) {
        List<ApiMessage> out = new ArrayList<>();
        out.add(ApiMessageType.fromApiKey(key.id).newRequest());
        switch (key) {
            case PRODUCE -> {
                ProduceRequestData produce = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000);
                ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName("fuzz")
                    .setTopicId(Uuid.ZERO_UUID);
                topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0)
                    .setRecords(MemoryRecords.withRecords(Compression.NONE,
                        new SimpleRecord(System.currentTimeMillis(), "k".getBytes(), "v".getBytes()))));
                produce.topicData().add(topic);
                out.add(produce);
            }
            case METADATA -> out.add(new MetadataRequestData().setAllowAutoTopicCreation(true).setTopics(List.of(
                new MetadataRequestData.MetadataRequestTopic().setName("fuzz"))));
            case FETCH -> out.add(new FetchRequestData().setMaxWaitMs(10).setMinBytes(1).setMaxBytes(1 << 20)
                .setReplicaId(-1).setTopics(List.of(new FetchRequestData.FetchTopic().setTopic("fuzz")
                    .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0)
                        .setFetchOffset(0).setPartitionMaxBytes(1 << 16))))));
            case CREATE_TOPICS -> {
                CreateTopicsRequestData create = new CreateTopicsRequestData().setTimeoutMs(1000);
                create.topics().add(new CreateTopicsRequestData.CreatableTopic().setName("fuzz-created")
                    .setNumPartitions(1).setReplicationFactor((short) 1));
                out.add(create);
            }
            case API_VERSIONS -> out.add(new ApiVersionsRequestData().setClientSoftwareName("fuzz")
                .setClientSoftwareVersion("1.0"));
            default -> {
            }
        }
        return out;
    }

    private static ApiHandler<ApiMessage, ApiMessage> stub(ApiVersionRange range) {
        return new ApiHandler<>() {
            @Override
            public ApiVersionRange versions() {
                return range;
            }

            @Override
            public CompletableFuture<ApiMessage> handle(io.freshet.broker.handler.RequestContext context,
                                                        ApiMessage request) {
                throw new UnsupportedOperationException("parse only");
            }
        };
    }

    // ---- hand-written frames ----

    /** A request header alone, in a 100-byte buffer to put a hostile body after. */
    private static ByteBuffer header(ApiKeys key, short version) {
        ByteBuffer buffer = ByteBuffer.allocate(100);
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(version)
            .setClientId("fuzz").setCorrelationId(7);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        header.size(cache, key.requestHeaderVersion(version));
        header.write(new ByteBufferAccessor(buffer), cache, key.requestHeaderVersion(version));
        return buffer;
    }

    private static byte[] finish(ByteBuffer buffer, int length) {
        return java.util.Arrays.copyOf(buffer.array(), Math.max(length, buffer.position()));
    }

    private static byte[] withInt(ByteBuffer header, int value, int length) {
        return finish(header.putInt(value), length);
    }

    private static byte[] withVarint(ByteBuffer header, int value, int length) {
        org.apache.kafka.common.utils.internals.ByteUtils.writeUnsignedVarint(value, header);
        return finish(header, length);
    }

    private static byte[] withShortThenInt(ByteBuffer header, short first, short acks, int timeout, int value,
                                           int length) {
        return finish(header.putShort(first).putShort(acks).putInt(timeout).putInt(value), length);
    }

    private static byte[] produceV9ClaimingHugeRecords() {
        ByteBuffer buffer = header(ApiKeys.PRODUCE, (short) 9);
        buffer.put((byte) 0); // transactional id: null compact string
        buffer.putShort((short) 1).putInt(1000);
        org.apache.kafka.common.utils.internals.ByteUtils.writeUnsignedVarint(2, buffer); // one topic
        byte[] name = "t".getBytes(StandardCharsets.UTF_8);
        org.apache.kafka.common.utils.internals.ByteUtils.writeUnsignedVarint(name.length + 1, buffer);
        buffer.put(name);
        org.apache.kafka.common.utils.internals.ByteUtils.writeUnsignedVarint(2, buffer); // one partition
        buffer.putInt(0);
        org.apache.kafka.common.utils.internals.ByteUtils.writeUnsignedVarint(Integer.MAX_VALUE, buffer); // records
        return finish(buffer, 100);
    }
}
