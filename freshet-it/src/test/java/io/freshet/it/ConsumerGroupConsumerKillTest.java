package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A member killed with SIGKILL mid-stream: three members run in JVMs of their own ({@link GroupConsumerMain}),
 * events keep coming, one member is killed between processing a poll and committing it (most likely; anywhere in
 * its loop at worst). The other two take its partitions once the broker gives up on it (the session timeout);
 * no event is lost; events handled twice are only ones the killed member processed after its last commit, and
 * there are no more of them than it had processed after that commit.
 */
class ConsumerGroupConsumerKillTest {

    private static final int EVENTS = 20_000;
    private static final int EVENTS_PER_SECOND = 2_000;
    private static final int PARTITIONS = 6;
    private static final int KEYS = 600;
    private static final int MEMBERS = 3;
    private static final long PROCESSING_DELAY_MS = 20;
    /** Beyond the session timeout: the survivors' next heartbeat, the rebalance, a fetch, a JVM on 2 busy cores. */
    private static final long TAKEOVER_SLACK_MS = 10_000;

    @RegisterExtension
    static final FreshetExtension freshet = GroupBrokers.extension();

    @ParameterizedTest(name = "group.protocol={0}")
    @EnumSource(GroupProtocol.class)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldHandOverTheKilledMembersPartitionsWithoutLoss(GroupProtocol protocol) throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = GroupBrokers.unique("member-kill");
        String group = GroupBrokers.unique("member-kill-group");
        KafkaClients.createTopic(bootstrap, topic, PARTITIONS);
        Path dir = DataDirs.create("member-kill");

        Map<String, ConsumerProcess> members = new LinkedHashMap<>();
        Thread producer = null;
        SteadyProducer stream = new SteadyProducer(bootstrap, topic);
        try {
            for (int i = 0; i < MEMBERS; i++) {
                String name = "member-" + i;
                members.put(name, ConsumerProcess.start(bootstrap, group, topic, protocol, name,
                        dir.resolve(name + ".events"), PROCESSING_DELAY_MS));
            }
            GroupBrokers.awaitStable(bootstrap, group, MEMBERS, PARTITIONS, Duration.ofSeconds(45));
            producer = new Thread(stream, "steady-producer");
            producer.start();

            ConsumerProcess victim = members.get("member-0");
            Awaitility.await("the victim is processing").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> processedLines(victim.file()) >= 1_500);
            Set<Integer> victimPartitions = currentAssignment(victim.file());
            Map<String, Integer> linesAtKill = new LinkedHashMap<>();
            members.forEach((name, p) -> linesAtKill.put(name, lines(p.file()).size()));
            long killedAt = System.nanoTime();
            victim.kill();
            System.out.printf("member kill, %s: killed %s holding partitions %s after %d events sent%n", protocol,
                    victim.name(), victimPartitions, stream.sent());
            assertThat(victimPartitions).as("partitions the victim held").isNotEmpty();

            Set<Integer> takenOver = new TreeSet<>();
            Awaitility.await("survivors take over " + victimPartitions)
                    .atMost(Duration.ofMillis(GroupBrokers.sessionTimeoutMs(protocol) + TAKEOVER_SLACK_MS))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        for (Map.Entry<String, ConsumerProcess> e : members.entrySet()) {
                            if (e.getValue() != victim) {
                                List<String> newLines = lines(e.getValue().file());
                                newLines.subList(0, Math.min(linesAtKill.get(e.getKey()), newLines.size())).clear();
                                newLines.stream().filter(l -> l.startsWith("P ")).map(l -> Integer.parseInt(l.split(" ")[1]))
                                        .filter(victimPartitions::contains).forEach(takenOver::add);
                            }
                        }
                        return takenOver.containsAll(victimPartitions);
                    });
            long takeoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

            producer.join(60_000);
            assertThat(stream.failures()).as("send failures").isEmpty();
            Map<Integer, Long> end = GroupBrokers.endOffsets(bootstrap, topic);
            assertThat(end.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(EVENTS);
            Map<String, Path> files = new LinkedHashMap<>();
            members.forEach((name, p) -> files.put(name, p.file()));
            Awaitility.await("every event processed").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> ConsumptionLog.fromFiles(files).distinctProcessed() >= EVENTS);
            Awaitility.await("offsets committed at the end").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> GroupBrokers.committed(bootstrap, group), end::equals);
            Thread.sleep(500); // a duplicate delivered late would show here

            ConsumptionLog.Check check = ConsumptionLog.fromFiles(files).check(end);
            Set<ConsumptionLog.Position> afterLastCommit = check.uncovered().get(victim.name());
            System.out.printf("member kill, %s: takeover of %s after %d ms (session timeout %d ms); victim processed "
                            + "%d events after its last commit; %s%n", protocol, victimPartitions, takeoverMs,
                    GroupBrokers.sessionTimeoutMs(protocol), afterLastCommit.size(), check);

            assertThat(check.missing()).as("events never handled").isEmpty();
            assertThat(check.unexplained()).as("committed events handled again").isEmpty();
            assertThat(afterLastCommit).as("events handled twice: only ones the victim processed after its last "
                    + "commit").containsAll(check.duplicates().keySet());
            assertThat(check.duplicateCount()).as("events handled twice").isLessThanOrEqualTo(afterLastCommit.size());
            assertThat(check.orderProblems()).as("records out of offset order").isEmpty();
            assertThat(members.values()).filteredOn(p -> p != victim).allSatisfy(p -> assertThat(p.isAlive())
                    .as("survivor %s alive", p.name()).isTrue());
            DataDirs.deleteRecursively(dir);
        } catch (Throwable t) {
            System.err.println("member kill test failed; member files and logs kept in " + dir);
            throw t;
        } finally {
            stream.stop();
            if (producer != null) {
                producer.join(30_000);
            }
            for (ConsumerProcess p : members.values()) {
                p.close();
            }
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8))
                    : new ArrayList<>();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long processedLines(Path file) {
        return lines(file).stream().filter(l -> l.startsWith("P ")).count();
    }

    /** The partitions a member's file says it holds: assigned and not revoked or lost since. */
    private static Set<Integer> currentAssignment(Path file) {
        Set<Integer> held = new TreeSet<>();
        for (String line : lines(file)) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "A" -> held.add(Integer.parseInt(f[1]));
                case "R", "L" -> held.remove(Integer.parseInt(f[1]));
                default -> { }
            }
        }
        return held;
    }

    /** Sends events 0..EVENTS-1 at a steady rate, so that the kill and the takeover happen while events arrive. */
    private static final class SteadyProducer implements Runnable {
        private final String bootstrap;
        private final String topic;
        private final ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
        private volatile boolean stopped;
        private volatile int sent;

        SteadyProducer(String bootstrap, String topic) {
            this.bootstrap = bootstrap;
            this.topic = topic;
        }

        @Override
        public void run() {
            long start = System.nanoTime();
            try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap)) {
                for (int seq = 0; seq < EVENTS && !stopped; seq++) {
                    long due = start + seq * (1_000_000_000L / EVENTS_PER_SECOND);
                    long ahead = due - System.nanoTime();
                    if (ahead > 1_000_000) {
                        Thread.sleep(ahead / 1_000_000);
                    }
                    producer.send(GroupBrokers.event(topic, seq, KEYS), (md, e) -> {
                        if (e != null) {
                            failures.add(e);
                        }
                    });
                    sent = seq + 1;
                }
                producer.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        int sent() {
            return sent;
        }

        List<Exception> failures() {
            return List.copyOf(failures);
        }

        void stop() {
            stopped = true;
        }
    }
}
