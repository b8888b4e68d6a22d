package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.freshet.it.cli.Cli;
import io.freshet.testkit.EmbeddedFreshet;
import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code freshet groups copy-offsets}: the switch of a move whose topics kept their offsets. Two clusters hold the
 * same records at the same offsets (as MirrorMaker 2 leaves them with IdentityReplicationPolicy in new topics); a
 * group's committed offsets are copied unchanged and a consumer of the group resumes on the other cluster exactly
 * where it stopped. Where a record differs or the offset is outside the other log, nothing is committed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GroupsCopyOffsetsTest {

    private static final long TIMESTAMP = 1_700_000_000_000L;

    @RegisterExtension
    final FreshetExtension freshet = FreshetExtension.perTest();

    private EmbeddedFreshet other;
    // Names of each test's own: against an external broker (-Dfreshet.it.bootstrap) the tests share one cluster.
    private final String topic = UniqueNames.of("moved");
    private final String group = UniqueNames.of("billing");

    @BeforeEach
    void startTheOtherCluster() {
        other = EmbeddedFreshet.start();
    }

    @AfterEach
    void stopTheOtherCluster() {
        other.close();
    }

    @Test
    void aGroupResumesOnTheOtherClusterExactlyWhereItStoppedAfterADryRunThatCommitsNothing() throws Exception {
        fill(freshet.bootstrapServers(), 10, -1);
        fill(other.bootstrapServers(), 10, -1);
        commit(freshet.bootstrapServers(), group, Map.of(partition(0), 7L, partition(1), 3L));

        Cli.Run dryRun = copy("--group", group);
        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.rows(group)).containsExactly(
                List.of(group, topic, "0", "7", "6"), List.of(group, topic, "1", "3", "2"));
        assertThat(dryRun.err()).contains("Dry run");
        assertThat(committed(other.bootstrapServers(), group)).isEmpty();

        Cli.Run execute = copy("--group", group, "--execute");
        assertThat(execute.exitCode()).as(execute.err()).isZero();
        assertThat(committed(other.bootstrapServers(), group))
                .isEqualTo(Map.of(partition(0), 7L, partition(1), 3L));
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(other.bootstrapServers(),
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, group))) {
            consumer.assign(List.of(partition(0), partition(1))); // positions from the group's committed offsets
            List<ConsumerRecord<String, String>> resumed = KafkaClients.readUntil(consumer,
                    Map.of(partition(0), 10L, partition(1), 10L), Duration.ofSeconds(30));
            assertThat(resumed.stream().filter(r -> r.partition() == 0).map(ConsumerRecord::value))
                    .containsExactly("p0-r7", "p0-r8", "p0-r9");
            assertThat(resumed.stream().filter(r -> r.partition() == 1).map(ConsumerRecord::offset))
                    .containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
        }
    }

    @Test
    void aRecordThatDiffersBeforeTheOffsetCommitsNothingAnywhere() throws Exception {
        fill(freshet.bootstrapServers(), 10, -1);
        fill(other.bootstrapServers(), 10, 6); // record 6 of each partition differs there
        commit(freshet.bootstrapServers(), group, Map.of(partition(0), 7L, partition(1), 5L));

        Cli.Run run = copy("--group", group, "--execute");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("Check failed: " + group + " " + topic + "-0 offset 7")
                .contains("differs").doesNotContain(topic + "-1 offset 5");
        assertThat(committed(other.bootstrapServers(), group)).isEmpty(); // not even partition 1's
    }

    @Test
    void anOffsetBeyondTheOtherLogIsRefused() throws Exception {
        fill(freshet.bootstrapServers(), 10, -1);
        fill(other.bootstrapServers(), 4, -1);
        commit(freshet.bootstrapServers(), group, Map.of(partition(0), 9L));

        Cli.Run run = copy("--group", group, "--execute");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("offset 9: outside the log on " + other.bootstrapServers() + " [0, 4]");
        assertThat(committed(other.bootstrapServers(), group)).isEmpty();
    }

    private Cli.Run copy(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("copy-offsets", "--to", other.bootstrapServers()));
        all.addAll(List.of(args));
        return new Cli(freshet.bootstrapServers()).run("groups", all.toArray(String[]::new));
    }

    private TopicPartition partition(int number) {
        return new TopicPartition(topic, number);
    }

    /**
     * {@code count} records in each of two partitions, with fixed timestamps, keys and a header, so that two
     * clusters filled alike hold the same records at the same offsets; at {@code differentAt} the value differs.
     */
    private void fill(String bootstrap, int count, int differentAt) throws Exception {
        KafkaClients.createTopic(bootstrap, topic, 2);
        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap)) {
            for (int p = 0; p < 2; p++) {
                for (int i = 0; i < count; i++) {
                    RecordHeaders headers = new RecordHeaders();
                    headers.add("source", "device-7".getBytes(StandardCharsets.UTF_8));
                    producer.send(new ProducerRecord<>(topic, p, TIMESTAMP + i, "key-" + i,
                            i == differentAt ? "changed" : "p" + p + "-r" + i, headers)).get();
                }
            }
        }
    }

    private static void commit(String bootstrap, String group, Map<TopicPartition, Long> offsets) throws Exception {
        try (Admin admin = KafkaClients.admin(bootstrap)) {
            admin.alterConsumerGroupOffsets(group, offsets.entrySet().stream().collect(Collectors.toMap(
                    Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<TopicPartition, Long> committed(String bootstrap, String group) throws Exception {
        try (Admin admin = KafkaClients.admin(bootstrap)) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .entrySet().stream().filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }
}
