package io.freshet.broker;

import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.freshet.broker.Requests.fetch;
import static io.freshet.broker.Requests.onlyPartition;
import static io.freshet.broker.Requests.produce;
import static io.freshet.broker.Requests.records;
import static io.freshet.broker.Requests.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What survives a clean restart: topics, ids, configs, records, the cluster id; and what a restart cleans up. */
@Timeout(60)
class RestartTest {

    @TempDir
    Path dataDir;

    private BrokerConfig config(String... extra) {
        Map<String, String> props = new java.util.HashMap<>(Map.of("port", "0", "log.dirs", dataDir.toString()));
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return BrokerConfig.fromProperties(props);
    }

    @Test
    void shouldKeepTopicsConfigsRecordsAndClusterIdAcrossARestart() throws IOException {
        String clusterId;
        MetadataResponseData.MetadataResponseTopic before;
        try (FreshetBroker broker = FreshetBroker.start(config()); WireClient client = new WireClient(broker.boundPort())) {
            clusterId = broker.clusterId();
            CreateTopicsRequestData create = new CreateTopicsRequestData().setTimeoutMs(5_000);
            CreateTopicsRequestData.CreatableTopic topic = new CreateTopicsRequestData.CreatableTopic()
                .setName("kept").setNumPartitions(2).setReplicationFactor((short) 1);
            topic.configs().add(new CreateTopicsRequestData.CreatableTopicConfig().setName("retention.ms")
                .setValue("123456"));
            create.topics().add(topic);
            CreateTopicsResponseData created = client.call(create, (short) 7);
            assertThat(created.topics().find("kept").errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(created.topics().find("kept").numPartitions()).isEqualTo(2);
            assertThat(created.topics().find("kept").configs()).anySatisfy(c -> {
                assertThat(c.name()).isEqualTo("retention.ms");
                assertThat(c.value()).isEqualTo("123456");
            });
            client.call(produce("kept", 1, (short) -1, records(1, "durable")), (short) 9);
            before = metadata(client).topics().find("kept");
        }
        try (FreshetBroker broker = FreshetBroker.start(config()); WireClient client = new WireClient(broker.boundPort())) {
            assertThat(broker.clusterId()).isEqualTo(clusterId);
            MetadataResponseData.MetadataResponseTopic after = metadata(client).topics().find("kept");
            assertThat(after.topicId()).isEqualTo(before.topicId());
            assertThat(after.partitions()).hasSize(2);
            FetchResponseData fetched = client.call(fetch("kept", 1, 0, 0, 0), (short) 12);
            assertThat(values(onlyPartition(fetched))).containsExactly("durable");
        }
    }

    @Test
    void shouldDropLogsOfTopicsMissingFromTheCatalogAtStartUp() throws IOException {
        Path catalog = dataDir.resolve("topics.json");
        try (FreshetBroker broker = FreshetBroker.start(config()); WireClient client = new WireClient(broker.boundPort())) {
            client.call(produce("survivor", 0, (short) 1, records(1, "y")), (short) 9);
        }
        byte[] catalogWithoutDoomed = Files.readAllBytes(catalog);
        try (FreshetBroker broker = FreshetBroker.start(config()); WireClient client = new WireClient(broker.boundPort())) {
            client.call(produce("doomed", 0, (short) 1, records(1, "old")), (short) 9);
        }
        // A crash in the middle of DeleteTopics: the catalog no longer lists the topic, its log is still on disk.
        Files.write(catalog, catalogWithoutDoomed);
        try (FreshetBroker broker = FreshetBroker.start(config()); WireClient client = new WireClient(broker.boundPort())) {
            assertThat(metadata(client).topics()).extracting(MetadataResponseData.MetadataResponseTopic::name)
                .containsExactly("survivor");
            // A topic re-created under the same name starts empty: the old records do not come back.
            client.call(Requests.metadata(true, "doomed"), (short) 12);
            FetchResponseData fetched = client.call(fetch("doomed", 0, 0, 0, 0), (short) 12);
            assertThat(onlyPartition(fetched).highWatermark()).isZero();
            assertThat(values(onlyPartition(fetched))).isEmpty();
        }
    }

    @Test
    void shouldAnswerParkedLongPollsPromptlyAtShutdown() throws Exception {
        FreshetBroker broker = FreshetBroker.start(config());
        try (WireClient client = new WireClient(broker.boundPort())) {
            client.call(Requests.metadata(true, "parked"), (short) 12);
            int id = client.send(fetch("parked", 0, 0, 30_000, 1), (short) 12);
            // Unread requests are not answered at shutdown: wait until the broker has read and parked this one.
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.waitingFetches() == 1);
            long start = System.nanoTime();
            broker.close();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
            var response = client.<FetchResponseData>receive(org.apache.kafka.common.protocol.ApiKeys.FETCH, (short) 12);
            assertThat(response.correlationId()).isEqualTo(id);
            assertThat(onlyPartition(response.body()).errorCode()).isEqualTo(Errors.NONE.code());
        } finally {
            broker.close();
        }
    }

    @Test
    void shouldFailToStartWithAClearMessageWhenThePortIsTaken() {
        try (FreshetBroker first = FreshetBroker.start(config())) {
            Map<String, String> props = Map.of("port", Integer.toString(first.boundPort()),
                "log.dirs", dataDir.resolve("other").toString());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> FreshetBroker.start(BrokerConfig.fromProperties(props)))
                .hasMessageContaining("Cannot start broker");
        }
    }

    @Test
    void shouldNotAutoCreateWhenDisabled() throws IOException {
        try (FreshetBroker broker = FreshetBroker.start(config("auto.create.topics.enable", "false"));
             WireClient client = new WireClient(broker.boundPort())) {
            var produced = client.<org.apache.kafka.common.message.ProduceResponseData>call(
                produce("absent", 0, (short) 1, records(1, "x")), (short) 9);
            assertThat(onlyPartition(produced).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            MetadataResponseData metadata = client.call(Requests.metadata(true, "absent"), (short) 12);
            assertThat(metadata.topics().find("absent").errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
    }

    private static MetadataResponseData metadata(WireClient client) throws IOException {
        return client.call(new MetadataRequestData().setTopics(null), (short) 12);
    }
}
