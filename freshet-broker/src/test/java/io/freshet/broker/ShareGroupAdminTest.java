package io.freshet.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.ShareGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ShareGroupHeartbeatResponseData;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Share groups through kafka-clients 4.4's Admin: listing by type, describing, deleting, their offsets and their
 * group configs. Members join with raw ShareGroupHeartbeats (the records themselves are ShareFetch's business).
 */
@Timeout(60)
class ShareGroupAdminTest {

    @TempDir
    static Path dataDir;
    static FreshetBroker broker;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = FreshetBroker.start(BrokerConfig.fromProperties(Map.of("port", "0", "log.dirs", dataDir.toString())));
        admin = admin(broker);
        admin.createTopics(List.of(new NewTopic("jobs", 2, (short) 1))).all().get();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + broker.boundPort()),
            new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("jobs", 0, "k", "v" + i)).get();
            }
        }
    }

    static Admin admin(FreshetBroker b) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + b.boundPort(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    private static ShareGroupHeartbeatResponseData heartbeat(String group, String member, int epoch,
                                                             List<String> topics) throws Exception {
        try (WireClient client = new WireClient(broker.boundPort())) {
            ShareGroupHeartbeatResponseData response = client.call(new ShareGroupHeartbeatRequestData()
                .setGroupId(group).setMemberId(member).setMemberEpoch(epoch).setSubscribedTopicNames(topics),
                (short) 1);
            assertThat(response.errorCode()).as(response.errorMessage()).isZero();
            return response;
        }
    }

    private static void join(String group, String... members) throws Exception {
        for (String member : members) {
            heartbeat(group, member, 0, List.of("jobs"));
        }
    }

    private static void leave(String group, String... members) throws Exception {
        for (String member : members) {
            heartbeat(group, member, -1, null);
        }
    }

    private static Throwable cause(ThrowingRunnable action) {
        try {
            action.run();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void shareGroupsAreListedByTypeAndDescribed() throws Exception {
        join("listed", "m1", "m2", "m3");

        Collection<GroupListing> shareGroups = admin.listGroups(ListGroupsOptions.forShareGroups()).all().get();
        assertThat(shareGroups).filteredOn(g -> g.groupId().equals("listed")).singleElement().satisfies(g -> {
            assertThat(g.type()).contains(GroupType.SHARE);
            assertThat(g.protocol()).isEqualTo("share");
            assertThat(g.groupState()).contains(GroupState.STABLE);
        });
        assertThat(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get())
            .noneMatch(g -> g.groupId().equals("listed"));

        ShareGroupDescription described = admin.describeShareGroups(List.of("listed")).all().get().get("listed");
        assertThat(described.groupState()).isEqualTo(GroupState.STABLE);
        assertThat(described.groupEpoch()).isEqualTo(3);
        // Three members, two partitions: every member has one, so all three get work.
        assertThat(described.members()).hasSize(3).allSatisfy(m ->
            assertThat(m.assignment().topicPartitions()).hasSize(1));
        assertThat(described.members()).flatExtracting(m -> m.assignment().topicPartitions())
            .containsOnly(new TopicPartition("jobs", 0), new TopicPartition("jobs", 1));

        assertThat(cause(() -> admin.describeShareGroups(List.of("never-was")).all().get()))
            .isInstanceOf(GroupIdNotFoundException.class).hasMessage("Group never-was not found.");
        leave("listed", "m1", "m2", "m3");
    }

    @Test
    void aShareGroupIsDeletedOnlyOnceEmpty() throws Exception {
        join("deleted", "m1");
        assertThat(cause(() -> admin.deleteShareGroups(List.of("deleted")).all().get()))
            .isInstanceOf(GroupNotEmptyException.class);
        assertThat(cause(() -> admin.alterShareGroupOffsets("deleted", Map.of(new TopicPartition("jobs", 0), 0L))
            .all().get())).isInstanceOf(GroupNotEmptyException.class);
        assertThat(cause(() -> admin.deleteShareGroupOffsets("deleted", Set.of("jobs")).all().get()))
            .isInstanceOf(GroupNotEmptyException.class);

        leave("deleted", "m1");
        assertThat(admin.describeShareGroups(List.of("deleted")).all().get().get("deleted").groupState())
            .isEqualTo(GroupState.EMPTY);
        admin.deleteShareGroups(List.of("deleted")).all().get();
        assertThat(cause(() -> admin.describeShareGroups(List.of("deleted")).all().get()))
            .isInstanceOf(GroupIdNotFoundException.class);
    }

    @Test
    void startOffsetsAreListedAlteredAndDeleted() throws Exception {
        join("offsets", "m1");
        leave("offsets", "m1");
        TopicPartition p0 = new TopicPartition("jobs", 0);
        TopicPartition p1 = new TopicPartition("jobs", 1);

        // Every partition the group was assigned, without state yet (null, as Kafka answers).
        Map<TopicPartition, SharePartitionOffsetInfo> listed = offsets("offsets");
        assertThat(listed).containsOnlyKeys(p0, p1).containsEntry(p0, null);

        admin.alterShareGroupOffsets("offsets", Map.of(p0, 1L)).all().get();
        SharePartitionOffsetInfo info = offsets("offsets").get(p0);
        assertThat(info.startOffset()).isEqualTo(1);
        assertThat(info.lag()).contains(4L); // five records, the first one skipped

        assertThat(cause(() -> admin.alterShareGroupOffsets("offsets", Map.of(new TopicPartition("nope", 0), 0L))
            .all().get())).isInstanceOf(UnknownTopicOrPartitionException.class);

        admin.deleteShareGroupOffsets("offsets", Set.of("jobs")).all().get();
        assertThat(offsets("offsets")).isEmpty();
    }

    @Test
    void unknownGroupsAsKafkaAnswersThem() throws Exception {
        assertThat(offsets("ghost")).isEmpty();
        assertThat(cause(() -> admin.deleteShareGroupOffsets("ghost", Set.of("jobs")).all().get()))
            .isInstanceOf(GroupIdNotFoundException.class).hasMessage("Group ghost not found.");
        // Altering the offsets of an unknown id makes it an empty share group.
        admin.alterShareGroupOffsets("ghost", Map.of(new TopicPartition("jobs", 1), 0L)).all().get();
        assertThat(admin.listGroups(ListGroupsOptions.forShareGroups()).all().get())
            .filteredOn(g -> g.groupId().equals("ghost")).singleElement()
            .satisfies(g -> assertThat(g.groupState()).contains(GroupState.EMPTY));
        assertThat(offsets("ghost")).containsOnlyKeys(new TopicPartition("jobs", 0), new TopicPartition("jobs", 1));
    }

    private static Map<TopicPartition, SharePartitionOffsetInfo> offsets(String group) throws Exception {
        return admin.listShareGroupOffsets(Map.of(group, new ListShareGroupOffsetsSpec())).all().get().get(group);
    }

    @Test
    void groupConfigsAreCheckedAgainstTheBrokersBoundsAndKept() throws Exception {
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, "configured");
        set(group, "share.record.lock.duration.ms", "45000");
        set(group, "freshet.share.release.backoff.ms", "1000");

        Config config = admin.describeConfigs(List.of(group)).all().get().get(group);
        assertThat(config.get("share.record.lock.duration.ms").value()).isEqualTo("45000");
        assertThat(config.get("share.record.lock.duration.ms").source())
            .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_GROUP_CONFIG);
        assertThat(config.get("share.delivery.count.limit").value()).isEqualTo("5");
        assertThat(config.get("share.delivery.count.limit").source())
            .isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(config.get("share.auto.offset.reset").value()).isEqualTo("latest");
        assertThat(config.get("freshet.share.release.backoff.ms").value()).isEqualTo("1000");

        assertThat(cause(() -> set(group, "share.record.lock.duration.ms", "1000")))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("share.record.lock.duration.ms must be in the range 15000 to 60000 inclusive.");
        assertThat(cause(() -> set(group, "share.delivery.count.limit", "11")))
            .hasMessage("share.delivery.count.limit must be in the range 2 to 10 inclusive.");
        assertThat(cause(() -> set(group, "share.record.lock.duration.ms", "abc")))
            .hasMessage("Invalid value abc for configuration share.record.lock.duration.ms: Not a number of type INT");
        assertThat(cause(() -> set(group, "share.auto.offset.reset", "foo"))).hasMessageContaining(
            "The value must be either 'earliest', 'latest' or of the format 'by_duration:<PnDTnHnMn.nS>'.");
        assertThat(cause(() -> set(group, "nonsense.cfg", "1")))
            .isInstanceOf(InvalidConfigurationException.class).hasMessage("Unknown group config name: nonsense.cfg");
        // Nothing of a refused change was kept.
        assertThat(admin.describeConfigs(List.of(group)).all().get().get(group)
            .get("share.record.lock.duration.ms").value()).isEqualTo("45000");

        admin.incrementalAlterConfigs(Map.of(group, List.of(new AlterConfigOp(
            new ConfigEntry("freshet.share.release.backoff.ms", ""), AlterConfigOp.OpType.DELETE)))).all().get();
        assertThat(admin.describeConfigs(List.of(group)).all().get().get(group)
            .get("freshet.share.release.backoff.ms").value()).isEqualTo("0");
    }

    private static void set(ConfigResource resource, String name, String value) throws Exception {
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry(name, value),
            AlterConfigOp.OpType.SET)))).all().get();
    }

    @Test
    void groupConfigsSurviveARestart(@TempDir Path dir) throws Exception {
        BrokerConfig config = BrokerConfig.fromProperties(Map.of("port", "0", "log.dirs", dir.toString()));
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, "kept");
        try (FreshetBroker first = FreshetBroker.start(config); Admin a = admin(first)) {
            a.incrementalAlterConfigs(Map.of(group, List.of(new AlterConfigOp(
                new ConfigEntry("share.delivery.count.limit", "3"), AlterConfigOp.OpType.SET)))).all().get();
        }
        try (FreshetBroker second = FreshetBroker.start(config); Admin a = admin(second)) {
            assertThat(a.describeConfigs(List.of(group)).all().get().get(group).get("share.delivery.count.limit")
                .value()).isEqualTo("3");
        }
    }

    @Test
    void kafkaShareConsumersJoinShareOnePartitionAndLeaveOnClose() throws Exception {
        admin.createTopics(List.of(new NewTopic("single", 1, (short) 1))).all().get();
        Map<String, Object> props = Map.of("bootstrap.servers", "127.0.0.1:" + broker.boundPort(), "group.id", "pair");
        try (KafkaShareConsumer<String, String> a = new KafkaShareConsumer<>(props, new StringDeserializer(),
                 new StringDeserializer());
             KafkaShareConsumer<String, String> b = new KafkaShareConsumer<>(props, new StringDeserializer(),
                 new StringDeserializer())) {
            a.subscribe(List.of("single"));
            b.subscribe(List.of("single"));
            // Two members, one partition: both are assigned it (records are shared out one by one).
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                a.poll(Duration.ofMillis(100));
                b.poll(Duration.ofMillis(100));
                ShareGroupDescription pair = admin.describeShareGroups(List.of("pair")).all().get().get("pair");
                assertThat(pair.members()).hasSize(2).allSatisfy(m -> assertThat(m.assignment().topicPartitions())
                    .containsExactly(new TopicPartition("single", 0)));
            });
        }
        ShareGroupDescription closed = admin.describeShareGroups(List.of("pair")).all().get().get("pair");
        assertThat(closed.groupState()).isEqualTo(GroupState.EMPTY);
        assertThat(closed.members()).isEmpty();
    }

    @Test
    void theBrokerReportsShareVersionTwoAsANewKafkaClusterDoes() throws Exception {
        FeatureMetadata features = admin.describeFeatures().featureMetadata().get();
        assertThat(features.finalizedFeatures().get("share.version").maxVersionLevel()).isEqualTo((short) 2);
        assertThat(features.supportedFeatures().get("share.version").minVersion()).isEqualTo((short) 0);
        assertThat(features.supportedFeatures().get("share.version").maxVersion()).isEqualTo((short) 2);
        assertThat(features.finalizedFeaturesEpoch()).isPresent();
    }
}
