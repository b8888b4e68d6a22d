package io.freshet.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.freshet.it.BrokerSettings;
import io.freshet.it.UniqueNames;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code freshet topic} (freshet-tools) against the broker, in-process with captured output: every command's table
 * parsed and checked against what the Admin client then reads from the broker; exit codes for an unknown topic, a
 * config the broker refuses and a bad command line.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TopicCliTest {

    @RegisterExtension
    static final FreshetExtension FRESHET = FreshetExtension.perClass().withProperty("num.partitions", "2");

    private static Admin admin;

    @BeforeAll
    static void connect() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, FRESHET.bootstrapServers()));
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    private static Cli.Run topic(String... args) {
        return new Cli(FRESHET.bootstrapServers()).run("topic", args);
    }

    private static TopicDescription described(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
    }

    /** LEADER and REPLICAS of a partition as the Admin client describes it: broker ids, replicas comma-separated. */
    private static List<String> leaderAndReplicas(TopicPartitionInfo partition) {
        return List.of(partition.leader().idString(),
                partition.replicas().stream().map(Node::idString).collect(Collectors.joining(",")));
    }

    private static Config config(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
    }

    private static void produce(String topic, int partition, int records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, FRESHET.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, partition, "k" + i, "v" + i));
            }
        }
    }

    /**
     * The internal topics the Admin client lists. Committing an offset first makes sure there is one on any broker
     * (Kafka creates __consumer_offsets on the first commit; Freshet has its own internal topics from the start).
     */
    private static Set<String> internalTopics(String topic) throws Exception {
        String group = UniqueNames.of("topic-cli-internal");
        admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0),
                new OffsetAndMetadata(0))).all().get(10, TimeUnit.SECONDS);
        return admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(10, TimeUnit.SECONDS).stream()
                .filter(name -> name.startsWith("__")).collect(Collectors.toSet());
    }

    private static Map<String, String> keyValues(List<List<String>> rows) {
        Map<String, String> values = new LinkedHashMap<>();
        rows.forEach(row -> values.put(row.get(0), row.size() > 1 ? row.get(1) : ""));
        return values;
    }

    @Test
    void shouldCreateTopicsWithPartitionsAndConfigsAndListThem() throws Exception {
        String orders = UniqueNames.of("orders");
        String payments = UniqueNames.of("payments");
        Cli.Run created = topic("create", orders, "-p", "3", "-r", "1", "-c", "retention.ms=3600000",
                "--config", "cleanup.policy=compact");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.row(orders)).hasValue(List.of(orders, "OK"));
        assertThat(described(orders).partitions()).hasSize(3);
        assertThat(config(orders).get("retention.ms").value()).isEqualTo("3600000");
        assertThat(config(orders).get("cleanup.policy").value()).isEqualTo("compact");

        Cli.Run defaults = topic("create", payments);
        assertThat(defaults.exitCode()).as(defaults.err()).isZero();
        String numPartitions = BrokerSettings.read(FRESHET.bootstrapServers(), "num.partitions");
        assertThat(described(payments).partitions()).as("the broker's num.partitions")
                .hasSize(Integer.parseInt(numPartitions));

        Cli.Run list = topic("list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.rows().get(0)).containsExactly("NAME", "PARTITIONS", "REPLICAS");
        assertThat(list.row(orders)).hasValue(List.of(orders, "3", "1"));
        // the broker's default.replication.factor: 1 on one node, 3 on the suite's Kafka cluster
        String replicationFactor = BrokerSettings.read(FRESHET.bootstrapServers(), "default.replication.factor");
        assertThat(list.row(payments)).hasValue(List.of(payments, numPartitions, replicationFactor));

        assertThat(list.rows()).extracting(row -> row.get(0)).noneMatch(name -> name.startsWith("__"));
        Set<String> internal = internalTopics(orders);
        assertThat(internal).as("internal topics the Admin client lists").isNotEmpty();
        assertThat(topic("list", "--internal").rows()).extracting(row -> row.get(0))
                .containsAll(internal).contains(orders);

        Cli.Run detailed = topic("list", "-d");
        assertThat(detailed.rows(orders)).extracting(row -> row.get(1)).containsExactly("0", "1", "2");
        TopicDescription ordersNow = described(orders);
        assertThat(detailed.rows(orders)).allSatisfy(row -> assertThat(row.subList(2, 4)).containsExactlyElementsOf(
                leaderAndReplicas(ordersNow.partitions().get(Integer.parseInt(row.get(1))))));
        assertThat(detailed.rows(orders)).allSatisfy(row -> assertThat(row.get(2)).isEqualTo(row.get(3))); // RF 1
    }

    @Test
    void shouldRefuseToCreateATopicTwiceUnlessIfNotExists() {
        String twice = UniqueNames.of("twice");
        assertThat(topic("create", twice).exitCode()).isZero();

        Cli.Run again = topic("create", twice);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).startsWith("freshet topic: ").contains(twice, "TOPIC_ALREADY_EXISTS");

        Cli.Run tolerated = topic("create", twice, "--if-not-exists");
        assertThat(tolerated.exitCode()).isZero();
        assertThat(tolerated.row(twice)).hasValue(List.of(twice, "EXISTS"));
    }

    @Test
    void shouldPassOnTheBrokersMessageForAnInvalidConfig() {
        String badlyConfigured = UniqueNames.of("badly-configured");
        Cli.Run refused = topic("create", badlyConfigured, "-c", "retention.ms=soon");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("freshet topic: cannot create '" + badlyConfigured + "': INVALID_CONFIG")
                .contains("retention.ms");
        assertThat(topic("list").row(badlyConfigured)).isEmpty();
    }

    @Test
    void shouldDescribeOffsetsSizesAndTheConfigsThatDifferFromTheDefaults() throws Exception {
        String described = UniqueNames.of("described");
        assertThat(topic("create", described, "-p", "2", "-c", "retention.bytes=1048576").exitCode()).isZero();
        produce(described, 1, 25);

        Cli.Run describe = topic("describe", described);

        assertThat(describe.exitCode()).as(describe.err()).isZero();
        Map<String, String> summary = keyValues(describe.section("SUMMARY"));
        assertThat(summary).containsEntry("NAME", described).containsEntry("PARTITIONS", "2")
                .containsEntry("REPLICAS", BrokerSettings.read(FRESHET.bootstrapServers(), "default.replication.factor"));
        assertThat(Long.parseLong(summary.get("SIZE"))).isPositive();
        Map<String, String> configs = keyValues(describe.section("CONFIGS"));
        assertThat(configs).containsEntry("retention.bytes", "1048576").doesNotContainKey("segment.bytes")
                .containsKey("KEY");
        List<List<String>> partitions = describe.section("PARTITIONS");
        assertThat(partitions.get(0)).containsExactly("PARTITION", "LEADER", "REPLICAS", "LOG-START-OFFSET",
                "HIGH-WATERMARK", "SIZE");
        // leader and replicas as the Admin client describes them (broker 1 on one node, any of three on a cluster)
        TopicDescription asDescribed = described(described);
        List<String> partition0 = leaderAndReplicas(asDescribed.partitions().get(0));
        List<String> partition1 = leaderAndReplicas(asDescribed.partitions().get(1));
        assertThat(partitions.get(1)).containsExactly("0", partition0.get(0), partition0.get(1), "0", "0", "0");
        assertThat(partitions.get(2).subList(0, 5)).containsExactly("1", partition1.get(0), partition1.get(1), "0",
                "25");
        assertThat(Long.parseLong(partitions.get(2).get(5))).isEqualTo(Long.parseLong(summary.get("SIZE")));

        Cli.Run all = topic("describe", described, "--print-configs");
        assertThat(keyValues(all.section("CONFIGS"))).containsKeys("retention.bytes", "segment.bytes",
                "cleanup.policy");
    }

    @Test
    void shouldNameAnUnknownTopicAndStillDescribeTheOthers() {
        String known = UniqueNames.of("known");
        assertThat(topic("create", known).exitCode()).isZero();

        Cli.Run describe = topic("describe", "nowhere", known);

        assertThat(describe.exitCode()).isEqualTo(1);
        assertThat(describe.err()).isEqualTo("freshet topic: topic 'nowhere' does not exist" + System.lineSeparator());
        assertThat(keyValues(describe.section("SUMMARY"))).containsEntry("NAME", known);
    }

    @Test
    void shouldAlterConfigsIncrementallyAndAddPartitions() throws Exception {
        String altered = UniqueNames.of("altered");
        assertThat(topic("create", altered, "-p", "1", "-c", "retention.ms=60000").exitCode()).isZero();

        Cli.Run alter = topic("alter-config", altered, "--set", "max.message.bytes=2048", "--delete",
                "retention.ms");
        assertThat(alter.exitCode()).as(alter.err()).isZero();
        assertThat(alter.row(altered)).hasValue(List.of(altered, "OK"));
        Config config = config(altered);
        assertThat(config.get("max.message.bytes").value()).isEqualTo("2048");
        assertThat(config.get("retention.ms").source()).isNotEqualTo(
                org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);

        Cli.Run invalid = topic("alter-config", altered, "--set", "max.message.bytes=lots");
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.err()).contains("INVALID_CONFIG", "max.message.bytes");

        Cli.Run added = topic("add-partitions", altered, "-n", "2");
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.row(altered)).hasValue(List.of(altered, "3", "OK"));
        // Kafka's brokers learn of new partitions from the controller a moment after CreatePartitions answers, so
        // a broker's metadata may show the old count at first (Freshet's at once)
        org.awaitility.Awaitility.await("three partitions in the metadata").atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(described(altered).partitions()).hasSize(3));
    }

    @Test
    void shouldDeleteTopicsAndNameTheOnesThatDoNotExist() throws Exception {
        String doomed = UniqueNames.of("doomed");
        assertThat(topic("create", doomed).exitCode()).isZero();

        Cli.Run deleted = topic("delete", doomed);
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(deleted.row(doomed)).hasValue(List.of(doomed, "OK"));
        assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).doesNotContain(doomed);

        Cli.Run again = topic("delete", doomed);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("topic '" + doomed + "' does not exist");
        assertThat(topic("delete", doomed, "--if-exists").row(doomed)).hasValue(List.of(doomed,
                "NOT-FOUND"));

        Cli.Run unknown = topic("add-partitions", doomed, "-n", "1");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("topic '" + doomed + "' does not exist");
    }

    @Test
    void shouldExitWithUsageOnABadCommandLine() {
        Cli.Run noCount = topic("add-partitions", "x");
        assertThat(noCount.exitCode()).isEqualTo(2);
        assertThat(noCount.err()).startsWith("freshet topic: Missing -n/--num").contains("Usage: freshet topic");

        Cli.Run badPartitions = topic("create", "x", "-p", "zero");
        assertThat(badPartitions.exitCode()).isEqualTo(2);
        assertThat(badPartitions.err()).contains("--partitions takes a number, not 'zero'");
        assertThat(topic("list").row("x")).isEmpty();
    }
}
