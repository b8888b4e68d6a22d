package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.freshet.testkit.FreshetOnly;
import io.freshet.testkit.FreshetProcess;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code log.zero.fill.ahead.bytes}: a broker whose segments are written with zeros ahead of the data is killed with
 * SIGKILL while an acks=all producer sends, with zeros after the data in the files it leaves; after the restart every
 * acknowledged record is there exactly once and in order, and a reader finds nothing else (recovery cut the zeros
 * like a torn tail).
 */
@FreshetOnly("recovery of Freshet's own segment files after a crash left zeros in them")
class ZeroFillCrashTest {

    private static final String TOPIC = "zero-fill-crash";
    private static final int PARTITIONS = 2;
    private static final int MAX_RECORDS = 100_000;
    private static final int RECORDS_PER_SECOND = 5_000;
    /** Small, so that fills come often while the producer runs. */
    private static final Map<String, String> ZERO_FILL = Map.of("log.zero.fill.ahead.bytes", "262144");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldKeepEveryAcknowledgedRecordWhenKilledWithZerosAheadOfTheData() throws Exception {
        Path dataDir = DataDirs.create("zero-fill-crash");
        int port = FreshetProcess.freePort();
        String bootstrap = "127.0.0.1:" + port;
        FreshetProcess broker = FreshetProcess.start(dataDir, port, ZERO_FILL);
        NumberedStream stream = new NumberedStream(bootstrap, TOPIC, MAX_RECORDS, RECORDS_PER_SECOND, 200, Map.of());
        Thread producerThread = new Thread(stream, "zero-fill-producer");
        try {
            KafkaClients.createTopic(bootstrap, TOPIC, PARTITIONS, Map.of("segment.bytes", "1048576"));
            producerThread.start();
            for (int kill = 1; kill <= 2; kill++) {
                awaitAcked(stream, kill * 3_000);
                BitSet ackedBeforeKill = stream.acked();
                broker.kill();
                assertThat(newestSegments(dataDir)).as("a segment with zeros ahead of its data at kill %d", kill)
                        .anyMatch(ZeroFillCrashTest::endsInZeros);
                broker = FreshetProcess.start(dataDir, port, ZERO_FILL);
                verify(bootstrap, ackedBeforeKill);
            }
            stream.stop();
            producerThread.join(TimeUnit.SECONDS.toMillis(60));
            verify(bootstrap, stream.acked());
        } catch (Throwable failure) {
            System.err.printf("zero-fill crash test failed: data kept in %s, broker log %s%n", dataDir,
                    broker.logFile());
            throw failure;
        } finally {
            stream.stop();
            producerThread.join(TimeUnit.SECONDS.toMillis(30));
            broker.kill();
        }
        DataDirs.deleteRecursively(dataDir);
        Files.deleteIfExists(broker.logFile());
    }

    private static void awaitAcked(NumberedStream stream, int records) {
        org.awaitility.Awaitility.await("records acknowledged").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).until(() -> stream.acked().cardinality() >= records);
    }

    private static void verify(String bootstrap, BitSet acked) {
        List<ConsumerRecord<String, String>> all = KafkaClients.readAll(bootstrap, TOPIC, Duration.ofSeconds(60));
        assertThat(NumberedStream.problems(all, acked, new BitSet())).as("problems in the log after a kill").isEmpty();
    }

    /** The last {@code .log} file of each partition of the topic. */
    private static List<Path> newestSegments(Path dataDir) throws IOException {
        try (Stream<Path> dirs = Files.list(dataDir)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(TOPIC + "-")).map(d -> {
                try (Stream<Path> files = Files.list(d)) {
                    return files.filter(f -> f.getFileName().toString().endsWith(".log"))
                            .max(Comparator.naturalOrder()).orElseThrow();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    /** 4 KiB of zeros at the end: no batch of this stream ends so (its values are digits and padding). */
    private static boolean endsInZeros(Path file) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (raf.length() < 4096) {
                return false;
            }
            byte[] tail = new byte[4096];
            raf.seek(raf.length() - tail.length);
            raf.readFully(tail);
            for (byte b : tail) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
