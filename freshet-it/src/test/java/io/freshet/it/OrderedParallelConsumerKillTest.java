package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.consumer.GroupProtocol;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * freshet-parallel's {@code OrderedParallelConsumer} killed with SIGKILL mid-stream: two members in JVMs of their
 * own ({@link ParallelConsumerMain}), one killed while records of many keys are in flight. Once the broker gives up
 * on it, the survivor takes its partitions: no record is skipped, the offsets committed at the kill pass no record
 * that was not processed, records run again after the kill lie at or above the offsets committed before it, and
 * each member ran each key's records in order.
 */
class OrderedParallelConsumerKillTest {

    private static final int RECORDS = 20_000;
    private static final int PARTITIONS = 6;
    private static final int KEYS = 300;
    private static final long WORK_MS = 4;

    @RegisterExtension
    static final FreshetExtension freshet = GroupBrokers.extension();

    @ParameterizedTest(name = "group.protocol={0}")
    @EnumSource(GroupProtocol.class)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldSkipNoRecordWhenAMemberIsKilled(GroupProtocol protocol) throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = GroupBrokers.unique("parallel-kill");
        String group = GroupBrokers.unique("parallel-kill-group");
        KafkaClients.createTopic(bootstrap, topic, PARTITIONS);
        GroupBrokers.produce(bootstrap, topic, RECORDS, KEYS);
        Map<Integer, Long> end = GroupBrokers.endOffsets(bootstrap, topic);
        Path dir = DataDirs.create("parallel-kill");

        Map<String, Path> files = new LinkedHashMap<>();
        List<TestJvm> members = new ArrayList<>();
        try {
            for (String name : List.of("victim", "survivor")) {
                files.put(name, dir.resolve(name + ".events"));
                members.add(TestJvm.start(name, ParallelConsumerMain.class, dir.resolve(name + ".log"),
                        List.of(bootstrap, group, topic, protocol.name().toLowerCase(), name,
                                files.get(name).toString(), Long.toString(WORK_MS))));
            }
            TestJvm victim = members.get(0);
            Awaitility.await("both members process").atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(50))
                    .until(() -> processed(files.get("victim")).size() >= 1_500
                            && processed(files.get("survivor")).size() >= 500);
            // In this order: a record processed after the count was not done when the offsets were read.
            Map<Integer, Long> committedBeforeKill = GroupBrokers.committed(bootstrap, group);
            Map<String, Integer> linesBeforeKill = new LinkedHashMap<>();
            files.forEach((name, f) -> linesBeforeKill.put(name, processed(f).size()));
            victim.kill();
            Map<Integer, Long> committedAtKill = GroupBrokers.committed(bootstrap, group);
            List<Line> atKill = new ArrayList<>();
            files.values().forEach(f -> atKill.addAll(processed(f)));

            Awaitility.await("every record processed").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> distinct(files).size() >= RECORDS);
            Awaitility.await("offsets committed at the end").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> GroupBrokers.committed(bootstrap, group), end::equals);

            List<String> pastUnprocessed = new ArrayList<>();
            Set<String> doneAtKill = new HashSet<>();
            atKill.forEach(l -> doneAtKill.add(l.position()));
            committedAtKill.forEach((p, offset) -> {
                for (long o = 0; o < offset; o++) {
                    if (!doneAtKill.contains(p + "@" + o)) {
                        pastUnprocessed.add("partition " + p + " committed " + offset + " before " + o + " ran");
                        return;
                    }
                }
            });
            // Records run again after the kill (already run before it, or twice since) lie at or above the offsets
            // committed before it: the survivor starts where the victim committed. (Records run twice before the
            // kill are the ones above the watermark at the survivor's join: allowed, RebalanceTest covers them.)
            Set<String> seen = new HashSet<>();
            List<Line> afterKill = new ArrayList<>();
            files.forEach((name, f) -> {
                List<Line> lines = processed(f);
                int before = linesBeforeKill.get(name);
                lines.subList(0, before).forEach(l -> seen.add(l.position()));
                afterKill.addAll(lines.subList(before, lines.size()));
            });
            List<String> badDuplicates = new ArrayList<>();
            for (Line l : afterKill) {
                if (!seen.add(l.position()) && l.offset() < committedBeforeKill.getOrDefault(l.partition(), 0L)) {
                    badDuplicates.add(l.position() + " (committed " + committedBeforeKill.get(l.partition()) + ")");
                }
            }
            Map<String, Integer> times = new TreeMap<>();
            files.values().forEach(f -> processed(f).forEach(l -> times.merge(l.position(), 1, Integer::sum)));
            long duplicates = times.values().stream().filter(n -> n > 1).count();
            System.out.printf("parallel kill, %s: committed at kill %s; %d records processed twice%n", protocol,
                    committedAtKill, duplicates);

            assertThat(distinct(files)).as("records processed").hasSize(RECORDS);
            assertThat(pastUnprocessed).as("offsets committed past records not processed").isEmpty();
            assertThat(badDuplicates).as("records run again after the kill below the offsets committed before it")
                    .isEmpty();
            files.forEach((name, file) -> assertThat(outOfOrder(processed(file)))
                    .as("keys out of order on %s", name).isEmpty());
            assertThat(members.get(1).isAlive()).as("survivor alive").isTrue();
            DataDirs.deleteRecursively(dir);
        } catch (Throwable t) {
            System.err.println("parallel kill test failed; files kept in " + dir);
            throw t;
        } finally {
            for (TestJvm member : members) {
                member.close();
            }
        }
    }

    record Line(int partition, long offset, String key, long value) {
        String position() {
            return partition + "@" + offset;
        }
    }

    /** The P lines of a member's file; a last line cut short by the kill is ignored. */
    private static List<Line> processed(Path file) {
        List<Line> out = new ArrayList<>();
        try {
            if (!Files.exists(file)) {
                return out;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f.length == 5 && f[0].equals("P")) {
                    try {
                        out.add(new Line(Integer.parseInt(f[1]), Long.parseLong(f[2]), f[3], Long.parseLong(f[4])));
                    } catch (NumberFormatException cutShort) {
                        // only the last line can be incomplete
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Set<String> distinct(Map<String, Path> files) {
        Set<String> all = new HashSet<>();
        files.values().forEach(f -> processed(f).forEach(l -> all.add(l.position())));
        return all;
    }

    /** Keys whose records, in the order this member first ran them, are not in increasing value order. */
    private static List<String> outOfOrder(List<Line> lines) {
        Map<String, Long> last = new HashMap<>();
        Set<String> seen = new HashSet<>();
        List<String> bad = new ArrayList<>();
        for (Line l : lines) {
            if (!seen.add(l.position())) {
                continue;
            }
            Long before = last.put(l.key(), l.value());
            if (before != null && before >= l.value()) {
                bad.add(l.key() + ": " + l.value() + " after " + before);
            }
        }
        return bad;
    }
}
