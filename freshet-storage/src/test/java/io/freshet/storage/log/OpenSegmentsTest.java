package io.freshet.storage.log;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code log.segment.open.files.max}: a store with a budget of a few open segment files and many partitions and
 * segments serves every byte, keeps no more files open than the budget when they may be closed, never closes a file
 * that holds more than its fsynced data, and never closes a channel under a slice being sent.
 */
class OpenSegmentsTest extends FaultyLogTest {

    private static final int BUDGET = 4;
    private static final int PARTITIONS = 24;
    /** Kafka's smallest segment.bytes: a few batches per segment, so each partition has several. */
    private static final Map<String, String> SMALL_SEGMENTS = Map.of("segment.bytes", "1024");

    @Override
    @BeforeEach
    void open() throws IOException {
        fixture = new LogFixture(dir, LogStoreConfig.defaults().withStorageIo(io).withOpenSegmentFilesMax(BUDGET));
    }

    @Test
    void shouldServeEveryByteOfManyPartitionsWhileKeepingAtMostTheBudgetOpen() throws Exception {
        Map<TopicPartition, PartitionLog> logs = fixture.store.openLogs(partitions(SMALL_SEGMENTS));
        Map<TopicPartition, List<String>> expected = appendRounds(logs, 8);
        assertThat(logs.values().stream().mapToInt(PartitionLog::segmentCount).sum())
            .as("several segments per partition").isGreaterThan(3 * PARTITIONS);
        assertWithinBudget();

        assertEveryPartitionReads(logs, expected);
        assertWithinBudget();
        for (PartitionLog log : logs.values()) {
            assertThat(log.offsetForTimestamp(1_005)).as("a timestamp search reopens what it reads")
                .hasValueSatisfying(found -> assertThat(found.offset).isEqualTo(5));
        }
        assertWithinBudget();

        fixture.store.close();
        fixture.store = LogStore.open(dir, AppendListener.NONE, fixture.time, fixture.config);
        assertEveryPartitionReads(fixture.store.openLogs(partitions(SMALL_SEGMENTS)), expected);
        assertWithinBudget();
    }

