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
 * <p>Passes against Apache Kafka 4.4 too: {@code scripts/suite-on-kafka.sh}.
 */
class ShareGroupConsumeTest {

    @RegisterExtension
    static final FreshetExtension freshet = GroupBrokers.extension();

    /**
     * Small batches and a little work per poll spread one partition over the members; large batches (1,000 records)
     * with the client's default max.poll.records (500) and no work make the broker split batches between members.
     */
    @ParameterizedTest(name = "{0} members, {1} partition(s), {2} records in batches of {3}, max.poll.records {4}")
    @CsvSource({"4, 1, 1000, 10, 10, 10", "6, 2, 1000, 10, 10, 10", "4, 1, 20000, 1000, 500, 0"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldShareEveryPartitionAmongAllMembersAndDeliverEachRecordOnce(int members, int partitions,
            int records, int batch, int maxPollRecords, long workMs) throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = GroupBrokers.unique("share-consume");
        String group = GroupBrokers.unique("share-consume-group");
        KafkaClients.createTopic(bootstrap, topic, partitions);
        ShareGroups.fromEarliest(bootstrap, group, Map.of());

        ShareMember.Deliveries deliveries = new ShareMember.Deliveries();
        List<ShareMember> consumers = new ArrayList<>();
        try {
            for (int i = 0; i < members; i++) {
                consumers.add(ShareMember.implicit(bootstrap, group, topic, "member-" + i, deliveries, maxPollRecords,
                        workMs));
            }
            // Every member is in the group before the first record, so a member that joins late finds work left.
            ShareGroups.awaitMembers(bootstrap, group, members);
            ShareGroups.produce(bootstrap, topic, partitions, records, batch);
            Awaitility.await("every record delivered").atMost(Duration.ofSeconds(45))
                    .pollInterval(Duration.ofMillis(100)).until(() -> deliveries.distinctValues() >= records);
        } finally {
            ShareMember.closeAll(consumers); // each commits its last poll's records (ACCEPT), then closes
        }

        Map<String, Long> perMember = new TreeMap<>(deliveries.delivered.stream()
                .collect(Collectors.groupingBy(ShareMember.Delivery::member, Collectors.counting())));
        Map<String, Long> deliveredTwice = deliveries.delivered.stream()
                .collect(Collectors.groupingBy(ShareMember.Delivery::value, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        System.out.printf("share group, %d members on %d partition(s), batches of %d: records per member %s, %d "
                + "delivered more than once%n", members, partitions, batch, perMember, deliveredTwice.size());
        assertThat(perMember).as("records per member").hasSize(members).allSatisfy((m, n) -> assertThat(n)
                .as(m).isPositive());
        assertThat(deliveries.delivered.stream().filter(d -> deliveredTwice.containsKey(d.value())).toList())
                .as("deliveries of records delivered more than once").isEmpty();
        assertThat(deliveries.delivered).as("deliveries").hasSize(records)
                .allSatisfy(d -> assertThat(d.deliveryCount()).as("delivery count of %s", d).isEqualTo(1));
        assertThat(consumers).allSatisfy(m -> assertThat(m.failure()).as("member %s", m.name()).isNull());
    }
}
