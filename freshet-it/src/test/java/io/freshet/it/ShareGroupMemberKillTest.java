package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A share-group member in its own process takes records and is killed with SIGKILL while it holds their locks: the
 * other members get those records (delivery count 2) as soon as the broker sees its connection close (Kafka 4.4:
 * at once), and every record ends ACCEPTed. share.record.lock.duration.ms is Kafka's highest (60 s), so that neither
 * a lock expiring before the kill (with a low lock duration, a slow run saw the held records go to the others
 * while the holder lived) nor one expiring after it can explain what the test sees.
 *
 * <p>Passes against Apache Kafka 4.4 too: {@code scripts/suite-on-kafka.sh}.
 */
class ShareGroupMemberKillTest {

    private static final int RECORDS = 200;

    @RegisterExtension
    static final FreshetExtension freshet = GroupBrokers.extension();

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldRedeliverTheRecordsAKilledMemberHeld() throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = GroupBrokers.unique("share-member-kill");
        String group = GroupBrokers.unique("share-member-kill-group");
        KafkaClients.createTopic(bootstrap, topic, 1);
        ShareGroups.fromEarliest(bootstrap, group,
                Map.of("share.record.lock.duration.ms", Integer.toString(ShareGroups.MAX_LOCK_DURATION_MS)));
        ShareGroups.produce(bootstrap, topic, 1, RECORDS, 10);

        Path log = Files.createTempFile(DataDirs.create("share-member-kill"), "holder", ".log");
        ShareMember.Deliveries deliveries = new ShareMember.Deliveries();
        List<ShareMember> others = new ArrayList<>();
        try (TestJvm holder = TestJvm.start("share holder", ShareHolderMain.class, log,
                List.of(bootstrap, group, topic, "10"))) {
            Awaitility.await("the holder holds records").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> held(holder) != null || !holder.isAlive());
            Set<String> held = held(holder);
            assertThat(held).as("records the holder took (log: %s)", holder.logTail(2000)).isNotNull().isNotEmpty();

            for (int i = 0; i < 3; i++) {
                others.add(ShareMember.explicit(bootstrap, group, topic, "member-" + i, deliveries, 10, 0,
                        r -> AcknowledgeType.ACCEPT));
            }
            Awaitility.await("the other members accept all the holder does not hold")
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> deliveries.distinctConfirmed() >= RECORDS - held.size());
            assertThat(deliveries.delivered).as("records delivered while the holder holds their locks")
                    .noneMatch(d -> held.contains(d.value()));

            long killedAt = System.nanoTime();
            holder.kill();
            Awaitility.await("every record accepted after the kill").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> deliveries.distinctConfirmed() >= RECORDS);
            List<ShareMember.Delivery> again = deliveries.delivered.stream().filter(d -> held.contains(d.value()))
                    .toList();
            long seconds = TimeUnit.NANOSECONDS.toSeconds(again.stream().mapToLong(ShareMember.Delivery::atNanos)
                    .max().orElseThrow() - killedAt);
            System.out.printf("member kill: the holder held %d records; the others had them all %d s after the "
                    + "kill, delivery counts %s%n", held.size(), seconds,
                    again.stream().map(ShareMember.Delivery::deliveryCount).collect(Collectors.toSet()));
            assertThat(again.stream().map(ShareMember.Delivery::value).collect(Collectors.toSet()))
                    .as("held records delivered to the others").isEqualTo(held);
            assertThat(again).as("held records' second delivery")
                    .allSatisfy(d -> assertThat(d.deliveryCount()).isEqualTo(2));
            assertThat(deliveries.delivered).as("records delivered to the others").hasSize(RECORDS);
        } finally {
            ShareMember.closeAll(others);
        }
        assertThat(others).allSatisfy(m -> assertThat(m.failure()).as("member %s", m.name()).isNull());
    }

    /** The values the holder printed on its HOLDING line, or null before it printed it. */
    private static Set<String> held(TestJvm holder) {
        try {
            return Files.readAllLines(holder.log()).stream().filter(l -> l.startsWith("HOLDING ")).findFirst()
                    .map(l -> (Set<String>) new TreeSet<>(Arrays.asList(l.substring(8).split(",")))).orElse(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
