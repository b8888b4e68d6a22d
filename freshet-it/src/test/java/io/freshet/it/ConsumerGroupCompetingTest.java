package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.consumer.GroupProtocol;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Competing consumers: three members of one group share 60,000 keyed events on six partitions. With nothing
 * failing, each event is handled exactly once, every member gets partitions, each partition is read in offset
 * order and each key's events in the order they were sent, and the group ends committed at the end offsets.
 */
class ConsumerGroupCompetingTest {

    private static final int EVENTS = 60_000;
    private static final int PARTITIONS = 6;
    private static final int KEYS = 600;
    private static final int MEMBERS = 3;

    @RegisterExtension
    static final FreshetExtension freshet = GroupBrokers.extension();

    @ParameterizedTest(name = "group.protocol={0}")
    @EnumSource(GroupProtocol.class)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldHandleEachEventExactlyOnceAcrossTheMembers(GroupProtocol protocol) throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = GroupBrokers.unique("competing");
        String group = GroupBrokers.unique("competing-group");
        KafkaClients.createTopic(bootstrap, topic, PARTITIONS);

        ConsumptionLog log = new ConsumptionLog();
        List<GroupMember> members = new ArrayList<>();
        try {
            for (int i = 0; i < MEMBERS; i++) {
                String name = "member-" + i;
                members.add(GroupMember.inLog(name, GroupBrokers.consumerConfig(bootstrap, group, protocol, name),
                        topic, log, 0).start());
            }
            // Every member holds partitions before the first event, so none arrives during the first rebalances.
            GroupBrokers.awaitStable(bootstrap, group, MEMBERS, PARTITIONS, Duration.ofSeconds(30));
            GroupBrokers.produce(bootstrap, topic, EVENTS, KEYS);
            Map<Integer, Long> end = GroupBrokers.endOffsets(bootstrap, topic);
            assertThat(end.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(EVENTS);

            Awaitility.await("all events processed").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> log.distinctProcessed() >= EVENTS);
            Awaitility.await("offsets committed at the end").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> GroupBrokers.committed(bootstrap, group), end::equals);
            Thread.sleep(500); // a duplicate delivered late would show here
            ConsumptionLog.Check check = log.check(end);
            System.out.printf("competing consumers, %s: %s%n", protocol, check);

            assertThat(check.missing()).as("events never handled").isEmpty();
            assertThat(check.duplicates()).as("events handled twice").isEmpty();
            assertThat(check.processed()).isEqualTo(EVENTS);
            assertThat(check.orderProblems()).as("records out of offset order").isEmpty();
            assertThat(check.partitionsProcessed()).as("partitions handled by each member").hasSize(MEMBERS)
                    .allSatisfy((member, partitions) -> assertThat(partitions).isNotEmpty());
            assertThat(check.partitionsProcessed().values().stream().mapToInt(Set::size).sum())
                    .as("each partition handled by one member").isEqualTo(PARTITIONS);
            assertPerPartitionAndPerKeyOrder(log, end);
            assertThat(members).allSatisfy(m -> assertThat(m.failure()).as("member %s", m.name()).isNull());
        } finally {
            GroupMember.stopAll(members);
        }
    }

    /** Each partition handled from offset 0 up without a gap; each key's sequence numbers increasing. */
    private static void assertPerPartitionAndPerKeyOrder(ConsumptionLog log, Map<Integer, Long> end) {
        Map<String, Integer> lastSeqOfKey = new HashMap<>();
        Set<Integer> values = new TreeSet<>();
        log.processedByPartition().forEach((partition, events) -> {
            assertThat(events.stream().map(ConsumptionLog.Event::offset).toList())
                    .as("offsets of partition %d in the order handled", partition)
                    .isEqualTo(java.util.stream.LongStream.range(0, end.get(partition)).boxed().toList());
            for (ConsumptionLog.Event e : events) {
                int seq = Integer.parseInt(e.value());
                values.add(seq);
                assertThat(e.key()).isEqualTo("key-" + (seq % KEYS));
                Integer previous = lastSeqOfKey.put(e.key(), seq);
                assertThat(previous == null || previous < seq).as("key %s: %d after %d", e.key(), seq, previous)
                        .isTrue();
            }
        });
        assertThat(values).as("distinct events handled").hasSize(EVENTS);
    }
}
