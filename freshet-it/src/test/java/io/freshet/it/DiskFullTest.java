package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.freshet.testkit.FreshetOnly;
import io.freshet.testkit.FreshetProcess;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A broker whose data directory is a small real filesystem (see {@link SmallFilesystem}) runs while the disk fills
 * up, with an acks=all idempotent producer and a consumer group that commits after every poll:
 * <ol>
 *   <li>free space below {@code log.dir.min.free.bytes}: produce is refused (the producer retries on
 *       KAFKA_STORAGE_ERROR, nothing is appended), the broker says so once in its log, reads go on, and offset
 *       commits still succeed: they may use the reserve;</li>
 *   <li>the disk completely full: commits are refused too, and OffsetFetch never shows a refused commit;</li>
 *   <li>space freed: produce and commits resume by themselves, without a restart.</li>
 * </ol>
 * Then the broker is killed with SIGKILL and restarted: every acknowledged record is there once, in order, and the
 * group's committed offsets are the last acknowledged commit, never behind anything OffsetFetch showed before.
 */
@FreshetOnly("Freshet's data directory on a full disk (Kafka side by side: bench/disk-full.sh)")
class DiskFullTest {

    private static final String TOPIC = "filling";
    private static final String GROUP = "filling-readers";
    private static final int PARTITIONS = 3;
    private static final long FILESYSTEM_BYTES = 64L << 20;
    private static final long RESERVE_BYTES = 8L << 20;
    private static final int RECORD_PADDING = 1_000;
    private static final int RECORDS_PER_SECOND = 2_000;
    private static final Duration PHASE = Duration.ofSeconds(60);

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void shouldRefuseWritesWhileTheDiskIsFullResumeWithoutRestartAndLoseNothingAcknowledged() throws Exception {
        Path work = DataDirs.create("disk-full");
        try (SmallFilesystem disk = SmallFilesystem.mount(work.resolve("disk"), FILESYSTEM_BYTES)) {
            // The data directory is the mount point: the broker's log file lands beside it, on the big disk.
            FreshetProcess broker = FreshetProcess.start(disk.root(), 0,
                    Map.of("log.dir.min.free.bytes", Long.toString(RESERVE_BYTES)));
            System.out.printf("disk-full test: %s, %d MiB free at start, broker log %s%n", disk,
                    disk.usableBytes() >> 20, broker.logFile());
            try {
                run(disk, broker);
            } catch (Throwable failure) {
                System.err.printf("disk-full test failed: broker log %s ends with:%n%s%n", broker.logFile(),
                        broker.logTail());
                throw failure;
            } finally {
                broker.kill();
            }
        }
        DataDirs.deleteRecursively(work);
    }

