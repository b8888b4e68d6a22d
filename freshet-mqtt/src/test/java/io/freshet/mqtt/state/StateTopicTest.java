package io.freshet.mqtt.state;

import io.freshet.gateway.LogRecord;
import io.freshet.gateway.ReadResult;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** StateTopic on Freshet's storage: written through, read whole again after a restart, tombstones for deletes. */
@Timeout(60)
class StateTopicTest {

    private static final String TOPIC = "__mqtt_sessions";

    @TempDir
    Path dataDir;

    private BrokerOnDisk broker;

    @BeforeEach
    void start() {
        broker = new BrokerOnDisk(dataDir);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void shouldServeWritesAtOnceAndKeepThemAcrossARestart() throws Exception {
        StateTopic state = open();
        CompletableFuture<Void> first = state.put("session/c1", utf8("v1"));
        assertThat(state.get("session/c1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("v1")));
        CompletableFuture.allOf(first, state.put("session/c2", utf8("c2")), state.put("session/c3", utf8("c3")),
            state.put("session/c1", utf8("v2")), state.delete("session/c2")).get(10, TimeUnit.SECONDS);
        assertContents(state);

        broker.restart();

        assertContents(open());
    }

    private static void assertContents(StateTopic state) {
        assertThat(state.get("session/c1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("v2")));
        assertThat(state.get("session/c2")).isEmpty();
        assertThat(state.get("session/c3")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("c3")));
        assertThat(state.withPrefix("session/").keySet()).containsExactlyInAnyOrder("session/c1", "session/c3");
    }

    @Test
    void shouldAppendATombstoneForADelete() throws Exception {
        StateTopic state = open();
        state.put("qos2/c1/7", utf8("x")).get(10, TimeUnit.SECONDS);
        state.delete("qos2/c1/7").get(10, TimeUnit.SECONDS);

        ReadResult read = broker.log().read(new TopicPartition(TOPIC, 0), 0, 1 << 20).get(10, TimeUnit.SECONDS);
        assertThat(read.records()).extracting(r -> new String(r.key(), StandardCharsets.UTF_8), LogRecord::value)
            .containsExactly(tuple("qos2/c1/7", utf8("x")), tuple("qos2/c1/7", null));
        assertThat(state.get("qos2/c1/7")).isEmpty();
    }

    @Test
    void shouldReturnExactlyTheKeysWithAPrefix() throws Exception {
        StateTopic state = open();
        CompletableFuture.allOf(Arrays.stream(new String[] {"qos2/c1/1", "qos2/c1/65535", "qos2/c10/1", "qos2/c2/1",
            "qos2/c1", "delivery/c1"}).map(key -> state.put(key, utf8(key))).toArray(CompletableFuture[]::new))
            .get(10, TimeUnit.SECONDS);

        Map<String, byte[]> c1 = state.withPrefix("qos2/c1/");

        assertThat(c1.keySet()).containsExactlyInAnyOrder("qos2/c1/1", "qos2/c1/65535");
        assertThat(c1.get("qos2/c1/65535")).isEqualTo(utf8("qos2/c1/65535"));
        assertThat(state.withPrefix("qos2/")).hasSize(5);
        assertThat(state.withPrefix("nothing/")).isEmpty();
    }

    @Test
    void shouldReadBackStateLargerThanOneReadAfterARestart() throws Exception {
        StateTopic state = open();
        byte[] value = new byte[1024];
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        int keys = 3 * CompactedTopic.READ_BYTES / value.length; // three reads at least
        IntStream.range(0, keys).forEach(i -> puts.add(state.put("session/" + i, value)));
        IntStream.range(0, keys).filter(i -> i % 3 == 0).forEach(i -> puts.add(state.delete("session/" + i)));
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        broker.restart();

        StateTopic reopened = open();
        assertThat(reopened.withPrefix("session/")).hasSize(keys - (keys + 2) / 3);
        assertThat(reopened.get("session/1")).isPresent();
        assertThat(reopened.get("session/3")).isEmpty();
    }

    @Test
    void shouldCreateTheTopicCompactedWithOnePartition() throws Exception {
        open();
        assertThat(broker.log().partitionCount(TOPIC)).hasValue(1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + broker.port()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
            String policy = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource)
                .get("cleanup.policy").value();
            assertThat(policy).isEqualTo("compact");
        }
    }

    @Test
    void shouldRefuseATopicWithMoreThanOnePartition() throws Exception {
        broker.log().createTopic(TOPIC, 3, Map.of()).get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> open()).hasRootCauseInstanceOf(IllegalStateException.class)
            .hasMessageContaining("__mqtt_sessions must have 1 partition, it has 3");
    }

    @Test
    void aSecondWriterReadsTheFirstsWritesAndIsToldOfThemButNotOfItsOwn() throws Exception {
        StateTopic a = open();
        StateTopic b = open();
        List<String> toldB = new CopyOnWriteArrayList<>();
        b.onOtherWriter((key, value) -> toldB.add(key + "=" + (value == null ? "deleted" : text(value))));

        a.put("session/c1", utf8("on-a")).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.get("session/c1").map(StateTopicTest::text),
            v -> v.equals(Optional.of("on-a")));
        b.put("session/c2", utf8("on-b")).get(10, TimeUnit.SECONDS);
        a.delete("session/c1").get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.get("session/c1").isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.get("session/c2").map(StateTopicTest::text),
            v -> v.equals(Optional.of("on-b")));

        assertThat(toldB).containsExactly("session/c1=on-a", "session/c1=deleted");
        assertThat(a.writerId()).isNotEqualTo(b.writerId());
        assertThat(a.writerOf("session/c2")).contains(b.writerId());
        assertThat(b.writerOf("session/c2")).contains(b.writerId());
        a.close();
        b.close();
    }

    @Test
    void twoWritersOfOneKeyEndWithTheLogsLastValue() throws Exception {
        StateTopic a = open();
        StateTopic b = open();
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        for (int i = 0; i < 200; i++) { // interleaved: each writer's memory is ahead of the log for its own puts
            puts.add(a.put("delivery/c1", utf8("a" + i)));
            puts.add(b.put("delivery/c1", utf8("b" + i)));
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        List<LogRecord> records = new ArrayList<>();
        long offset = 0;
        while (offset < broker.log().endOffset(partition)) {
            ReadResult read = broker.log().read(partition, offset, 1 << 20).get(10, TimeUnit.SECONDS);
            records.addAll(read.records());
            offset = read.nextOffset();
        }
        String last = text(records.get(records.size() - 1).value());

        await().atMost(Duration.ofSeconds(10)).until(() -> a.get("delivery/c1").map(StateTopicTest::text),
            v -> v.equals(Optional.of(last)));
        await().atMost(Duration.ofSeconds(10)).until(() -> b.get("delivery/c1").map(StateTopicTest::text),
            v -> v.equals(Optional.of(last)));
        a.close();
        b.close();
    }

    private static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    private StateTopic open() throws Exception {
        return StateTopic.open(broker.log(), TOPIC).get(30, TimeUnit.SECONDS);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
