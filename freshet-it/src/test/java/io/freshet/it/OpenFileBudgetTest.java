package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.freshet.testkit.FreshetOnly;
import io.freshet.testkit.FreshetProcess;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code log.segment.open.files.max}: a broker allowed 8 open segment files serves 50 partitions of several segments
 * each to the Java client (acks=all produce, then every record consumed back in order), keeps at most 8 segment
 * files open once they are fsynced, and serves the same records after a clean restart and after a kill.
 */
@FreshetOnly("Freshet's open-file budget (log.max.open.files), a Freshet-only config")
class OpenFileBudgetTest {

    private static final String TOPIC = "open-file-budget";
    private static final int PARTITIONS = 50;
    private static final int RECORDS_PER_PARTITION = 40;
    private static final int BUDGET = 8;
    /** No zeros ahead of the data (they keep a segment open, up to 32 of them): the count is then exact. */
    private static final Map<String, String> BROKER = Map.of("log.segment.open.files.max", Integer.toString(BUDGET),
            "log.zero.fill.ahead.bytes", "0");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldServeFiftyPartitionsThroughEightOpenSegmentFilesAcrossRestarts() throws Exception {
        Path dataDir = DataDirs.create("open-file-budget");
        int port = FreshetProcess.freePort();
        String bootstrap = "127.0.0.1:" + port;
        FreshetProcess broker = FreshetProcess.start(dataDir, port, BROKER);
        try {
            KafkaClients.createTopic(bootstrap, TOPIC, PARTITIONS, Map.of("segment.bytes", "8192"));
            produceToEveryPartition(bootstrap);
            assertThat(segmentFiles(dataDir)).as("several segments per partition").isGreaterThanOrEqualTo(2 * PARTITIONS);

            assertEveryRecordInOrder(bootstrap);
            awaitAtMostBudgetOpen(broker, dataDir);

            broker.restart();
            assertEveryRecordInOrder(bootstrap);
            awaitAtMostBudgetOpen(broker, dataDir);

            broker.kill();
            broker = FreshetProcess.start(dataDir, port, BROKER);
            assertEveryRecordInOrder(bootstrap);
            awaitAtMostBudgetOpen(broker, dataDir);
        } catch (Throwable failure) {
            System.err.printf("open-file budget test failed: data kept in %s, broker log %s%n", dataDir,
                    broker.logFile());
            throw failure;
        } finally {
            broker.kill();
        }
        DataDirs.deleteRecursively(dataDir);
        Files.deleteIfExists(broker.logFile());
    }

    private static void produceToEveryPartition(String bootstrap) throws Exception {
        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap,
                Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5))) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < RECORDS_PER_PARTITION; i++) {
                for (int p = 0; p < PARTITIONS; p++) {
                    acks.add(producer.send(new ProducerRecord<>(TOPIC, p, "k" + p, value(p, i))));
                }
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static String value(int partition, int index) {
        return partition + "-" + index + "-" + "x".repeat(500);
    }

    private static void assertEveryRecordInOrder(String bootstrap) {
        List<ConsumerRecord<String, String>> all = KafkaClients.readAll(bootstrap, TOPIC, Duration.ofSeconds(60));
        Map<Integer, List<String>> byPartition = new TreeMap<>();
        for (ConsumerRecord<String, String> record : all) {
            byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record.value());
        }
        assertThat(byPartition).hasSize(PARTITIONS);
        for (int p = 0; p < PARTITIONS; p++) {
            List<String> want = new ArrayList<>();
            for (int i = 0; i < RECORDS_PER_PARTITION; i++) {
                want.add(value(p, i));
            }
            assertThat(byPartition.get(p)).as("partition %d", p).isEqualTo(want);
        }
    }

    /** The broker's descriptors on segment files (Linux: /proc/PID/fd) come down to the budget once idle. */
    private static void awaitAtMostBudgetOpen(FreshetProcess broker, Path dataDir) {
        Path fds = Path.of("/proc", Long.toString(broker.pid()), "fd");
        if (!Files.isDirectory(fds)) {
            return;
        }
        try {
            Awaitility.await("at most " + BUDGET + " segment files open").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100)).until(() -> openSegmentFiles(fds, dataDir).size() <= BUDGET);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("segment files open: " + uncheckedOpenSegmentFiles(fds, dataDir), e);
        }
    }

    private static List<String> uncheckedOpenSegmentFiles(Path fds, Path dataDir) {
        try {
            return openSegmentFiles(fds, dataDir);
        } catch (IOException e) {
            return List.of(e.toString());
        }
    }

    private static List<String> openSegmentFiles(Path fds, Path dataDir) throws IOException {
        String root = dataDir.toRealPath() + "/"; // not the broker's own log file, named after the directory
        List<String> open = new ArrayList<>();
        try (Stream<Path> links = Files.list(fds)) {
            for (Path link : links.toList()) {
                try {
                    String target = Files.readSymbolicLink(link).toString();
                    if (target.startsWith(root) && (target.endsWith(".log") || target.endsWith(".log.deleted"))) {
                        open.add(target.substring(root.length()));
                    }
                } catch (IOException closedMeanwhile) {
                    // closed since the listing
                }
            }
        }
        return open;
    }

    private static long segmentFiles(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")
                    && f.getParent().getFileName().toString().startsWith(TOPIC + "-")).count();
        }
    }
}