    private static void run(SmallFilesystem disk, FreshetProcess broker) throws Exception {
        String bootstrap = broker.bootstrapServers();
        KafkaClients.createTopic(bootstrap, TOPIC, PARTITIONS, Map.of("segment.bytes", "1048576"));
        NumberedStream stream = new NumberedStream(bootstrap, TOPIC, 1_000_000, RECORDS_PER_SECOND, RECORD_PADDING,
                Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 240_000, ProducerConfig.LINGER_MS_CONFIG, 5));
        CommittingConsumer reader = new CommittingConsumer(KafkaClients.consumer(bootstrap, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1_500)), TOPIC);
        Thread producerThread = new Thread(stream, "disk-full-producer");
        Thread readerThread = new Thread(reader, "disk-full-reader");
        producerThread.start();
        readerThread.start();
        try {
            phases(disk, broker, stream, reader);
        } finally {
            stream.stop();
            producerThread.join(TimeUnit.SECONDS.toMillis(60));
            reader.stop();
            readerThread.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(stream.failed()).as("sends that failed: a full disk is a retriable error").isZero();
        assertThat(reader.consumed()).as("consumed everything acknowledged").isEqualTo(stream.acked());

        Map<Integer, Long> committedBefore = GroupBrokers.committed(bootstrap, GROUP);
        assertThat(committedBefore).as("the group committed the end of the log")
                .isEqualTo(GroupBrokers.endOffsets(bootstrap, TOPIC)).isEqualTo(reader.lastAcknowledged());
        broker.kill();
        broker.restart();
        Map<Integer, Long> committedAfter = GroupBrokers.committed(bootstrap, GROUP);
        assertThat(committedAfter).as("committed offsets after kill -9 and restart").isEqualTo(committedBefore);
        for (CommittingConsumer.Sample sample : reader.samples()) {
            sample.fetched().forEach((partition, offset) -> assertThat(offset)
                    .as("OffsetFetch before the kill (%s) is never ahead of what survived", sample)
                    .isLessThanOrEqualTo(committedAfter.get(partition)));
        }
        List<ConsumerRecord<String, String>> all = KafkaClients.readAll(bootstrap, TOPIC, Duration.ofSeconds(60));
        BitSet present = new BitSet();
        assertThat(NumberedStream.problems(all, stream.acked(), present)).as("the log after the restart").isEmpty();
        System.out.printf("disk-full test: acked %d, present %d, commits %d acknowledged / %d refused, WARN lines: "
                        + "produce refused %d, commits refused %d%n", stream.ackedCount(), present.cardinality(),
                reader.commits(), reader.refusedCommits(), refusalLines(broker), warnings(broker, "FailedWritesLog"));
    }

    private static void phases(SmallFilesystem disk, FreshetProcess broker, NumberedStream stream,
                               CommittingConsumer reader) throws Exception {
        String bootstrap = broker.bootstrapServers();
        await("3,000 records acknowledged", () -> stream.ackedCount() >= 3_000);
        reader.allow(1_000);
        await("1,000 consumed and committed", () -> reader.consumedCount() >= 1_000 && reader.commits() > 0);

        // 1. Below the reserve: produce refused, commits and reads go on.
        Path belowReserve = disk.fillLeaving("filler-below-reserve", RESERVE_BYTES / 2);
        await("the broker refuses produce", () -> refusalLines(broker) > 0);
        Map<Integer, Long> endWhileRefused = GroupBrokers.endOffsets(bootstrap, TOPIC);
        int commitsBefore = reader.commits();
        reader.allow(1_000);
        await("1,000 more consumed and committed into the reserve",
                () -> reader.consumedCount() >= 2_000 && reader.commits() > commitsBefore);
        assertThat(GroupBrokers.endOffsets(bootstrap, TOPIC)).as("nothing appended while below the reserve")
                .isEqualTo(endWhileRefused);

        // 2. Completely full: commits are refused; OffsetFetch shows only acknowledged commits.
        Path brim = disk.fillToTheBrim("filler-to-the-brim");
        reader.allow(Long.MAX_VALUE / 2);
        await("commits refused on the full disk", () -> reader.refusedCommits() >= 3);
        for (CommittingConsumer.Sample sample : reader.samples()) {
            if (sample.commitFailed()) {
                assertThat(sample.fetched()).as("OffsetFetch right after a refused commit")
                        .isEqualTo(sample.lastAcknowledged());
            }
        }

        // 3. Space back: writes resume on their own.
        int ackedWhileFull = stream.ackedCount();
        int refusedCommits = reader.refusedCommits();
        int commitsWhileFull = reader.commits();
        disk.delete(brim);
        disk.delete(belowReserve);
        await("produce resumed", () -> stream.ackedCount() >= ackedWhileFull + 2_000);
        await("commits resumed", () -> reader.commits() > commitsWhileFull + 2);
        assertThat(reader.refusedCommits()).as("no commit refused once space was back")
                .isLessThanOrEqualTo(refusedCommits + 1);
        stream.stop();
        await("every acknowledged record consumed and committed", () -> stream.sent() == stream.ackedCount()
                && reader.consumed().equals(stream.acked())
                && reader.lastAcknowledged().equals(GroupBrokers.endOffsets(bootstrap, TOPIC)));
        assertThat(refusalLines(broker)).as("the refusal is logged once, not per request").isBetween(1L, 3L);
        assertThat(warnings(broker, "FailedWritesLog")).as("refused commits are logged once, not per request")
                .isBetween(1L, 3L);
    }

    /** WARN lines of the broker about refusing produce for lack of space (one, plus a reminder a minute). */
    private static long refusalLines(FreshetProcess broker) {
        return warnings(broker, "DiskSpace");
    }

    /** The broker's WARN lines from the class {@code logger} (the log pattern names the class alone). */
    private static long warnings(FreshetProcess broker, String logger) {
        try (var lines = Files.lines(broker.logFile())) {
            return lines.filter(l -> l.contains(" WARN  " + logger + " - ")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        Awaitility.await(what).atMost(PHASE).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }
}
