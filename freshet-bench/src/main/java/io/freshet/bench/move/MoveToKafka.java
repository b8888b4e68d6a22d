package io.freshet.bench.move;

import io.freshet.bench.launch.FreshetLauncher;
import io.freshet.bench.launch.KafkaAnchorLauncher;
import io.freshet.bench.launch.RunningBroker;
import io.freshet.bench.workload.ClientConfigs;
import io.freshet.bench.workload.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code bench/move.sh}: moves a running Freshet's topics, data and consumer-group offsets to Apache Kafka 4.4 with
 * MirrorMaker 2 while producers and consumers are at work, switches the consumers over, and counts.
 *
 * <ol>
 *   <li>Freshet and Kafka start; the move's topics are created on Freshet with configs of their own.</li>
 *   <li>60% of the records are produced (keyed, acks=all); three groups consume: one stops at 30% of the records,
 *       one at 60%, one keeps up.</li>
 *   <li>MirrorMaker 2 starts; the other 40% are produced while it mirrors.</li>
 *   <li>Once Kafka holds every record, the switch: the last group stops on Freshet, MirrorMaker's checkpoints carry
 *       each group's committed offsets to Kafka, the groups resume on Kafka and read to the end.</li>
 *   <li>Checks: Kafka's partitions hold exactly Freshet's records in Freshet's order; no group skipped a record;
 *       duplicates per group counted; the topics' configs arrived.</li>
 * </ol>
 * Exits 1 if a check fails. Writes docs/move-to-kafka.md (--quick: freshet-bench/target/move-results/).
 */
public final class MoveToKafka {

    private static final Duration MIRROR_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration OFFSET_SYNC_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration RESUME_TIMEOUT = Duration.ofMinutes(5);
    static final String MM2_GROUP_PREFIX = "move-mm2-";
    static final String EXACT_GROUP_PREFIX = "move-exact-";
    private static final Map<String, String> TOPIC_CONFIGS = Map.of("retention.ms", "1209600000",
        "max.message.bytes", "2097152");

