package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.consumer.GroupProtocol;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Broadcast: three groups (two members each) subscribe to one topic; each group receives every event once, with
 * its key and value, and commits its own offsets, independent of the other groups.
 */
class ConsumerGroupBroadcastTest {

    private static final int EVENTS = 6_000;
    private static final int PARTITIONS = 3;
    private static final int KEYS = 100;
    private static final int GROUPS = 3;
    private static final int MEMBERS_PER_GROUP = 2;

    @RegisterExtension
    static final FreshetExtension freshet = GroupBrokers.extension();

    @ParameterizedTest(name = "group.protocol={0}")
    @EnumSource(GroupProtocol.class)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldDeliverEveryEventToEveryGroup(GroupProtocol protocol) throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = GroupBrokers.unique("broadcast");
        KafkaClients.createTopic(bootstrap, topic, PARTITIONS);
        GroupBrokers.produce(bootstrap, topic, EVENTS, KEYS);
        Map<Integer, Long> end = GroupBrokers.endOffsets(bootstrap, topic);
        Map<String, String> sent = IntStream.range(0, EVENTS).boxed()
                .collect(Collectors.toMap(seq -> Integer.toString(seq), seq -> "key-" + (seq % KEYS)));

        Map<String, ConsumptionLog> logs = new LinkedHashMap<>();
        List<GroupMember> members = new ArrayList<>();
        try {
            for (int g = 0; g < GROUPS; g++) {
                String group = GroupBrokers.unique("broadcast-group-" + g);
                ConsumptionLog log = new ConsumptionLog();
                logs.put(group, log);
                for (int m = 0; m < MEMBERS_PER_GROUP; m++) {
                    String name = "g" + g + "-member-" + m;
                    members.add(GroupMember.inLog(name, GroupBrokers.consumerConfig(bootstrap, group, protocol, name),
                            topic, log, 0).start());
                }
            }
            for (Map.Entry<String, ConsumptionLog> entry : logs.entrySet()) {
                String group = entry.getKey();
                Awaitility.await(group + " has every event").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> entry.getValue().distinctProcessed() >= EVENTS);
                Awaitility.await(group + " committed the end offsets").atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> GroupBrokers.committed(bootstrap, group), end::equals);
            }
            for (Map.Entry<String, ConsumptionLog> entry : logs.entrySet()) {
                ConsumptionLog.Check check = entry.getValue().check(end);
                System.out.printf("broadcast, %s, %s: %s%n", protocol, entry.getKey(), check);
                assertThat(check.missing()).as("%s: events never received", entry.getKey()).isEmpty();
                // Members join one after the other; a rebalance may hand a partition over, but the member that had
                // it committed everything it processed, so nothing comes twice.
                assertThat(check.duplicates()).as("%s: events received twice", entry.getKey()).isEmpty();
                assertThat(check.processed()).isEqualTo(EVENTS);
                assertThat(check.orderProblems()).isEmpty();
                Map<String, String> received = entry.getValue().events().stream()
                        .filter(e -> e.kind() == ConsumptionLog.Kind.PROCESSED)
                        .collect(Collectors.toMap(ConsumptionLog.Event::value, ConsumptionLog.Event::key));
                assertThat(received).as("%s: value -> key of every event received", entry.getKey()).isEqualTo(sent);
            }
            assertThat(members).allSatisfy(m -> assertThat(m.failure()).as("member %s", m.name()).isNull());
        } finally {
            GroupMember.stopAll(members);
        }
    }
}
