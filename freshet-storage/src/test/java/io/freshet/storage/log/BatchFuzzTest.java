package io.freshet.storage.log;

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
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.internals.Crc32C;
import org.apache.kafka.common.utils.internals.ByteBufferOutputStream;
import org.apache.kafka.common.utils.internals.ByteUtils;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile record batches through the produce checks ({@link IncomingBatches#check}): random and mutated v2
 * batches in every codec, with the CRC recomputed (so the mutation reaches the record parser) or not, on topics
 * that store batches as sent, that need keys (compacted) and that recompress; and decompression bombs. The only
 * outcome allowed besides acceptance is a Kafka error a producer understands ({@link ApiException}), and the
 * memory a check allocates stays within a fixed multiple of the batch limit, never the inflated size.
 */
@AddLifecycleHook(FuzzBudget.class)
class BatchFuzzTest {

    private static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final TopicPartition TP = new TopicPartition("fuzz", 0);
    /** Bytes a check may allocate: the inflation budget twice (records, then recompressed copies), plus slack. */
    private static final long ALLOCATION_BOUND = 2L * BoundedRecords.INFLATION_LIMIT * MAX_MESSAGE_BYTES + (8 << 20);
    private static final List<LogConfig> CONFIGS = List.of(
        config(Map.of()),
        config(Map.of("cleanup.policy", "compact")),
        config(Map.of("compression.type", "lz4")),
        config(Map.of("compression.type", "uncompressed", "cleanup.policy", "compact")));
    private static final List<Compression> CODECS = List.of(Compression.NONE, Compression.gzip().build(),
        Compression.snappy().build(), Compression.lz4().build(), Compression.zstd().build());

    private static LogConfig config(Map<String, String> overrides) {
        Map<String, String> all = new java.util.HashMap<>(overrides);
        all.put("max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        all.put("message.timestamp.before.max.ms", Long.toString(Long.MAX_VALUE));
        return LogConfig.defaults().withOverrides(all);
    }

    @Property(tries = 150)
    void mutatedBatchesAreAcceptedOrRefusedWithAKafkaError(@ForAll("batches") byte[] batch,
                                                           @ForAll("mutations") List<Mutation> mutations,
                                                           @ForAll boolean recomputeCrc,
                                                           @ForAll("configs") LogConfig config) {
        byte[] bytes = batch.clone();
        for (Mutation m : mutations) {
            bytes = m.apply(bytes);
        }
        if (recomputeCrc) {
            recomputeCrc(bytes);
        }
        assertCheckIsSafe(bytes, config);
    }

    @Property(tries = 200)
    void randomBytesAreRefusedWithAKafkaError(@ForAll("randomBatches") byte[] bytes, @ForAll("configs") LogConfig config) {
        recomputeCrc(bytes);
        assertCheckIsSafe(bytes, config);
    }

    /**
     * Found by this suite: a record whose length prefix claims 2 GB inside a small compressed batch made the
     * key check of a compacted topic (and broker-side recompression) allocate the claimed size before reading it,
     * since {@code max.decompressed.message.bytes} defaults to no limit. Now bounded by max.message.bytes.
     */
    @Example
    void aRecordClaiming2GBInASmallCompressedBatchIsRefusedWithoutAllocatingIt() throws IOException {
        for (Compression codec : CODECS.subList(1, CODECS.size())) {
            byte[] records = new byte[16];
            ByteBuffer claim = ByteBuffer.wrap(records);
            ByteUtils.writeVarint(Integer.MAX_VALUE - 8, claim);
            byte[] bytes = batchWithPayload(codec, compress(codec, records, 1), 1);
            for (LogConfig config : CONFIGS.subList(1, CONFIGS.size())) {
                if (config.compression().map(c -> c.type() == codec.type()).orElse(false) && !config.compact()) {
                    continue; // already in the topic's codec: stored as sent, never decompressed
                }
                AllocationMeter.Measured run = check(bytes, config);
                assertThat(run.thrown()).as("%s %s", codec.type(), config.overrides())
                    .isInstanceOf(InvalidRecordException.class);
                assertThat(run.bytes()).as("%s", codec.type()).isLessThan(4L << 20);
            }
        }
    }

    /**
     * Found by this suite: an idempotent batch whose producer epoch was flipped negative made broker-side
     * recompression throw IllegalArgumentException (kafka-clients' builder), not a Kafka error.
     */
    @Example
    void aNegativeProducerEpochInABatchToRecompressIsAKafkaError() {
        MemoryRecords records = MemoryRecords.withIdempotentRecords(Compression.gzip().build(), 7L, (short) 0, 0,
            new SimpleRecord(System.currentTimeMillis(), "k".getBytes(), "v".getBytes()));
        byte[] bytes = new byte[records.sizeInBytes()];
        records.buffer().duplicate().get(bytes);
        ByteBuffer.wrap(bytes).putShort(51, (short) -1); // the producer epoch field of the v2 header
        recomputeCrc(bytes);
        AllocationMeter.Measured run = check(bytes, CONFIGS.get(2));
        assertThat(run.thrown()).isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("producer epoch");
    }

    /**
     * Found by this suite: a compressed batch whose payload is not valid gzip (CRC right) made the key check of a
     * compacted topic throw a bare KafkaException (ZipException), which a producer sees as UNKNOWN_SERVER_ERROR.
     */
    @Example
    void aCorruptGzipPayloadOnACompactedTopicIsCorruptRecord() {
        MemoryRecords records = MemoryRecords.withRecords(Compression.gzip().build(),
            new SimpleRecord(System.currentTimeMillis(), "k".getBytes(), "v".getBytes()));
        byte[] bytes = new byte[records.sizeInBytes()];
        records.buffer().duplicate().get(bytes);
        bytes[DefaultRecordBatch.RECORD_BATCH_OVERHEAD] ^= 0x55; // the gzip magic
        recomputeCrc(bytes);
        assertThat(check(bytes, CONFIGS.get(1)).thrown())
            .isInstanceOf(org.apache.kafka.common.errors.CorruptRecordException.class);
    }

    /**
     * Found by the long pass (scripts/fuzz.sh): a batch length of 2^31-9 overflowed kafka-clients' batch iterator
     * into a negative buffer limit, an IllegalArgumentException instead of CORRUPT_MESSAGE.
     */
    @Example
    void aBatchLengthNear2GBIsCorruptRecord() {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE,
            new SimpleRecord(System.currentTimeMillis(), "k".getBytes(), "v".getBytes()));
        byte[] bytes = new byte[records.sizeInBytes()];
        records.buffer().duplicate().get(bytes);
        ByteBuffer.wrap(bytes).putInt(8, Integer.MAX_VALUE - 8); // the batch length field
        for (LogConfig config : CONFIGS) {
            assertThat(check(bytes, config).thrown())
                .isInstanceOf(org.apache.kafka.common.errors.CorruptRecordException.class);
        }
    }

    /**
     * Found by the long pass: codec id 5 in a batch's attributes (CRC right) made the key check of a compacted
     * topic and recompression throw kafka-clients' IllegalArgumentException instead of CORRUPT_MESSAGE.
     */
    @Example
    void anUnknownCodecIdIsCorruptRecord() {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE,
            new SimpleRecord(System.currentTimeMillis(), "k".getBytes(), "v".getBytes()));
        byte[] bytes = new byte[records.sizeInBytes()];
        records.buffer().duplicate().get(bytes);
        bytes[22] = (byte) ((bytes[22] & ~0x07) | 5); // low byte of the attributes: the codec bits
        recomputeCrc(bytes);
        for (LogConfig config : CONFIGS) {
            assertThat(check(bytes, config).thrown()).as("%s", config.overrides())
                .isInstanceOf(org.apache.kafka.common.errors.CorruptRecordException.class);
        }
    }

    /**
     * Found by the long pass: snappy-java allocates a chunk at the length its header claims (up to 512 MB), and its
     * output at the length the block claims: a ~100-byte snappy batch made the key check allocate that much.
     */
    @Example
    void aSnappyBatchClaimingHugeChunksIsRefusedWithoutAllocatingThem() throws IOException {
        Compression snappy = Compression.snappy().build();
        byte[] header = Arrays.copyOf(compress(snappy, new byte[0], 0), 16); // magic, version, compatible version
        ByteBuffer hugeChunk = ByteBuffer.allocate(40).put(header).putInt(512 * 1024 * 1024 - 1).put(new byte[20]);
        ByteBuffer hugeBlock = ByteBuffer.allocate(40).put(header).putInt(20);
        ByteUtils.writeUnsignedVarint(Integer.MAX_VALUE, hugeBlock);
        ByteBuffer raw = ByteBuffer.allocate(40);
        ByteUtils.writeUnsignedVarint(Integer.MAX_VALUE, raw);
        for (ByteBuffer payload : List.of(hugeChunk, hugeBlock, raw)) {
            byte[] bytes = batchWithPayload(snappy, Arrays.copyOf(payload.array(), 40), 1);
            for (LogConfig config : CONFIGS.subList(1, CONFIGS.size())) {
                AllocationMeter.Measured run = check(bytes, config);
                assertThat(run.thrown()).as("%s", config.overrides())
                    .isInstanceOf(org.apache.kafka.common.errors.CorruptRecordException.class);
                assertThat(run.bytes()).isLessThan(4L << 20);
            }
        }
    }

    /** Batches within max.message.bytes that inflate far beyond the inflation budget: refused, never inflated. */
    @Example
    void decompressionBombsAreRefusedWithinTheBatchLimit() throws IOException {
        for (Compression codec : List.of(Compression.gzip().level(9).build(), Compression.lz4().build(),
            Compression.zstd().build())) {
            byte[] bomb = bomb(codec);
            assertThat(bomb.length).as("%s bomb size", codec.type()).isLessThanOrEqualTo(MAX_MESSAGE_BYTES);
            for (LogConfig config : CONFIGS.subList(1, CONFIGS.size())) {
                if (config.compression().map(c -> c.type() == codec.type()).orElse(false) && !config.compact()) {
                    continue; // already in the topic's codec: stored as sent, never decompressed
                }
                AllocationMeter.Measured run = check(bomb, config);
                assertThat(run.thrown()).as("%s %s", codec.type(), config.overrides())
                    .isInstanceOf(RecordTooLargeException.class);
                assertThat(run.bytes()).as("%s %s", codec.type(), config.overrides()).isLessThan(ALLOCATION_BOUND);
            }
            assertThat(check(bomb, CONFIGS.get(0)).thrown()).as("stored as sent, never inflated").isNull();
        }
    }

    private static void assertCheckIsSafe(byte[] bytes, LogConfig config) {
        AllocationMeter.Measured run = check(bytes, config);
        if (run.thrown() != null && !(run.thrown() instanceof ApiException)) {
            throw new AssertionError("Not a Kafka error: " + run.thrown(), run.thrown());
        }
        assertThat(run.bytes()).as("bytes allocated for a batch of %d bytes", bytes.length)
            .isLessThan(ALLOCATION_BOUND + 64L * bytes.length);
    }

    private static AllocationMeter.Measured check(byte[] bytes, LogConfig config) {
        MemoryRecords records = MemoryRecords.readableRecords(ByteBuffer.wrap(bytes));
        return AllocationMeter.measure(() -> IncomingBatches.check(records, config, TP, System.currentTimeMillis()));
    }

    // ---- generators ----

    @Provide
    Arbitrary<LogConfig> configs() {
        return Arbitraries.of(CONFIGS);
    }

    @Provide
    Arbitrary<byte[]> batches() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300).injectNull(0.2);
        Arbitrary<SimpleRecord> record = Combinators.combine(bytes, bytes, Arbitraries.integers().between(0, 3))
            .as((k, v, h) -> new SimpleRecord(System.currentTimeMillis(), k, v, headers(h)));
        return Combinators.combine(Arbitraries.of(CODECS), record.list().ofMinSize(1).ofMaxSize(20),
                Arbitraries.of(true, false))
            .as((codec, list, idempotent) -> {
                SimpleRecord[] array = list.toArray(new SimpleRecord[0]);
                MemoryRecords built = idempotent
                    ? MemoryRecords.withIdempotentRecords(codec, 7L, (short) 0, 0, array)
                    : MemoryRecords.withRecords(codec, array);
                byte[] out = new byte[built.sizeInBytes()];
                built.buffer().duplicate().get(out);
                return out;
            });
    }

    @Provide
    Arbitrary<byte[]> randomBatches() {
        // A plausible v2 header (length and magic right) over random bytes, so parsing gets past the frame.
        return Arbitraries.bytes().array(byte[].class).ofMinSize(DefaultRecordBatch.RECORD_BATCH_OVERHEAD)
            .ofMaxSize(2000).map(b -> {
                ByteBuffer buf = ByteBuffer.wrap(b);
                buf.putLong(0, 0L);
                buf.putInt(8, b.length - 12);
                buf.put(16, RecordBatch.MAGIC_VALUE_V2);
                return b;
            });
    }

    private static Header[] headers(int n) {
        Header[] headers = new Header[n];
        for (int i = 0; i < n; i++) {
            headers[i] = new RecordHeader("h" + i, new byte[]{(byte) i});
        }
        return headers;
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.arbitrary().list().ofMinSize(1).ofMaxSize(4);
    }

    /** One change to a batch: a bit flip, a byte or int overwritten (huge, negative), a cut, or random tail. */
    record Mutation(int kind, int position, int value) {

        static Arbitrary<Mutation> arbitrary() {
            return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().greaterOrEqual(0),
                    Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.of(Integer.MAX_VALUE, Integer.MIN_VALUE, -1,
                        0, 1 << 30, 0x7FFFFFF7)))
                .as(Mutation::new);
        }

        byte[] apply(byte[] in) {
            if (in.length == 0) {
                return in;
            }
            int at = position % in.length;
            byte[] out = in.clone();
            switch (kind) {
                case 0 -> out[at] ^= (byte) (1 << (value & 7));
                case 1 -> out[at] = (byte) value;
                case 2 -> {
                    if (at + 4 <= out.length) {
                        ByteBuffer.wrap(out).putInt(at, value);
                    }
                }
                case 3 -> out = java.util.Arrays.copyOf(in, at);
                default -> {
                    out = java.util.Arrays.copyOf(in, in.length + (value & 63));
                    new Random(value).nextBytes(java.util.Arrays.copyOfRange(out, in.length, out.length));
                }
            }
            return out;
        }
    }

    // ---- hand-built batches ----

    /** Sets the CRC-32C of a v2 batch so a mutation behind the header reaches the record parser. */
    static void recomputeCrc(byte[] bytes) {
        if (bytes.length > DefaultRecordBatch.RECORD_BATCH_OVERHEAD) {
            long crc = Crc32C.compute(bytes, DefaultRecordBatch.CRC_OFFSET + 4,
                bytes.length - DefaultRecordBatch.CRC_OFFSET - 4);
            ByteBuffer.wrap(bytes).putInt(DefaultRecordBatch.CRC_OFFSET, (int) crc);
        }
    }

    private static byte[] compress(Compression codec, byte[] content, int copies) throws IOException {
        ByteBufferOutputStream out = new ByteBufferOutputStream(1024);
        try (OutputStream stream = codec.wrapForOutput(out, RecordBatch.MAGIC_VALUE_V2)) {
            for (int i = 0; i < copies; i++) {
                stream.write(content);
            }
        }
        ByteBuffer buffer = out.buffer();
        buffer.flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** A v2 batch header for {@code count} records in {@code codec} around an already compressed payload. */
    private static byte[] batchWithPayload(Compression codec, byte[] payload, int count) {
        ByteBuffer buffer = ByteBuffer.allocate(DefaultRecordBatch.RECORD_BATCH_OVERHEAD + payload.length);
        long now = System.currentTimeMillis();
        DefaultRecordBatch.writeHeader(buffer, 0L, count - 1, buffer.capacity(), RecordBatch.MAGIC_VALUE_V2,
            CompressionType.forId(codec.type().id), TimestampType.CREATE_TIME, now, now, -1L, (short) -1, -1, false,
            false, false, -1, count);
        buffer.position(DefaultRecordBatch.RECORD_BATCH_OVERHEAD);
        buffer.put(payload);
        byte[] bytes = buffer.array();
        recomputeCrc(bytes);
        return bytes;
    }

    /**
     * Keyed records of 32 KB of zeros, as many as fit the batch limit compressed: 13 MB (lz4) to 256 MB (zstd)
     * inflated, 3 to 64 times the inflation budget.
     */
    private static byte[] bomb(Compression codec) throws IOException {
        int copies = switch (codec.type()) {
            case GZIP -> 1_600;
            case LZ4 -> 400;
            default -> 8_000;
        };
        ByteBuffer key = ByteBuffer.wrap(new byte[]{1});
        ByteBuffer value = ByteBuffer.wrap(new byte[32 * 1024]);
        ByteBufferOutputStream out = new ByteBufferOutputStream(1024);
        try (java.io.DataOutputStream stream = new java.io.DataOutputStream(
            codec.wrapForOutput(out, RecordBatch.MAGIC_VALUE_V2))) {
            for (int i = 0; i < copies; i++) {
                org.apache.kafka.common.record.internal.DefaultRecord.writeTo(stream, i, 0L, key.duplicate(),
                    value.duplicate(), new Header[0]);
            }
        }
        ByteBuffer buffer = out.buffer();
        buffer.flip();
        byte[] payload = new byte[buffer.remaining()];
        buffer.get(payload);
        return batchWithPayload(codec, payload, copies);
    }
}