    @Test
    void shouldRecoverAfterAKillAsWithoutABudget() throws Exception {
        Map<TopicPartition, PartitionLog> logs = fixture.store.openLogs(partitions(SMALL_SEGMENTS));
        Map<TopicPartition, List<String>> expected = appendRounds(logs, 6);

        fixture.store.halt(); // what kill -9 leaves: nothing closed, no clean-shutdown marker
        fixture.store = LogStore.open(dir, AppendListener.NONE, fixture.time, fixture.config);

        Map<TopicPartition, PartitionLog> reopened = fixture.store.openLogs(partitions(SMALL_SEGMENTS));
        assertEveryPartitionReads(reopened, expected);
        // (the halted store's descriptors are still open in this process: count the new store's files only)
        assertThat(fixture.store.openSegmentFiles()).isLessThanOrEqualTo(BUDGET);
        for (Map.Entry<TopicPartition, PartitionLog> e : reopened.entrySet()) {
            e.getValue().append(Batches.batch(2_000, "after-" + e.getKey().partition()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> reopened.values().stream()
            .allMatch(log -> log.awaitDurable(log.highWatermark() - 1).isDone()));
        for (Map.Entry<TopicPartition, PartitionLog> e : reopened.entrySet()) {
            assertThat(Batches.readAll(e.getValue(), 0)).endsWith("6:after-" + e.getKey().partition());
        }
    }

    @Test
    void shouldNeverCloseAnActiveSegmentWhoseDataIsNotFsyncedYet() throws Exception {
        // flush.ms never elapses on the fixture's manual clock: appends without awaitDurable stay in the page cache
        Map<TopicPartition, PartitionLog> logs = fixture.store.openLogs(partitions(Map.of()));
        for (PartitionLog log : logs.values()) {
            log.append(Batches.batch(1_000, "unflushed"));
        }

        assertThat(fixture.store.openSegmentFiles()).as("the budget is exceeded rather than close them")
            .isEqualTo(PARTITIONS);
        assertThat(openLogFiles()).isEqualTo(PARTITIONS);

        for (PartitionLog log : logs.values()) {
            log.awaitDurable(0).join();
        }
        assertWithinBudget();
    }

    @Test
    void shouldNeverCloseAPreallocatedOrZeroTailedActiveSegment() throws Exception {
        fixture.close();
        fixture = new LogFixture(dir, LogStoreConfig.defaults().withStorageIo(io).withOpenSegmentFilesMax(1)
            .withZeroFillAheadBytes(64 * 1024));
        DiskLog zeroed = (DiskLog) fixture.store.openLog(new TopicPartition("zeroed", 0), LogConfig.defaults());
        DiskLog preallocated = (DiskLog) fixture.store.openLog(new TopicPartition("preallocated", 0),
            LogConfig.defaults().withOverrides(Map.of("preallocate", "true", "segment.bytes", "1048576")));
        zeroed.awaitDurable(zeroed.append(Batches.batch(1_000, "z")).lastOffset()).join();
        preallocated.awaitDurable(preallocated.append(Batches.batch(1_000, "p")).lastOffset()).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> zeroed.activeSegment().zeroTail().aheadBytes() > 0);

        Map<TopicPartition, PartitionLog> others = fixture.store.openLogs(partitions(Map.of()));
        // every other partition's file opens, then may be closed (or get zeros too)
        assertEveryPartitionReads(others, appendRounds(others, 1));

        assertThat(zeroed.activeSegment().file().isOpen()).as("zeros ahead: its length is not its size").isTrue();
        assertThat(preallocated.activeSegment().file().isOpen()).as("preallocated: idem").isTrue();
        for (PartitionLog other : others.values()) {
            LogSegment active = ((DiskLog) other).activeSegment();
            // the zero filler writes under a lease, so a file with zeros ahead has been open ever since
            assertThat(active.zeroTail().holdsNoZeros() || active.file().isOpen()).as(other.toString()).isTrue();
        }
        assertThat(Batches.readAll(zeroed, 0)).containsExactly("0:z");
        assertThat(Batches.readAll(preallocated, 0)).containsExactly("0:p");
    }

    @Test
    void shouldKeepALeasedChannelOpenPastEvictionAndCloseItWhenReleased() throws Exception {
        Map<TopicPartition, PartitionLog> logs = fixture.store.openLogs(partitions(Map.of()));
        Map<TopicPartition, List<String>> expected = appendRounds(logs, 2);
        List<SegmentSlice> slices = new ArrayList<>();
        for (PartitionLog log : logs.values()) {
            slices.add((SegmentSlice) log.read(0, 1 << 20, true).records());
        }
        SegmentSlice first = slices.get(0);
        ByteBuffer firstBytes = first.readIntoMemory().buffer();

        try (SegmentSlice.Lease held = first.lease()) {
            assertEveryPartitionReads(logs, expected); // every file opens in turn: the budget closes all it may
            assertThat(held.channel().isOpen()).as("a send in flight keeps its channel").isTrue();
            assertThat(read(held, first)).isEqualTo(firstBytes);
            assertThat(fixture.store.openSegmentFiles()).isLessThanOrEqualTo(BUDGET);
        }

        List<SegmentSlice.Lease> leases = new ArrayList<>();
        for (SegmentSlice slice : slices.subList(0, BUDGET + 1)) {
            leases.add(slice.lease());
        }
        assertThat(fixture.store.openSegmentFiles()).as("all leased: over the budget").isEqualTo(BUDGET + 1);
        leases.get(0).close();
        assertThat(leases.get(0).channel().isOpen()).as("its last lease gone, the evicted channel closes")
            .isFalse();
        assertThat(fixture.store.openSegmentFiles()).isEqualTo(BUDGET);
        leases.forEach(SegmentSlice.Lease::close);
        assertThat(first.readIntoMemory().buffer()).as("and reopens on its next use").isEqualTo(firstBytes);
        assertWithinBudget();
    }

    @Test
    void shouldTellASenderToCopyASliceWhoseFileIsClosedWhileTheBudgetIsFull() throws Exception {
        Map<TopicPartition, PartitionLog> logs = fixture.store.openLogs(partitions(Map.of()));
        appendRounds(logs, 1);
        List<SegmentSlice> slices = new ArrayList<>();
        for (PartitionLog log : logs.values()) {
            slices.add((SegmentSlice) log.read(0, 1 << 20, true).records());
        }
        SegmentSlice last = slices.get(slices.size() - 1);
        last.readIntoMemory(); // its file is among the open ones now

        assertThat(fixture.store.openSegmentFiles()).as("the budget is full").isEqualTo(BUDGET);
        assertThat(last.leaseFitsBudget()).as("open: a lease adds no file").isTrue();
        assertThat(slices.get(0).leaseFitsBudget()).as("closed, no room: copy it instead").isFalse();
        slices.get(0).readIntoMemory(); // reopened, then another closed in its place
        assertThat(fixture.store.openSegmentFiles()).isEqualTo(BUDGET);
        assertThat(slices.get(0).leaseFitsBudget()).isTrue();
    }

    @Test
    void shouldReadASliceOfADeletedSegmentWhoseChannelWasClosed() throws Exception {
        Map<TopicPartition, PartitionLog> logs = fixture.store.openLogs(partitions(SMALL_SEGMENTS));
        Map<TopicPartition, List<String>> expected = appendRounds(logs, 8);
        PartitionLog log = logs.get(new TopicPartition("events", 0));
        SegmentSlice slice = (SegmentSlice) log.read(0, 1 << 20, true).records();
        ByteBuffer before = slice.readIntoMemory().buffer();

        log.deleteRecordsBefore(7); // the first segments are renamed *.deleted, removed file.delete.delay.ms later
        assertEveryPartitionReads(without(logs, log), expected); // their channels are closed by the budget
        try (Stream<Path> files = Files.list(dir.resolve("events-0"))) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".log.deleted"));
        }

        assertThat(slice.readIntoMemory().buffer()).as("reopened under its *.deleted name").isEqualTo(before);
    }

    @Test
    void shouldReadASliceOfADeletedPartitionFromItsMovedDirectoryNotFromTheTopicCreatedAgain() throws Exception {
        Map<TopicPartition, PartitionLog> logs = fixture.store.openLogs(partitions(Map.of()));
        Map<TopicPartition, List<String>> expected = appendRounds(logs, 1);
        TopicPartition deleted = new TopicPartition("events", 0);
        SegmentSlice slice = (SegmentSlice) logs.get(deleted).read(0, 1 << 20, true).records();
        ByteBuffer before = slice.readIntoMemory().buffer();

        fixture.store.deleteLog(deleted); // its directory renamed *.delete, files removed file.delete.delay.ms later
        PartitionLog again = fixture.store.openLog(deleted, LogConfig.defaults());
        String sameLength = "0-0-" + "y".repeat(200);
        again.awaitDurable(again.append(Batches.batch(1_000, sameLength)).lastOffset()).join();
        assertEveryPartitionReads(without(logs, logs.get(deleted)), expected); // the old channel is closed meanwhile

        assertThat(slice.readIntoMemory().buffer()).as("the deleted partition's bytes").isEqualTo(before);
        assertThat(Batches.readAll(again, 0)).containsExactly("0:" + sameLength);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Appends one batch per partition and round (values "p-r", timestamps 1000 + offset), each made durable. */
    private static Map<TopicPartition, List<String>> appendRounds(Map<TopicPartition, PartitionLog> logs,
                                                                  int rounds) {
        Map<TopicPartition, List<String>> expected = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            List<CompletableFuture<Void>> durable = new ArrayList<>();
            for (Map.Entry<TopicPartition, PartitionLog> e : logs.entrySet()) {
                PartitionLog log = e.getValue();
                String value = e.getKey().partition() + "-" + round + "-" + "x".repeat(200);
                long offset = log.highWatermark();
                durable.add(log.awaitDurable(log.append(Batches.batch(1_000 + offset, value)).lastOffset()));
                expected.computeIfAbsent(e.getKey(), tp -> new ArrayList<>()).add(offset + ":" + value);
            }
            durable.forEach(CompletableFuture::join); // the partitions' fsyncs side by side
        }
        return expected;
    }

    private static void assertEveryPartitionReads(Map<TopicPartition, PartitionLog> logs,
                                                  Map<TopicPartition, List<String>> expected) {
        for (Map.Entry<TopicPartition, PartitionLog> e : logs.entrySet()) {
            long start = e.getValue().logStartOffset();
            List<String> want = expected.get(e.getKey()).stream()
                .filter(entry -> Long.parseLong(entry.substring(0, entry.indexOf(':'))) >= start).toList();
            assertThat(Batches.readAll(e.getValue(), start)).as(e.getKey().toString()).isEqualTo(want);
        }
    }

    private void assertWithinBudget() throws IOException {
        assertThat(fixture.store.openSegmentFiles()).isLessThanOrEqualTo(fixture.config.openSegmentFilesMax());
        assertThat(openLogFiles()).as("descriptors of this process on segment files")
            .isLessThanOrEqualTo(fixture.config.openSegmentFilesMax());
    }

    /** Descriptors this process holds on segment files under the data directory (Linux: /proc/self/fd). */
    private long openLogFiles() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return fixture.store.openSegmentFiles();
        }
        long count = 0;
        try (Stream<Path> links = Files.list(fds)) {
            for (Path link : links.toList()) {
                try {
                    String target = Files.readSymbolicLink(link).toString();
                    if (target.startsWith(dir.toRealPath().toString()) && target.contains(".log")) {
                        count++;
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor of the listing itself, or one closed since
                }
            }
        }
        return count;
    }

    private static ByteBuffer read(SegmentSlice.Lease lease, SegmentSlice slice) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(slice.sizeInBytes());
        while (buffer.hasRemaining()) {
            lease.channel().read(buffer, slice.position() + buffer.position());
        }
        return buffer.flip();
    }

    private static Map<TopicPartition, PartitionLog> without(Map<TopicPartition, PartitionLog> logs,
                                                             PartitionLog excluded) {
        Map<TopicPartition, PartitionLog> rest = new LinkedHashMap<>(logs);
        rest.values().remove(excluded);
        return rest;
    }

    private static Map<TopicPartition, LogConfig> partitions(Map<String, String> overrides) {
        Map<TopicPartition, LogConfig> configs = new LinkedHashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            configs.put(new TopicPartition("events", p), LogConfig.defaults().withOverrides(overrides));
        }
        return configs;
    }
}
