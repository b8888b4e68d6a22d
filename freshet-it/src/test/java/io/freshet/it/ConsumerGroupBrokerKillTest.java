package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The broker is killed with SIGKILL while a group consumes, and restarted on the same data: the offsets the group
 * committed (as Admin lists them) are the same after the restart, the members resume from exactly those offsets,
 * no event is lost, and an event is handled twice only if its first handling was never committed.
 *
 * <p>The members stop between two polls just before the kill (they stay in the group), so that nothing is committed
 * between the Admin snapshot and the kill, and a broker that lost the offsets cannot hide it behind fresh commits.
 *
 * <p>The broker is a {@link KillableBroker}: a Freshet process by default. With
 * {@code -Dfreshet.it.kafkaServerProperties=FILE} and
 * {@code -Dfreshet.it.kafkaClasspath='DIR/*'} it is Apache Kafka instead ({@code kafka.Kafka FILE}, killed and
 * started the same way), to check the test against Kafka.
 */
class ConsumerGroupBrokerKillTest {

    private static final int EVENTS = 20_000;
    private static final int PARTITIONS = 4;
    private static final int KEYS = 400;
    private static final int MEMBERS = 2;

    @ParameterizedTest(name = "group.protocol={0}")
    @EnumSource(GroupProtocol.class)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldKeepCommittedOffsetsAcrossABrokerKill(GroupProtocol protocol) throws Exception {
        Path dataDir = DataDirs.create("group-broker-kill");
        KillableBroker broker = KillableBroker.start(dataDir);
        String bootstrap = broker.bootstrap();
        String topic = GroupBrokers.unique("broker-kill");
        String group = GroupBrokers.unique("broker-kill-group");
        ConsumptionLog log = new ConsumptionLog();
        List<GroupMember> members = new ArrayList<>();
        try {
            KafkaClients.createTopic(bootstrap, topic, PARTITIONS);
            GroupBrokers.produce(bootstrap, topic, EVENTS, KEYS);
            Map<Integer, Long> end = GroupBrokers.endOffsets(bootstrap, topic);
            for (int i = 0; i < MEMBERS; i++) {
                String name = "member-" + i;
                Map<String, Object> config = new HashMap<>(GroupBrokers.consumerConfig(bootstrap, group, protocol,
                        name));
                config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50); // about 2,000 events/s per member
                members.add(GroupMember.inLog(name, config, topic, log, 20).start());
            }
            Awaitility.await("a third processed").atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(50))
                    .until(() -> log.distinctProcessed() >= EVENTS / 3);

            members.forEach(GroupMember::hold);
            Awaitility.await("members idle").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> members.stream().allMatch(GroupMember::isIdle));
            Map<Integer, Long> before = GroupBrokers.committed(bootstrap, group);
            assertThat(before).as("Admin lists what the members committed last").isEqualTo(lastCommits(log));
            assertThat(before.values().stream().mapToLong(Long::longValue).sum()).as("committed before the kill")
                    .isGreaterThanOrEqualTo(EVENTS / 3).isLessThan(EVENTS);

            broker.kill();
            broker.restart();
            Map<Integer, Long> after = GroupBrokers.committed(bootstrap, group);
            System.out.printf("broker kill, %s: committed before the kill %s, after the restart %s%n", protocol,
                    before, after);
            assertThat(after).as("committed offsets after the kill and restart").isEqualTo(before);

            int resumedAt = log.events().size();
            members.forEach(GroupMember::release);
            Awaitility.await("every event processed").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> log.distinctProcessed() >= EVENTS);
            Awaitility.await("offsets committed at the end").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> GroupBrokers.committed(bootstrap, group), end::equals);
            Thread.sleep(500); // a duplicate delivered late would show here

            ConsumptionLog.Check check = log.check(end);
            System.out.printf("broker kill, %s: %s; failed commits %s%n", protocol, check,
                    members.stream().map(GroupMember::failedCommits).toList());
            assertThat(firstProcessedFrom(log, resumedAt)).as("first offset handled per partition after the restart")
                    .isEqualTo(resumePoints(before, end));
            assertThat(check.missing()).as("events never handled").isEmpty();
            assertThat(check.unexplained()).as("committed events handled again").isEmpty();
            assertThat(check.duplicateCount()).as("events handled twice (only ones never committed may be)")
                    .isLessThanOrEqualTo(check.uncovered().values().stream().mapToInt(java.util.Set::size).sum());
            assertThat(check.orderProblems()).as("records out of offset order").isEmpty();
            assertThat(members).allSatisfy(m -> assertThat(m.failure()).as("member %s", m.name()).isNull());
        } catch (Throwable t) {
            System.err.println("broker kill test failed; data kept in " + dataDir + "; " + broker.describe());
            throw t;
        } finally {
            GroupMember.stopAll(members);
            broker.kill();
        }
        DataDirs.deleteRecursively(dataDir);
    }

    /** Per partition, the highest offset a member committed (the broker acknowledged it). */
    private static Map<Integer, Long> lastCommits(ConsumptionLog log) {
        Map<Integer, Long> out = new java.util.TreeMap<>();
        log.events().stream().filter(e -> e.kind() == ConsumptionLog.Kind.COMMITTED)
                .forEach(e -> out.merge(e.partition(), e.offset(), Math::max));
        return out;
    }

    /** Partitions not finished before the kill, and the offset consumption must resume at: the committed one. */
    private static Map<Integer, Long> resumePoints(Map<Integer, Long> committed, Map<Integer, Long> end) {
        Map<Integer, Long> out = new java.util.TreeMap<>();
        end.forEach((p, e) -> {
            long from = committed.getOrDefault(p, 0L);
            if (from < e) {
                out.put(p, from);
            }
        });
        return out;
    }

    private static Map<Integer, Long> firstProcessedFrom(ConsumptionLog log, int fromIndex) {
        List<ConsumptionLog.Event> events = log.events();
        Map<Integer, Long> out = new java.util.TreeMap<>();
        for (ConsumptionLog.Event e : events.subList(fromIndex, events.size())) {
            if (e.kind() == ConsumptionLog.Kind.PROCESSED) {
                out.putIfAbsent(e.partition(), e.offset());
            }
        }
        return out;
    }
}
