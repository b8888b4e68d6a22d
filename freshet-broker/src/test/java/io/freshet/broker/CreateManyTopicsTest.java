package io.freshet.broker;

import io.freshet.storage.file.FaultyStorageIo;
import io.freshet.storage.file.FaultyStorageIo.Errno;
import io.freshet.storage.file.FaultyStorageIo.Op;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The topics of one CreateTopics request share their catalog write (the commit point): all of them are created and
 * survive a restart, a failed write fails every one of them and leaves no partition behind, and a name queued twice
 * is created once.
 */
class CreateManyTopicsTest {

    private static final int TOPICS = 40;

    @TempDir
    Path dataDir;
    final FaultyStorageIo io = new FaultyStorageIo();
    FreshetBroker broker;
    Admin admin;

    private void start(FaultyStorageIo storage) {
        BrokerConfig config = BrokerConfig.fromProperties(Map.of("port", "0", "log.dirs", dataDir.toString()));
        broker = storage == null ? FreshetBroker.start(config) : FreshetBroker.start(config, storage);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + broker.boundPort(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 40_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000,
            AdminClientConfig.RETRIES_CONFIG, 0));
    }

    @AfterEach
    void stop() {
        io.disarmAll();
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldWriteTheCatalogOnceForManyTopicsOfOneRequestAndKeepThemAllAfterARestart() throws Exception {
        io.wrapOnly(path -> !path.getFileName().toString().endsWith(".log"));
        start(io);
        io.startTrace();

        admin.createTopics(topics("t-")).all().get();

        long catalogWrites = io.trace().stream()
            .filter(op -> op.startsWith("RENAME") && op.contains("topics.json")).count();
        assertThat(catalogWrites).as("catalog writes for %d topics", TOPICS).isBetween(1L, 5L);
        admin.close();
        broker.close();
        start(null);
        assertThat(admin.listTopics().names().get()).hasSize(TOPICS).allMatch(name -> name.startsWith("t-"));
    }

    @Test
    void shouldFailEveryTopicOfTheRequestAndRemoveTheirPartitionsWhenTheCatalogCannotBeWritten() throws Exception {
        io.wrapOnly(path -> !path.getFileName().toString().endsWith(".log"));
        start(io);
        io.inject(Op.FORCE, FaultyStorageIo.suffix("topics.json.tmp"), Errno.EIO);

        CreateTopicsResult result = admin.createTopics(topics("f-"));
        for (var future : result.values().values()) {
            assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(KafkaStorageException.class);
        }

        io.disarmAll();
        assertThat(admin.listTopics().names().get()).isEmpty();
        try (Stream<Path> dirs = Files.list(dataDir)) {
            // renamed to *.delete (the commit point of a deletion), then removed in the background
            assertThat(dirs.map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith("f-") && !n.endsWith(".delete")))
                .as("partition directories left").isEmpty();
        }
    }

    @Test
    void shouldCreateANameOnceWhenTwoRequestsQueueItTogether() throws Exception {
        start(null);
        CreateTopicsResult first = admin.createTopics(List.of(new NewTopic("twice", 3, (short) 1)));
        CreateTopicsResult second = admin.createTopics(List.of(new NewTopic("twice", 3, (short) 1)));

        int created = 0;
        int exists = 0;
        for (CreateTopicsResult r : List.of(first, second)) {
            try {
                r.all().get();
                created++;
            } catch (ExecutionException e) {
                assertThat(e).hasCauseInstanceOf(TopicExistsException.class);
                exists++;
            }
        }
        assertThat(created).isEqualTo(1);
        assertThat(exists).isEqualTo(1);
        assertThat(admin.describeTopics(List.of("twice")).allTopicNames().get().get("twice").partitions()).hasSize(3);
    }

    @Test
    void shouldRefuseANameCollidingWithAnExistingOrAQueuedTopicAndFreeItWhenThatTopicIsDeleted() throws Exception {
        start(null);
        admin.createTopics(List.of(new NewTopic("orders.v1", 1, (short) 1))).all().get();

        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("orders_v1", 1, (short) 1))).all().get())
            .hasCauseInstanceOf(InvalidTopicException.class)
            .hasMessageContaining("collides with existing topic: orders.v1");
        CreateTopicsResult sameRequest = admin.createTopics(List.of(new NewTopic("a.b", 1, (short) 1),
            new NewTopic("a_b", 1, (short) 1)));
        assertThat(sameRequest.values().get("a.b").get()).isNull();
        assertThatThrownBy(() -> sameRequest.values().get("a_b").get()).hasCauseInstanceOf(InvalidTopicException.class);

        admin.deleteTopics(List.of("orders.v1")).all().get();
        admin.createTopics(List.of(new NewTopic("orders_v1", 1, (short) 1))).all().get();
        assertThat(admin.listTopics().names().get()).contains("orders_v1", "a.b").doesNotContain("orders.v1", "a_b");
    }

    private static List<NewTopic> topics(String prefix) {
        List<NewTopic> topics = new ArrayList<>();
        for (int i = 0; i < TOPICS; i++) {
            topics.add(new NewTopic(prefix + i, 2, (short) 1));
        }
        return topics;
    }
}
