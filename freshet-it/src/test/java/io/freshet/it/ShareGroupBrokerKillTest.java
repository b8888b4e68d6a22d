package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The broker is killed with SIGKILL while a share group consumes, and restarted on the same data: no record whose
 * ACCEPT the broker confirmed (commitSync reported its partition without error) is delivered again, and none is
 * lost: every record ends ACCEPTed and confirmed exactly once. A record whose acknowledgement was not confirmed (in
 * flight at the kill) may come again.
 *
 * <p>The broker is a {@link KillableBroker}: a Freshet process by default, Apache Kafka with
 * {@code -Dfreshet.it.kafkaServerProperties=FILE -Dfreshet.it.kafkaClasspath='DIR/*'}
 * ({@code scripts/share-tests-on-kafka.sh}).
 */
class ShareGroupBrokerKillTest {

    private static final int RECORDS = 3_000;
    private static final int PARTITIONS = 2;
    private static final int MEMBERS = 2;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldNeitherRedeliverNorLoseConfirmedAcceptsAcrossABrokerKill() throws Exception {
        Path dataDir = DataDirs.create("share-broker-kill");
        KillableBroker broker = KillableBroker.start(dataDir);
        String bootstrap = broker.bootstrap();
        String topic = GroupBrokers.unique("share-broker-kill");
        String group = GroupBrokers.unique("share-broker-kill-group");
        ShareMember.Deliveries deliveries = new ShareMember.Deliveries();
        List<ShareMember> members = new ArrayList<>();
        try {
            KafkaClients.createTopic(bootstrap, topic, PARTITIONS);
            ShareGroups.fromEarliest(bootstrap, group, Map.of());
            ShareGroups.produce(bootstrap, topic, PARTITIONS, RECORDS, 50);
            for (int i = 0; i < MEMBERS; i++) {
                // 50 records per poll and 10 ms of work: a few thousand records per second for the group
                members.add(ShareMember.explicit(bootstrap, group, topic, "member-" + i, deliveries, 50, 10,
                        r -> AcknowledgeType.ACCEPT));
            }
            Awaitility.await("a third accepted").atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(20))
                    .until(() -> deliveries.distinctConfirmed() >= RECORDS / 3);

            long killed = System.nanoTime();
            broker.kill();
            long confirmedAtKill = deliveries.distinctConfirmed();
            broker.restart();
            long restarted = System.nanoTime();
            // Freshet takes seconds; a killed Kafka 4.4 broker is refused re-registration (DUPLICATE_BROKER_REGISTRATION)
            // until its old session expires, which has taken 37 to over 75 s here
            Awaitility.await("every record accepted").atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(200)).until(() -> deliveries.distinctConfirmed() >= RECORDS);
            long finished = System.nanoTime();
            ShareMember.closeAll(members);

            Map<String, Long> confirmations = deliveries.confirmed.stream()
                    .collect(Collectors.groupingBy(ShareMember.Delivery::value, Collectors.counting()));
            Map<String, Long> confirmedAt = deliveries.confirmed.stream().collect(Collectors.toMap(
                    ShareMember.Delivery::value, ShareMember.Delivery::atNanos, Math::min));
            List<ShareMember.Delivery> afterConfirmedAccept = deliveries.delivered.stream()
                    .filter(d -> confirmedAt.containsKey(d.value()) && d.atNanos() > confirmedAt.get(d.value()))
                    .toList();
            long redelivered = deliveries.delivered.size() - RECORDS;
            System.out.printf("share broker kill: %d confirmed before the kill, %d deliveries for %d records "
                    + "(%d again), member errors %s; kill and restart %.1f s, the rest accepted %.1f s later%n",
                    confirmedAtKill, deliveries.delivered.size(), RECORDS, redelivered,
                    members.stream().map(ShareMember::errors).toList(), (restarted - killed) / 1e9,
                    (finished - restarted) / 1e9);

            assertThat(confirmations).as("records with a confirmed ACCEPT").hasSize(RECORDS);
            assertThat(confirmations).as("records ACCEPTed and confirmed more than once")
                    .allSatisfy((value, n) -> assertThat(n).as(value).isEqualTo(1));
            assertThat(afterConfirmedAccept).as("records delivered again after a confirmed ACCEPT").isEmpty();
            assertThat(members).allSatisfy(m -> assertThat(m.failure()).as("member %s", m.name()).isNull());
        } catch (Throwable t) {
            System.err.println("share broker kill test failed; data kept in " + dataDir + "; " + broker.describe());
            throw t;
        } finally {
            ShareMember.closeAll(members);
            broker.kill();
        }
        DataDirs.deleteRecursively(dataDir);
    }
}
