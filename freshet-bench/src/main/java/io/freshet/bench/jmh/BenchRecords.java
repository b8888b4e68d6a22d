package io.freshet.bench.jmh;

import ch.qos.logback.classic.Level;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Shared set-up for the JMH benchmarks: produce batches shaped like a real producer's (one uncompressed v2 batch of
 * about 64 KiB, random values, no keys), a way to give an idempotent batch its next sequence, temp directories and
 * quiet logging. Nothing here runs inside a measured method except {@link #copy} and {@link #resequence}, which
 * stand in for what the network layer does per request.
 */
public final class BenchRecords {

    /** The size a producer's batch reaches with the default {@code batch.size} of 16 KiB x 4 (linger, large load). */
    public static final int BATCH_BYTES = 64 * 1024;
    /** Per-record overhead of a v2 record with a null key, no headers and small deltas (varints). */
    private static final int RECORD_OVERHEAD = 8;
    /** Where the v2 header stores the base sequence; not public in kafka-clients ({@code BASE_SEQUENCE_OFFSET}). */
    static final int BASE_SEQUENCE_OFFSET = 53;
    /** {@code ATTRIBUTES_OFFSET}: the CRC-32C covers everything from here to the end of the batch. */
    static final int ATTRIBUTES_OFFSET = 21;

    private BenchRecords() {
    }

    /** How many records of {@code valueBytes} fill one batch of about {@link #BATCH_BYTES}. */
    public static int recordsPerBatch(int valueBytes) {
        return Math.max(1, (BATCH_BYTES - DefaultRecordBatch.RECORD_BATCH_OVERHEAD) / (valueBytes + RECORD_OVERHEAD));
    }

    /** Records with random values of {@code valueBytes} each, timestamped now, enough for about 64 KiB. */
    public static SimpleRecord[] records(int valueBytes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = recordsPerBatch(valueBytes);
        long now = System.currentTimeMillis();
        SimpleRecord[] records = new SimpleRecord[n];
        for (int i = 0; i < n; i++) {
            byte[] value = new byte[valueBytes];
            for (int j = 0; j < valueBytes; j++) {
                value[j] = (byte) random.nextInt(256);
            }
            records[i] = new SimpleRecord(now, null, value);
        }
        return records;
    }

    /** One uncompressed v2 batch at base offset 0, as a plain (non-idempotent) producer sends it. */
    public static MemoryRecords plainBatch(int valueBytes) {
        return MemoryRecords.withRecords(Compression.NONE, records(valueBytes, 42));
    }

    /** One uncompressed v2 batch of an idempotent producer, base sequence 0, epoch 0. */
    public static MemoryRecords idempotentBatch(int valueBytes, long producerId) {
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, (short) 0, 0,
            records(valueBytes, 42));
    }

    /** The template's bytes, ready to copy from (position 0, limit = size). */
    public static ByteBuffer bytes(MemoryRecords records) {
        return records.buffer().duplicate();
    }

    /**
     * A fresh copy of the template in a new heap buffer, as {@code KafkaConnection} copies every request frame.
     * Needed because append assigns offsets in the batch header in place and validation wants base offset 0.
     */
    public static MemoryRecords copy(ByteBuffer template) {
        ByteBuffer copy = ByteBuffer.allocate(template.remaining());
        copy.put(template.duplicate()).flip();
        return MemoryRecords.readableRecords(copy);
    }

    /**
     * Sets the base sequence of the single batch in {@code records} and recomputes its CRC-32C, as the producer
     * does when it builds the next batch. Costs one CRC pass over the batch.
     */
    public static void resequence(MemoryRecords records, int baseSequence) {
        ByteBuffer buf = records.buffer();
        buf.putInt(BASE_SEQUENCE_OFFSET, baseSequence);
        CRC32C crc = new CRC32C();
        ByteBuffer covered = buf.duplicate();
        covered.position(ATTRIBUTES_OFFSET);
        crc.update(covered);
        buf.putInt(DefaultRecordBatch.CRC_OFFSET, (int) crc.getValue());
    }

    /** Silences the broker's logging (logback's default is DEBUG to the console), which would pollute results. */
    public static void quietLogging() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
            .setLevel(Level.WARN);
    }

    /** A new temporary directory on disk ({@code java.io.tmpdir}) for one trial; delete it with {@link #deleteTree}. */
    public static Path tempDir(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    /**
     * A new temporary directory in memory (tmpfs: {@code -Dfreshet.jmh.memdir}, default /dev/shm), so that a write
     * costs a memcpy into the page cache and never waits for the disk's writeback. Falls back to disk, saying so.
     */
    public static Path memoryTempDir(String prefix) throws IOException {
        Path shm = Path.of(System.getProperty("freshet.jmh.memdir", "/dev/shm"));
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return Files.createTempDirectory(shm, prefix);
        }
        System.err.println("WARNING: " + shm + " is not a writable directory; the in-memory log is on disk");
        return tempDir(prefix);
    }

    public static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
