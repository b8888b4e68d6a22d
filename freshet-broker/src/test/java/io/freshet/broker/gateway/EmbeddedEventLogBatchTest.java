package io.freshet.broker.gateway;

import io.freshet.broker.BrokerConfig;
import io.freshet.broker.FreshetBroker;
import io.freshet.gateway.Appended;
import io.freshet.gateway.Durability;
import io.freshet.gateway.EventLog;
import io.freshet.gateway.LogRecord;
import io.freshet.gateway.OutgoingRecord;
import io.freshet.storage.file.FaultyStorageIo;
import io.freshet.storage.file.FaultyStorageIo.Errno;
import io.freshet.storage.file.FaultyStorageIo.Op;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link EventLog#appendAll} on the embedded log over real storage: batches as stored, fsyncs, failures. */
@Timeout(60)
class EmbeddedEventLogBatchTest {

    @TempDir
    static Path dataDir;

    private static final FaultyStorageIo io = new FaultyStorageIo();
    private static FreshetBroker broker;
    private static EventLog log;

    @BeforeAll
    static void startBroker() {
        broker = FreshetBroker.start(BrokerConfig.fromProperties(Map.of("port", "0", "log.dirs", dataDir.toString(),
            "num.partitions", "1")), io);
        log = broker.eventLog();
    }

    @AfterAll
    static void stopBroker() {
        io.disarmAll();
        broker.close();
    }

    @Test
    void shouldStoreTheRecordsAsOneBatchWithConsecutiveOffsetsAndOneFsync() throws Exception {
        log.createTopic("batched", 1, Map.of()).get();
        TopicPartition tp = new TopicPartition("batched", 0);
        log.append(tp, record(null, "before"), Durability.DURABLE).get(10, TimeUnit.SECONDS);
        io.startTrace();
        List<OutgoingRecord> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.add(new OutgoingRecord(null, utf8("v" + i), List.of(), 5_000 + i));
        }

        List<Appended> appended = join(log.appendAll(tp, records, Durability.DURABLE));

