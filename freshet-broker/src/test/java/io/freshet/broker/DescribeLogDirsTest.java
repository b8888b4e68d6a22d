package io.freshet.broker;

import io.freshet.storage.file.FaultyStorageIo;
import io.freshet.storage.file.FaultyStorageIo.Errno;
import io.freshet.storage.file.FaultyStorageIo.Op;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.freshet.broker.Requests.onlyPartition;
import static io.freshet.broker.Requests.produce;
import static io.freshet.broker.Requests.records;
import static org.assertj.core.api.Assertions.assertThat;

/** DescribeLogDirs through the Java Admin client: the data directory, partition sizes, free space, failures. */
@Timeout(60)
class DescribeLogDirsTest {

    private static final long USABLE = 5L * 1024 * 1024 * 1024;

    @TempDir
    Path dataDir;
    final FaultyStorageIo io = new FaultyStorageIo();
    FreshetBroker broker;
    Admin admin;

    @BeforeEach
    void start() throws Exception {
        io.setUsableSpace(() -> USABLE);
        io.wrapOnly(path -> !path.getFileName().toString().endsWith(".log") || path.toString().contains("failing-"));
        broker = FreshetBroker.start(BrokerConfig.fromProperties(Map.of("port", "0", "log.dirs", dataDir.toString(),
            "num.partitions", "2")), io);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + broker.boundPort(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    @AfterEach
    void stop() {
        if (admin != null) {
            admin.close();
        }
        broker.close();
    }

    @Test
    void shouldDescribeTheDataDirectoryWithPartitionSizesAndFreeSpace() throws Exception {
        admin.createTopics(List.of(new NewTopic("sized", 2, (short) 1))).all().get();
        try (WireClient client = new WireClient(broker.boundPort())) {
            client.call(produce("sized", 1, (short) -1, records(1, "a", "b", "c")), (short) 9);
        }
        long size = Files.size(dataDir.resolve("sized-1").resolve("00000000000000000000.log"));

        Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(1)).allDescriptions().get().get(1);

        assertThat(dirs).containsOnlyKeys(dataDir.toAbsolutePath().toString());
        LogDirDescription dir = dirs.values().iterator().next();
        assertThat(dir.error()).isNull();
        assertThat(dir.replicaInfos().get(new TopicPartition("sized", 1)).size()).isEqualTo(size).isPositive();
        assertThat(dir.replicaInfos().get(new TopicPartition("sized", 0)).size()).isZero();
        assertThat(dir.totalBytes().orElseThrow()).isPositive();
        assertThat(dir.usableBytes().orElseThrow()).isBetween(USABLE - size, USABLE); // less what was appended since
    }

    @Test
    void shouldAnswerAStorageErrorForTheDirectoryOnceAPartitionsStorageFailed() throws Exception {
        admin.createTopics(List.of(new NewTopic("failing", 1, (short) 1))).all().get();
        io.inject(Op.FORCE, FaultyStorageIo.suffix(".log"), Errno.EIO);
        try (WireClient client = new WireClient(broker.boundPort())) {
            ProduceResponseData produced = client.call(produce("failing", 0, (short) -1, records(1, "x")), (short) 9);
            assertThat(onlyPartition(produced).errorCode()).isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());
        }

        LogDirDescription dir = admin.describeLogDirs(List.of(1)).allDescriptions().get().get(1).values().iterator()
            .next();

        assertThat(dir.error()).isInstanceOf(KafkaStorageException.class);
        assertThat(dir.replicaInfos()).containsKey(new TopicPartition("failing", 0));
    }

    @Test
    void shouldAnswerEveryVersionAndOnlyTheRequestedPartitions() throws Exception {
        admin.createTopics(List.of(new NewTopic("picked", 2, (short) 1))).all().get();
        DescribeLogDirsRequestData request = new DescribeLogDirsRequestData();
        request.topics().add(new DescribeLogDirsRequestData.DescribableLogDirTopic().setTopic("picked")
            .setPartitions(List.of(1)));
        try (WireClient client = new WireClient(broker.boundPort())) {
            for (short v = 1; v <= 4; v++) {
                DescribeLogDirsResponseData response = client.call(request, v);
                assertThat(response.results()).as("v%d", v).hasSize(1);
                DescribeLogDirsResponseData.DescribeLogDirsResult dir = response.results().get(0);
                assertThat(dir.errorCode()).isEqualTo(Errors.NONE.code());
                assertThat(dir.topics()).singleElement().satisfies(t -> {
                    assertThat(t.name()).isEqualTo("picked");
                    assertThat(t.partitions()).extracting(p -> p.partitionIndex()).containsExactly(1);
                });
                assertThat(dir.usableBytes()).isEqualTo(v >= 4 ? USABLE : -1);
            }
        }
    }
}
