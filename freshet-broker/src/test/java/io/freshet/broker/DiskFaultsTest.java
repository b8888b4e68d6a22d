package io.freshet.broker;

import io.freshet.storage.file.FaultyStorageIo;
import io.freshet.storage.file.FaultyStorageIo.Errno;
import io.freshet.storage.file.FaultyStorageIo.Op;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static io.freshet.broker.Requests.fetch;
import static io.freshet.broker.Requests.metadata;
import static io.freshet.broker.Requests.onlyPartition;
import static io.freshet.broker.Requests.produce;
import static io.freshet.broker.Requests.records;
import static io.freshet.broker.Requests.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Topic changes on a full or failing disk: CreateTopics, CreatePartitions, AlterConfigs and auto-creation answer
 * KAFKA_STORAGE_ERROR (retriable), leave the topics as they were, leave no half-created topic on disk, and the
 * broker goes on serving the other topics.
 */
@Timeout(60)
class DiskFaultsTest {

    private static final Predicate<Path> CATALOG_TMP = FaultyStorageIo.suffix("topics.json.tmp");
    private static final MetadataRequestData ALL_TOPICS = new MetadataRequestData().setTopics(null);

    @TempDir
    Path dataDir;
    final FaultyStorageIo io = new FaultyStorageIo();
    FreshetBroker broker;
    Admin admin;

    @BeforeEach
    void start() throws Exception {
        io.wrapOnly(path -> !path.getFileName().toString().endsWith(".log")); // segments go out with sendfile
        broker = FreshetBroker.start(config(), io);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + broker.boundPort(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
            AdminClientConfig.RETRIES_CONFIG, 0));
        admin.createTopics(List.of(new NewTopic("existing", 1, (short) 1))).all().get();
    }

    @AfterEach
    void stop() {
        io.disarmAll();
        admin.close();
        broker.close();
    }

    private BrokerConfig config() {
        return BrokerConfig.fromProperties(Map.of("port", "0", "log.dirs", dataDir.toString(), "num.partitions", "2"));
    }

    @Test
    void shouldAnswerCreateTopicsWithAStorageErrorWhenTheCatalogCannotBeWrittenAndKeepServing() throws Exception {
        io.inject(Op.WRITE, CATALOG_TMP, Errno.ENOSPC);

        assertThat(createTopicError("refused", 3)).isInstanceOf(KafkaStorageException.class)
            .hasMessageContaining("Disk full").hasMessageContaining("topic catalog");

        assertThat(admin.listTopics().names().get()).containsExactly("existing");
        assertThat(partitionDirs("refused")).isEmpty();
        assertThat(dataDir.resolve("topics.json.tmp")).doesNotExist();
        assertThatTheBrokerServes("existing");
        io.disarmAll();
        admin.createTopics(List.of(new NewTopic("refused", 3, (short) 1))).all().get();
        assertThatTheBrokerServes("refused");
    }

    @Test
    void shouldRemoveThePartitionsAlreadyCreatedWhenAnotherCannotBe() throws Exception {
        io.inject(Op.CREATE, path -> path.getParent().getFileName().toString().equals("half-2"), Errno.EIO);

        assertThat(createTopicError("half", 3)).isInstanceOf(KafkaStorageException.class);

        assertThat(admin.listTopics().names().get()).containsExactly("existing");
        assertThat(partitionDirs("half")).isEmpty();
        assertThatTheBrokerServes("existing");
    }

    @Test
    void shouldDropAHalfCreatedTopicAtTheNextStart() throws Exception {
        // The catalog write fails and so does the removal of the new partition: as a crash between the two steps.
        io.inject(Op.FORCE, CATALOG_TMP, Errno.EIO);
        io.inject(Op.RENAME, path -> path.getFileName().toString().equals("orphan-0"), Errno.EIO);
        assertThat(createTopicError("orphan", 1)).isInstanceOf(KafkaStorageException.class);
        assertThat(partitionDirs("orphan")).containsExactly("orphan-0");
        io.disarmAll();
        admin.close();
        broker.close();

        broker = FreshetBroker.start(config());
        try (WireClient client = new WireClient(broker.boundPort())) {
            assertThat(client.<MetadataResponseData>call(ALL_TOPICS, (short) 12).topics())
                .extracting(MetadataResponseData.MetadataResponseTopic::name).containsExactly("existing");
        }
        assertThat(partitionDirs("orphan")).isEmpty();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + broker.boundPort()));
    }

    @Test
    void shouldAnswerAutoCreationByMetadataAndProduceWithAStorageError() throws Exception {
        io.inject(Op.CREATE, CATALOG_TMP, Errno.ENOSPC);
        try (WireClient client = new WireClient(broker.boundPort())) {
            MetadataResponseData metadata = client.call(metadata(true, "auto-meta"), (short) 12);
            assertThat(metadata.topics().find("auto-meta").errorCode())
                .isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());

            ProduceResponseData produced = client.call(produce("auto-produce", 0, (short) 1, records(1, "x")),
                (short) 9);
            assertThat(onlyPartition(produced).errorCode()).isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());

            assertThat(client.<MetadataResponseData>call(ALL_TOPICS, (short) 12).topics())
                .extracting(MetadataResponseData.MetadataResponseTopic::name).containsExactly("existing");
            assertThat(partitionDirs("auto-meta")).isEmpty();
            assertThat(partitionDirs("auto-produce")).isEmpty();

            io.disarmAll();
            produced = client.call(produce("auto-produce", 0, (short) 1, records(1, "x")), (short) 9);
            assertThat(onlyPartition(produced).errorCode()).isEqualTo(Errors.NONE.code());
        }
    }

    @Test
    void shouldAnswerCreatePartitionsAndAlterConfigsWithAStorageErrorAndChangeNothing() throws Exception {
        io.inject(Op.FORCE, CATALOG_TMP, Errno.EIO);

        assertThatThrownBy(() -> admin.createPartitions(Map.of("existing", NewPartitions.increaseTo(3))).all().get())
            .isInstanceOf(ExecutionException.class).cause().isInstanceOf(KafkaStorageException.class);
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "existing");
        assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
            new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET)))).all().get())
            .isInstanceOf(ExecutionException.class).cause().isInstanceOf(KafkaStorageException.class);

        assertThat(admin.describeTopics(List.of("existing")).allTopicNames().get().get("existing").partitions())
            .hasSize(1);
        assertThat(partitionDirs("existing")).containsExactly("existing-0");
        assertThat(admin.describeConfigs(List.of(topic)).all().get().get(topic).get("retention.ms").value())
            .isEqualTo("604800000");
        assertThatTheBrokerServes("existing");
    }

    private Throwable createTopicError(String name, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private void assertThatTheBrokerServes(String topic) throws IOException {
        try (WireClient client = new WireClient(broker.boundPort())) {
            ProduceResponseData produced = client.call(produce(topic, 0, (short) -1, records(1, "still here")),
                (short) 9);
            assertThat(onlyPartition(produced).errorCode()).isEqualTo(Errors.NONE.code());
            long offset = onlyPartition(produced).baseOffset();
            FetchResponseData fetched = client.call(fetch(topic, 0, offset, 0, 0), (short) 12);
            assertThat(values(onlyPartition(fetched))).containsExactly("still here");
        }
    }

    /** The partition directories of a topic (not those renamed for deletion). */
    private List<String> partitionDirs(String topic) throws IOException {
        try (Stream<Path> dirs = Files.list(dataDir)) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> n.matches(topic + "-\\d+")).sorted().toList();
        }
    }
}