        assertThat(appended).extracting(Appended::offset)
            .containsExactlyElementsOf(range(1, 100));
        assertThat(appended).extracting(Appended::timestamp).containsExactlyElementsOf(range(5_000, 100));
        assertThat(io.trace().stream().filter(op -> op.startsWith("FORCE") && op.endsWith(".log")))
            .as("fsyncs of the segment for the batch").hasSize(1);
        assertThat(batchSizes("batched-0")).as("records per stored batch").containsExactly(1, 100);
        List<LogRecord> read = log.read(tp, 1, 1 << 20).get().records();
        assertThat(read).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).startsWith("v0", "v1")
            .hasSize(100);
    }

    @Test
    void shouldCutBatchesAtMaxMessageBytesAndFailOnlyARecordTooLargeAlone() throws Exception {
        log.createTopic("small", 1, Map.of("max.message.bytes", "1000")).get();
        List<OutgoingRecord> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            records.add(record(null, "x".repeat(100)));
        }
        records.set(10, record(null, "y".repeat(2_000)));

        List<CompletableFuture<Appended>> appends = log.appendAll(new TopicPartition("small", 0), records,
            Durability.DURABLE);

        assertThat(failure(appends.get(10))).isInstanceOf(RecordTooLargeException.class);
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < appends.size(); i++) {
            if (i != 10) {
                offsets.add(appends.get(i).get(10, TimeUnit.SECONDS).offset());
            }
        }
        assertThat(offsets).containsExactlyElementsOf(range(0, 29));
        List<Integer> batches = batchSizes("small-0");
        assertThat(batches).as("split under 1000 bytes").hasSizeGreaterThan(3);
        assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(29);
        assertThat(batchBytes("small-0")).allSatisfy(bytes -> assertThat(bytes).isLessThanOrEqualTo(1_000));
    }

    @Test
    void shouldFailOnlyTheBadRecordsOfABatchTheStorageRefuses() throws Exception {
        log.createTopic("compacted", 1, Map.of("cleanup.policy", "compact")).get();
        List<CompletableFuture<Appended>> appends = log.appendAll(new TopicPartition("compacted", 0), List.of(
            record("a", "1"), record(null, "no key"), record("b", "2")), Durability.DURABLE);

        assertThat(appends.get(0).get(10, TimeUnit.SECONDS).offset()).isEqualTo(0);
        assertThat(failure(appends.get(1))).isInstanceOf(InvalidRecordException.class);
        assertThat(appends.get(2).get(10, TimeUnit.SECONDS).offset()).isEqualTo(1);
    }

    @Test
    void shouldFailEveryRecordOfABatchWhoseFsyncFails() throws Exception {
        log.createTopic("failing", 1, Map.of()).get();
        FaultyStorageIo.Fault fault = io.inject(Op.FORCE, FaultyStorageIo.under(dataDir.resolve("failing-0")),
            Errno.EIO);
        try {
            List<CompletableFuture<Appended>> appends = log.appendAll(new TopicPartition("failing", 0),
                List.of(record(null, "a"), record(null, "b"), record(null, "c")), Durability.DURABLE);
            for (CompletableFuture<Appended> append : appends) {
                assertThat(failure(append)).isInstanceOf(KafkaStorageException.class);
            }
        } finally {
            fault.disarm();
        }
    }

    @Test
    void shouldPutKeysWhereAppendPutsThemAndUnkeyedRecordsOfOneCallOnOnePartition() throws Exception {
        log.createTopic("spread", 4, Map.of()).get();
        List<OutgoingRecord> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(record(i % 2 == 0 ? "key" + i : null, "v" + i));
        }

        List<Appended> appended = join(log.appendAll("spread", records, Durability.DURABLE));

        for (int i = 0; i < 20; i += 2) {
            assertThat(appended.get(i).partition())
                .isEqualTo(log.partitionFor("spread", utf8("key" + i)).get());
        }
        assertThat(Stream.iterate(1, i -> i < 20, i -> i + 2).map(i -> appended.get(i).partition()).distinct())
            .as("unkeyed records of one call").hasSize(1);
        Map<TopicPartition, List<Long>> perPartition = new java.util.HashMap<>();
        appended.forEach(a -> perPartition.computeIfAbsent(a.partition(), p -> new ArrayList<>()).add(a.offset()));
        perPartition.forEach((tp, offsets) -> assertThat(offsets).as("offsets on %s in call order", tp).isSorted());
    }

    private static List<Appended> join(List<CompletableFuture<Appended>> appends) throws Exception {
        List<Appended> done = new ArrayList<>();
        for (CompletableFuture<Appended> append : appends) {
            done.add(append.get(10, TimeUnit.SECONDS));
        }
        return done;
    }

    private static Throwable failure(CompletableFuture<Appended> append) throws Exception {
        try {
            append.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + append.join());
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** Records per stored batch, in log order. */
    private static List<Integer> batchSizes(String dir) throws IOException {
        return batches(dir, RecordBatch::countOrNull);
    }

    private static List<Integer> batchBytes(String dir) throws IOException {
        return batches(dir, RecordBatch::sizeInBytes);
    }

    /** Reads the partition's segments as kafka-clients reads a log file, batch by batch. */
    private static List<Integer> batches(String dir, Function<RecordBatch, Integer> property) throws IOException {
        List<Integer> values = new ArrayList<>();
        try (Stream<Path> files = Files.list(dataDir.resolve(dir))) {
            for (Path segment : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                try (FileRecords records = FileRecords.open(segment.toFile())) {
                    records.batches().forEach(batch -> values.add(property.apply(batch)));
                }
            }
        }
        return values;
    }

    private static List<Long> range(long first, int count) {
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(first + i);
        }
        return values;
    }

    private static OutgoingRecord record(String key, String value) {
        return OutgoingRecord.of(key == null ? null : utf8(key), utf8(value));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
