package io.freshet.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import static io.freshet.broker.Requests.produce;
import static io.freshet.broker.Requests.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Topic administration through kafka-clients' Admin (and raw requests where Admin 4.x has no call). */
@Timeout(60)
class AdminApisTest {

    @TempDir
    static Path dataDir;
    static FreshetBroker broker;
    static Admin admin;

    @BeforeAll
    static void start() {
        broker = FreshetBroker.start(BrokerConfig.fromProperties(Map.of(
            "port", "0", "log.dirs", dataDir.toString(), "num.partitions", "3", "log.retention.ms", "86400000")));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + broker.boundPort(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    private static Throwable cause(Runnable action) {
        try {
            action.run();
            return null;
        } catch (RuntimeException e) {
            return e.getCause() instanceof ExecutionException ee ? ee.getCause() : e.getCause();
        }
    }

    private static void createTopic(NewTopic topic) {
        try {
            admin.createTopics(List.of(topic)).all().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void shouldCreateTopicsWithDefaultsAndRejectWhatOneBrokerCannotDo() throws Exception {
        admin.createTopics(List.of(new NewTopic("created", Optional.empty(), Optional.empty()))).all().get();
        assertThat(admin.describeTopics(List.of("created")).allTopicNames().get().get("created").partitions())
            .hasSize(3);

        assertThat(cause(() -> createTopic(new NewTopic("rf3", 1, (short) 3))))
            .isInstanceOf(InvalidReplicationFactorException.class);
        assertThat(cause(() -> createTopic(new NewTopic("badconf", 1, (short) 1)
            .configs(Map.of("retention.ms", "forever"))))).isInstanceOf(InvalidConfigurationException.class);
        assertThat(cause(() -> createTopic(new NewTopic("created", 1, (short) 1))))
            .isInstanceOf(TopicExistsException.class);
        assertThat(cause(() -> createTopic(new NewTopic("bad name", 1, (short) 1))))
            .isInstanceOf(InvalidTopicException.class);
        assertThat(cause(() -> createTopic(new NewTopic("assigned", Map.of(0, List.of(1), 1, List.of(2))))))
            .isInstanceOf(org.apache.kafka.common.errors.InvalidReplicaAssignmentException.class);

        admin.createTopics(List.of(new NewTopic("validated", 2, (short) 1)),
            new CreateTopicsOptions().validateOnly(true)).all().get();
        assertThat(admin.listTopics().names().get()).contains("created").doesNotContain("validated", "rf3");
    }

    @Test
    void shouldDescribeEveryTopicConfigWithItsSource() throws Exception {
        admin.createTopics(List.of(new NewTopic("described", 1, (short) 1)
            .configs(Map.of("cleanup.policy", "delete", "segment.bytes", "1048576")))).all().get();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "described");
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(config.get("segment.bytes").value()).isEqualTo("1048576");
        assertThat(config.get("segment.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(config.get("retention.ms").value()).isEqualTo("86400000");
        assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(config.get("max.message.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(config.entries()).hasSizeGreaterThan(10);

        ConfigResource brokerResource = new ConfigResource(ConfigResource.Type.BROKER, "1");
        Config brokerConfig = admin.describeConfigs(List.of(brokerResource)).all().get().get(brokerResource);
        assertThat(brokerConfig.get("num.partitions").value()).isEqualTo("3");
    }

    @Test
    void shouldReportTheBoundListenerAndWhatTheProcessReportsAsReadOnlyBrokerConfigs() throws Exception {
        broker.reportedConfigs().report(ReportedConfigs.VERSION, "9.9.9-test");
        ConfigResource brokerResource = new ConfigResource(ConfigResource.Type.BROKER, "1");

        Config config = admin.describeConfigs(List.of(brokerResource)).all().get().get(brokerResource);

        assertThat(config.get("listeners").value()).as("port 0 as bound")
            .isEqualTo("PLAINTEXT://127.0.0.1:" + broker.boundPort());
        assertThat(config.get(ReportedConfigs.VERSION).value()).isEqualTo("9.9.9-test");
        assertThat(config.get(ReportedConfigs.VERSION).isReadOnly()).isTrue();
        assertThat(config.entries()).filteredOn(e -> e.name().equals("listeners")).hasSize(1);
    }

    @Test
    void shouldAlterConfigsIncrementallyAndPersistThem() throws Exception {
        admin.createTopics(List.of(new NewTopic("altered", 1, (short) 1))).all().get();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "altered");
        admin.incrementalAlterConfigs(Map.of(resource, List.of(
            new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET),
            new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.APPEND)))).all().get();
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(config.get("retention.ms").value()).isEqualTo("1000");

        admin.incrementalAlterConfigs(Map.of(resource, List.of(
            new AlterConfigOp(new ConfigEntry("retention.ms", ""), AlterConfigOp.OpType.DELETE)))).all().get();
        config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(config.get("retention.ms").value()).isEqualTo("86400000");

        assertThat(cause(() -> {
            try {
                admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry("retention.ms", "5"), AlterConfigOp.OpType.APPEND)))).all().get();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        })).isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void shouldReplaceAllOverridesWithLegacyAlterConfigs() throws Exception {
        admin.createTopics(List.of(new NewTopic("legacy", 1, (short) 1)
            .configs(Map.of("segment.bytes", "1048576")))).all().get();
        try (WireClient client = new WireClient(broker.boundPort())) {
            AlterConfigsRequestData request = new AlterConfigsRequestData();
            AlterConfigsRequestData.AlterConfigsResource resource = new AlterConfigsRequestData.AlterConfigsResource()
                .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName("legacy");
            resource.configs().add(new AlterConfigsRequestData.AlterableConfig().setName("retention.ms")
                .setValue("2000"));
            request.resources().add(resource);
            AlterConfigsResponseData response = client.call(request, (short) 2);
            assertThat(response.responses().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "legacy");
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(config.get("retention.ms").value()).isEqualTo("2000");
        assertThat(config.get("segment.bytes").source()).isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
    }

    @Test
    void shouldOnlyEverIncreasePartitions() throws Exception {
        admin.createTopics(List.of(new NewTopic("grown", 2, (short) 1))).all().get();
        admin.createPartitions(Map.of("grown", NewPartitions.increaseTo(5))).all().get();
        assertThat(admin.describeTopics(List.of("grown")).allTopicNames().get().get("grown").partitions()).hasSize(5);
        assertThat(cause(() -> {
            try {
                admin.createPartitions(Map.of("grown", NewPartitions.increaseTo(4))).all().get();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        })).isInstanceOf(InvalidPartitionsException.class);
        assertThat(cause(() -> {
            try {
                admin.createPartitions(Map.of("grown", NewPartitions.increaseTo(1 << 30))).all().get();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        })).as("2^30 partitions in one request: refused whole, as Kafka's controller does")
            .isInstanceOf(org.apache.kafka.common.errors.PolicyViolationException.class)
            .hasMessageContaining("Excessively large number of partitions per request");
        try (WireClient client = new WireClient(broker.boundPort())) {
            var response = client.<org.apache.kafka.common.message.ProduceResponseData>call(
                produce("grown", 4, (short) 1, records(1, "new-partition")), (short) 9);
            assertThat(Requests.onlyPartition(response).errorCode()).isEqualTo(Errors.NONE.code());
        }
    }

    @Test
    void shouldDeleteRecordsAndTopics() throws Exception {
        admin.createTopics(List.of(new NewTopic("purged", 1, (short) 1))).all().get();
        try (WireClient client = new WireClient(broker.boundPort())) {
            client.call(produce("purged", 0, (short) 1, records(1, "a", "b", "c", "d")), (short) 9);
        }
        TopicPartition tp = new TopicPartition("purged", 0);
        assertThat(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(2))).lowWatermarks().get(tp).get()
            .lowWatermark()).isEqualTo(2);
        assertThat(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(3))).lowWatermarks().get(tp).get()
            .lowWatermark()).isEqualTo(3);

        admin.deleteTopics(List.of("purged")).all().get();
        assertThat(admin.listTopics().names().get()).doesNotContain("purged");
        assertThat(cause(() -> {
            try {
                admin.deleteTopics(List.of("purged")).all().get();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        })).isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void shouldRejectABatchLargerThanTheTopicsMaxMessageBytesAndAppendNothing() throws Exception {
        admin.createTopics(List.of(new NewTopic("small", 1, (short) 1)
            .configs(Map.of("max.message.bytes", "1024")))).all().get();
        try (WireClient client = new WireClient(broker.boundPort())) {
            var tooBig = client.<org.apache.kafka.common.message.ProduceResponseData>call(
                produce("small", 0, (short) -1, records(1, "x".repeat(4096))), (short) 9);
            assertThat(Requests.onlyPartition(tooBig).errorCode()).isEqualTo(Errors.MESSAGE_TOO_LARGE.code());
            var fits = client.<org.apache.kafka.common.message.ProduceResponseData>call(
                produce("small", 0, (short) -1, records(1, "fits")), (short) 9);
            assertThat(Requests.onlyPartition(fits).baseOffset()).isZero();
        }
    }

    @Test
    void shouldHandOutProducerIdsAndBumpEpochsButRefuseTransactions() throws Exception {
        try (WireClient client = new WireClient(broker.boundPort())) {
            InitProducerIdResponseData first = client.call(new InitProducerIdRequestData()
                .setTransactionalId(null).setTransactionTimeoutMs(60_000), (short) 4);
            InitProducerIdResponseData second = client.call(new InitProducerIdRequestData()
                .setTransactionalId(null).setTransactionTimeoutMs(60_000), (short) 4);
            assertThat(first.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(first.producerEpoch()).isZero();
            assertThat(second.producerId()).isNotEqualTo(first.producerId());

            InitProducerIdResponseData bumped = client.call(new InitProducerIdRequestData()
                .setTransactionalId(null).setTransactionTimeoutMs(60_000)
                .setProducerId(first.producerId()).setProducerEpoch((short) 0), (short) 4);
            assertThat(bumped.producerId()).isEqualTo(first.producerId());
            assertThat(bumped.producerEpoch()).isEqualTo((short) 1);

            InitProducerIdResponseData transactional = client.call(new InitProducerIdRequestData()
                .setTransactionalId("tx-1").setTransactionTimeoutMs(60_000), (short) 4);
            assertThat(transactional.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(transactional.producerEpoch()).isZero();
            InitProducerIdResponseData tooLong = client.call(new InitProducerIdRequestData()
                .setTransactionalId("tx-2").setTransactionTimeoutMs(900_001), (short) 4);
            assertThat(tooLong.errorCode()).isEqualTo(Errors.INVALID_TRANSACTION_TIMEOUT.code());
        }
    }
}