    private MoveToKafka() {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
            .setLevel(ch.qos.logback.classic.Level.ERROR);
        boolean quick = Arrays.asList(args).contains("--quick");
        MoveRecords records = new MoveRecords(3, 4, quick ? 100_000 : 1_000_000, 10_000, 200);
        Path repo = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
        Path anchor = Path.of(System.getProperty("bench.anchor")).toAbsolutePath();
        Path mirrorLib = Path.of(System.getProperty("bench.mirrorLib")).toAbsolutePath();
        Path work = repo.resolve("freshet-bench/target/move-results");
        Files.createDirectories(work);
        MoveResult result = new MoveResult(records, Instant.now());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RunningBroker.open().forEach(RunningBroker::close),
            "move-stop-brokers"));
        try (RunningBroker freshet = new FreshetLauncher(repo, work).start(1);
             RunningBroker kafka = new KafkaAnchorLauncher(anchor, false, work, 19192).start(1)) {
            run(records, freshet.bootstrapServers(), kafka.bootstrapServers(), repo, mirrorLib, work, result);
        } catch (Exception e) {
            result.fail("the move did not complete: " + e);
            e.printStackTrace();
        }
        Path report = quick ? work.resolve("move-quick.md") : repo.resolve("docs/move-to-kafka.md");
        MoveReport.write(report, result, quick ? "bench/move.sh --quick" : "bench/move.sh");
        System.out.println("move: wrote " + report);
        System.out.println(result.summary());
        System.exit(result.failures().isEmpty() ? 0 : 1);
    }

    private static void run(MoveRecords records, String freshet, String kafka, Path repo, Path mirrorLib, Path work,
                            MoveResult result) throws Exception {
        for (int t = 0; t < records.topics(); t++) {
            Topics.create(freshet, MoveRecords.topicName(t), records.partitions(), TOPIC_CONFIGS);
        }
        // two methods side by side, each with a group left behind at 30%, one at 60% and one that keeps up:
        // MirrorMaker's checkpoints translate the mm2 groups' offsets; `freshet groups copy-offsets` copies the
        // exact groups' offsets unchanged
        List<GroupReader> mm2Groups = readers(MM2_GROUP_PREFIX, records);
        List<GroupReader> exactGroups = readers(EXACT_GROUP_PREFIX, records);
        List<GroupReader> groups = new java.util.ArrayList<>(mm2Groups);
        groups.addAll(exactGroups);
        long firstPart = records.count() * 6 / 10;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ClientConfigs.producer(freshet, "all", 5));
             ClusterReads onFreshet = new ClusterReads(freshet, records);
             ClusterReads onKafka = new ClusterReads(kafka, records)) {
            produce(producer, records, 0, firstPart);
            for (List<GroupReader> method : List.of(mm2Groups, exactGroups)) {
                method.get(0).resumeOn(freshet, records.count() * 3 / 10);
                method.get(1).resumeOn(freshet, firstPart);
                method.get(2).resumeOn(freshet, Long.MAX_VALUE);
            }
            log("produced %,d records to Freshet; six groups reading; starting MirrorMaker 2", firstPart);

            Map<String, String> settings = MirrorMakerProcess.settings(freshet, kafka,
                MoveRecords.TOPIC_PREFIX + ".*", MM2_GROUP_PREFIX + ".*");
            result.mirrorSettings(settings);
            long mirrorStarted = System.nanoTime();
            try (MirrorMakerProcess mirror = MirrorMakerProcess.start(mirrorLib, settings, work)) {
                produce(producer, records, firstPart, records.count());
                log("produced the other %,d records while MirrorMaker ran", records.count() - firstPart);
                for (GroupReader behind : List.of(mm2Groups.get(0), mm2Groups.get(1), exactGroups.get(0),
                    exactGroups.get(1))) {
                    if (!behind.awaitLimit(RESUME_TIMEOUT)) {
                        throw new IllegalStateException(behind.group() + " did not reach its mid-stream point");
                    }
                }
                await("Kafka to hold every record", MIRROR_TIMEOUT,
                    () -> mirror.isAlive() && onKafka.recordsHeld() >= records.count());
                result.mirrorSeconds((System.nanoTime() - mirrorStarted) / 1e9);
                log("Kafka holds all %,d records after %.1f s", records.count(), result.mirrorSeconds());

                // the switch: the consumers that kept up leave Freshet
                mm2Groups.get(2).stop(Duration.ofSeconds(30));
                exactGroups.get(2).stop(Duration.ofSeconds(30));
                Map<String, Map<TopicPartition, Long>> atSwitch = new LinkedHashMap<>();
                for (GroupReader group : groups) {
                    atSwitch.put(group.group(), onFreshet.committed(group.group()));
                    result.beforeSwitch(group.group(), group.handed());
                }
                long copyStarted = System.nanoTime();
                int copyExit = copyOffsets(repo, freshet, kafka, exactGroups, work);
                result.copyOffsets(copyExit, (System.nanoTime() - copyStarted) / 1e9,
                    offsetGaps(onKafka, subset(atSwitch, EXACT_GROUP_PREFIX)));
                log("freshet groups copy-offsets exited %d after %.1f s", copyExit, result.copyOffsetsSeconds());

                Map<String, Map<TopicPartition, Long>> mm2AtSwitch = subset(atSwitch, MM2_GROUP_PREFIX);
                long syncStarted = System.nanoTime();
                OffsetsSettled settled = new OffsetsSettled(() -> offsetGaps(onKafka, mm2AtSwitch));
                awaitQuietly(OFFSET_SYNC_TIMEOUT, settled::settled);
                boolean synced = offsetsArrived(onKafka, mm2AtSwitch);
                result.offsetSync((System.nanoTime() - syncStarted) / 1e9, synced,
                    offsetGaps(onKafka, mm2AtSwitch));
                log("MirrorMaker's group offsets on Kafka %s after %.1f s", synced ? "equal Freshet's"
                    : "still behind", result.offsetSyncSeconds());
            }

            for (GroupReader group : groups) {
                group.resumeOn(kafka, Long.MAX_VALUE);
            }
            await("every group to read every record on Kafka", RESUME_TIMEOUT,
                () -> groups.stream().allMatch(g -> g.distinct() >= records.count()));
            for (GroupReader group : groups) {
                group.stop(Duration.ofSeconds(30));
                result.group(group.group(), group.handed(), group.distinct(), group.missingCount(records.count()),
                    group.missing(records.count(), 5));
            }
            result.logs(onFreshet.readAll(), onKafka.readAll());
            result.topicsLeftOnFreshet(onFreshet.topicNames().stream()
                .filter(t -> !t.startsWith(MoveRecords.TOPIC_PREFIX) && !t.startsWith("__")).sorted().toList());
            for (int t = 0; t < records.topics(); t++) {
                String topic = MoveRecords.topicName(t);
                result.configs(topic, onFreshet.topicConfigs(topic), onKafka.topicConfigs(topic));
            }
        } finally {
            for (GroupReader group : groups) {
                try {
                    group.stop(Duration.ofSeconds(30));
                } catch (Exception | Error ignored) {
                    // already stopped, or never started
                }
            }
        }
    }

    private static List<GroupReader> readers(String prefix, MoveRecords records) {
        return List.of(new GroupReader(prefix + "behind", records.count()),
            new GroupReader(prefix + "middle", records.count()), new GroupReader(prefix + "live", records.count()));
    }

    private static Map<String, Map<TopicPartition, Long>> subset(Map<String, Map<TopicPartition, Long>> byGroup,
                                                                 String prefix) {
        Map<String, Map<TopicPartition, Long>> subset = new LinkedHashMap<>();
        byGroup.forEach((group, offsets) -> {
            if (group.startsWith(prefix)) {
                subset.put(group, offsets);
            }
        });
        return subset;
    }

    /** The real command, as a user runs it at the switch: {@code freshet groups copy-offsets ... --execute}. */
    private static int copyOffsets(Path repo, String freshet, String kafka, List<GroupReader> groups, Path work)
        throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(io.freshet.bench.launch.JavaCommand.java(), "-jar",
            repo.resolve("freshet-server/target/freshet.jar").toString(), "groups", "copy-offsets", "-b", freshet,
            "--to", kafka, "--execute"));
        groups.forEach(group -> command.addAll(List.of("--group", group.group())));
        Process process = io.freshet.bench.launch.JvmProcesses.launch(command, work.resolve("copy-offsets.log"));
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("freshet groups copy-offsets did not end within 2 minutes");
        }
        return process.exitValue();
    }

    private static void produce(KafkaProducer<byte[], byte[]> producer, MoveRecords records, long from, long to) {
        for (long id = from; id < to; id++) {
            producer.send(new ProducerRecord<>(records.topic(id), records.key(id), records.value(id)));
        }
        producer.flush();
    }

    /** Every partition a group committed on Freshet has at least that offset committed on Kafka. */
    private static boolean offsetsArrived(ClusterReads onKafka, Map<String, Map<TopicPartition, Long>> atSwitch)
        throws Exception {
        return offsetGaps(onKafka, atSwitch).values().stream().allMatch(gap -> gap == 0);
    }

    /** Per group: how many offsets Kafka's committed positions are behind Freshet's, summed over partitions. */
    private static Map<String, Long> offsetGaps(ClusterReads onKafka, Map<String, Map<TopicPartition, Long>> atSwitch)
        throws Exception {
        Map<String, Long> gaps = new LinkedHashMap<>();
        for (Map.Entry<String, Map<TopicPartition, Long>> group : atSwitch.entrySet()) {
            Map<TopicPartition, Long> onTarget = onKafka.committed(group.getKey());
            long gap = 0;
            for (Map.Entry<TopicPartition, Long> offset : group.getValue().entrySet()) {
                gap += Math.max(0, offset.getValue() - onTarget.getOrDefault(offset.getKey(), 0L));
            }
            gaps.put(group.getKey(), gap);
        }
        return gaps;
    }

    /**
     * MirrorMaker's offsets at the switch have settled once they equal Freshet's, or once every group has offsets on
     * Kafka and they have not moved for {@link #SETTLED_AFTER} (20 checkpoint intervals): its translation may stop
     * short of the exact offset, and waiting longer would not change them.
     */
    private static final class OffsetsSettled {
        private static final Duration SETTLED_AFTER = Duration.ofSeconds(20);
        private final Gaps gaps;
        private Map<String, Long> last;
        private long unchangedSince;

        OffsetsSettled(Gaps gaps) {
            this.gaps = gaps;
        }

        boolean settled() throws Exception {
            Map<String, Long> now = gaps.read();
            if (now.values().stream().allMatch(gap -> gap == 0)) {
                return true;
            }
            if (!now.equals(last)) {
                last = now;
                unchangedSince = System.nanoTime();
                return false;
            }
            return System.nanoTime() - unchangedSince > SETTLED_AFTER.toNanos();
        }
    }

    @FunctionalInterface
    private interface Gaps {
        Map<String, Long> read() throws Exception;
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Duration timeout, Check check) throws Exception {
        if (!awaitQuietly(timeout, check)) {
            throw new IllegalStateException("gave up waiting for " + what + " after " + timeout);
        }
    }

    /** Polls every 500 ms until {@code check} holds or {@code timeout} passed. */
    private static boolean awaitQuietly(Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        return true;
    }

    private static void log(String format, Object... args) {
        System.out.println("move: " + String.format(format, args));
    }
}
