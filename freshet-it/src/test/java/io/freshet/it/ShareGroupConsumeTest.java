package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.freshet.testkit.FreshetExtension;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Share groups (KIP-932) as queues: more members than partitions, and every member gets work; with every record
 * ACCEPTed (implicit acknowledgement) each record is delivered exactly once across the group.
 *
 * <p>Passes against Apache Kafka 4.4 too: {@code scripts/share-tests-on-kafka.sh}.
 */
class ShareGroupConsumeTest {

    private static final int RECORDS = 1_000;

    @RegisterExtension
    static final FreshetExtension freshet = GroupBrokers.extension();

    @ParameterizedTest(name = "{0} members, {1} partition(s)")
    @CsvSource({"4, 1", "6, 2"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldShareEveryPartitionAmongAllMembersAndDeliverEachRecordOnce(int members, int partitions)
            throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = GroupBrokers.unique("share-consume");
        String group = GroupBrokers.unique("share-consume-group");
        KafkaClients.createTopic(bootstrap, topic, partitions);
        ShareGroups.fromEarliest(bootstrap, group, Map.of());
        ShareGroups.produce(bootstrap, topic, partitions, RECORDS, 10);

        ShareMember.Deliveries deliveries = new ShareMember.Deliveries();
        List<ShareMember> members_ = new ArrayList<>();
        try {
            for (int i = 0; i < members; i++) {
                // 10 records per poll, 10 ms of "work" on them: one member alone would take 1 s or more
                members_.add(ShareMember.implicit(bootstrap, group, topic, "member-" + i, deliveries, 10, 10));
            }
            Awaitility.await("every record delivered").atMost(Duration.ofSeconds(45))
                    .pollInterval(Duration.ofMillis(100)).until(() -> deliveries.distinctValues() >= RECORDS);
        } finally {
            ShareMember.closeAll(members_); // implicit mode: close acknowledges the last poll's records
        }

        Map<String, Long> perMember = new TreeMap<>(deliveries.delivered.stream()
                .collect(Collectors.groupingBy(ShareMember.Delivery::member, Collectors.counting())));
        Map<String, Long> deliveredTwice = deliveries.delivered.stream()
                .collect(Collectors.groupingBy(ShareMember.Delivery::value, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        System.out.printf("share group, %d members on %d partition(s): records per member %s%n", members, partitions,
                perMember);
        assertThat(perMember).as("records per member").hasSize(members).allSatisfy((m, n) -> assertThat(n)
                .as(m).isPositive());
        assertThat(deliveredTwice).as("records delivered more than once").isEmpty();
        assertThat(deliveries.delivered).as("deliveries").hasSize(RECORDS)
                .allSatisfy(d -> assertThat(d.deliveryCount()).as("delivery count of %s", d).isEqualTo(1));
        assertThat(members_).allSatisfy(m -> assertThat(m.failure()).as("member %s", m.name()).isNull());
    }
}
