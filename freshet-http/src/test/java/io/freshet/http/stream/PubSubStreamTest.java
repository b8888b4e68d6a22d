package io.freshet.http.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.http.HttpFixture;
import io.freshet.http.stream.RawSubscriber.Message;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.freshet.http.stream.StreamTestSupport.json;
import static io.freshet.http.stream.StreamTestSupport.producer;
import static io.freshet.http.stream.StreamTestSupport.record;
import static io.freshet.http.stream.StreamTestSupport.send;
import static io.freshet.http.stream.StreamTestSupport.streamPath;
import static io.freshet.http.stream.StreamTestSupport.streamUri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pub/sub over HTTP: memory topics ({@code freshet.storage=memory}) streamed to SSE and WebSocket subscribers on the
 * real broker. Subscribers connected before get every record, late ones none of the earlier ones, one that fell off
 * the ring is told its gap with the exact count and goes on, {@code earliest} is what the ring holds, and a restart
 * empties the topic without sending offsets backwards.
 */
@Timeout(120)
class PubSubStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** A small ring (segments of 8 KiB) so that a few hundred records turn it over. */
    private static final int RING_BYTES = 64 * 1024;

    @TempDir
    Path dataDir;
    private HttpFixture http;

    /** A record or a gap as any of the subscribers saw it. */
    private interface Feed {
        Message next(Duration timeout) throws Exception;
    }

    @BeforeAll
    static void fastPolls() {
        org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
        org.awaitility.Awaitility.setDefaultPollDelay(Duration.ZERO);
    }

    @BeforeEach
    void start() {
        http = HttpFixture.start(dataDir);
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void subscribersConnectedBeforeGetEveryRecordAndLateOnesOnlyLaterOnes() throws Exception {
        memoryTopic("news", 2, RING_BYTES);
        try (KafkaProducer<byte[], byte[]> producer = producer(http);
             SseClient sseBefore = SseClient.open(http.client(), streamUri(http, "news", null), null);
             WsClient wsBefore = WsClient.open(http.client(), streamUri(http, "news", null))) {
            assertThat(sseBefore.response().headers().firstValue("cache-control")).hasValue("no-cache");
            assertThat(sseBefore.response().headers().firstValue("x-accel-buffering")).hasValue("no");
            await().atMost(WAIT).until(() -> "0:0,1:0".equals(sseBefore.lastEventId()));
            for (int i = 0; i < 10; i++) {
                send(producer, record("news", i % 2, null, "v" + i));
            }
            try (SseClient sseAfter = SseClient.open(http.client(), streamUri(http, "news", null), null);
                 WsClient wsAfter = WsClient.open(http.client(), streamUri(http, "news", null))) {
                await().atMost(WAIT).until(() -> "0:5,1:5".equals(sseAfter.lastEventId()));
                for (int i = 10; i < 20; i++) {
                    send(producer, record("news", i % 2, null, "v" + i));
                }

                for (Feed before : List.of(feed(sseBefore), feed(wsBefore))) {
                    assertThat(valuesByPartition(before, 20)).containsExactly(
                        List.of("v0", "v2", "v4", "v6", "v8", "v10", "v12", "v14", "v16", "v18"),
                        List.of("v1", "v3", "v5", "v7", "v9", "v11", "v13", "v15", "v17", "v19"));
                }
                for (Feed after : List.of(feed(sseAfter), feed(wsAfter))) {
                    assertThat(valuesByPartition(after, 10)).containsExactly(
                        List.of("v10", "v12", "v14", "v16", "v18"), List.of("v11", "v13", "v15", "v17", "v19"));
                }
                assertThat(sseAfter.poll(Duration.ofMillis(200))).isNull();
                assertThat(wsAfter.poll(Duration.ofMillis(200))).isNull();
            }
        }
    }

    @Test
    void subscribersThatStopReadingAreToldExactlyWhatTheyMissedAndGoOn() throws Exception {
        int records = 5_000; // 20 MB of 4 KiB values through a 64 KiB ring: far more than the sockets hold
        memoryTopic("firehose", 1, RING_BYTES);
        String path = streamPath(http, "firehose", null);
        try (RawSubscriber sse = RawSubscriber.sse(http.port(), path);
             RawSubscriber ws = RawSubscriber.webSocket(http.port(), path);
             KafkaProducer<byte[], byte[]> producer = producer(http)) {
            RecordsStreamApi streams = http.server().api(RecordsStreamApi.class).orElseThrow();
            await().atMost(WAIT).until(() -> streams.openStreams() == 2);
            byte[] value = new byte[4096];
            Arrays.fill(value, (byte) 'x');
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>("firehose", 0, null, value));
            }
            producer.flush();
            send(producer, record("firehose", 0, null, "after"));

            for (RawSubscriber subscriber : List.of(sse, ws)) {
                // every offset is either received or counted in a gap, in order, nothing twice, up to the end
                long expected = 0;
                int received = 0;
                int gaps = 0;
                JsonNode last;
                do {
                    Message message = subscriber.next(WAIT);
                    last = json(message.json());
                    if (message.gap()) {
                        assertThat(last.path("partition_id").asInt()).isZero();
                        assertThat(last.path("missed").asLong()).isPositive();
                        expected += last.path("missed").asLong();
                        gaps++;
                    } else {
                        assertThat(last.path("offset").asLong()).isEqualTo(expected);
                        expected++;
                        received++;
                    }
                } while (expected < records + 1);
                assertThat(last.path("value").asText()).isEqualTo("after");
                assertThat(gaps).isPositive();
                assertThat(received).isLessThan(records);
            }

            send(producer, record("firehose", 0, null, "later"));
            for (RawSubscriber subscriber : List.of(sse, ws)) {
                JsonNode later = json(subscriber.next(WAIT).json());
                assertThat(later.path("offset").asLong()).isEqualTo(records + 1);
                assertThat(later.path("value").asText()).isEqualTo("later");
            }
        }
    }

    @Test
    void aResumeBelowTheRingIsToldItsGapAndEarliestIsWhatTheRingHolds() throws Exception {
        memoryTopic("ticks", 1, RING_BYTES);
        TopicPartition tp = new TopicPartition("ticks", 0);
        byte[] value = new byte[1024];
        Arrays.fill(value, (byte) 'x');
        try (KafkaProducer<byte[], byte[]> producer = producer(http)) {
            for (int i = 0; i < 300; i++) {
                producer.send(new ProducerRecord<>("ticks", 0, null, value));
            }
            producer.flush();
            long start = http.log().startOffset(tp);
            assertThat(start).isGreaterThan(2); // the ring turned over

            try (SseClient resumed = SseClient.open(http.client(), streamUri(http, "ticks", null), "0:2");
                 WsClient wsResumed = WsClient.open(http.client(), streamUri(http, "ticks", "from=0:2"));
                 SseClient earliest = SseClient.open(http.client(), streamUri(http, "ticks", "from=earliest"), null);
                 WsClient wsEarliest = WsClient.open(http.client(), streamUri(http, "ticks", "from=earliest"))) {
                SseClient.Event gap = resumed.next(WAIT);
                assertThat(gap.type()).isEqualTo("gap");
                assertThat(gap.id()).isEqualTo("0:" + start);
                assertThat(json(gap.data()).path("missed").asLong()).isEqualTo(start - 2);
                JsonNode wsGap = json(wsResumed.next(WAIT)).path("gap");
                assertThat(wsGap.path("missed").asLong()).isEqualTo(start - 2);
                send(producer, record("ticks", 0, null, "live"));

                // after the gap, or from earliest: the ring's records from its start, then the live one
                for (Feed feed : List.of(feed(resumed), feed(wsResumed), feed(earliest), feed(wsEarliest))) {
                    for (long offset = start; offset <= 300; offset++) {
                        Message message = feed.next(WAIT);
                        assertThat(message.gap()).isFalse();
                        assertThat(json(message.json()).path("offset").asLong()).isEqualTo(offset);
                    }
                }
            }
        }
    }

    @Test
    void aMemoryTopicCreatedOverRestStartsEmptyAfterARestartAndOffsetsGoOnUp() throws Exception {
        HttpResponse<String> created = http.send("POST", "/v3/clusters/" + http.clusterId() + "/topics",
            "application/json", "{\"topic_name\":\"pulse\",\"partitions_count\":1,\"configs\":["
                + "{\"name\":\"freshet.storage\",\"value\":\"memory\"},{\"name\":\"retention.bytes\",\"value\":\"65536\"}]}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(configs("pulse").get("freshet.storage").value()).isEqualTo("memory");
        HttpResponse<String> refused = http.send("POST", "/v3/clusters/" + http.clusterId() + "/topics",
            "application/json", "{\"topic_name\":\"tape\",\"configs\":[{\"name\":\"freshet.storage\",\"value\":\"tape\"}]}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused.body()).path("error_code").asInt()).isEqualTo(40002);

        String seenThree;
        try (KafkaProducer<byte[], byte[]> producer = producer(http);
             SseClient sse = SseClient.open(http.client(), streamUri(http, "pulse", "from=earliest"), null)) {
            for (int i = 0; i < 5; i++) {
                send(producer, record("pulse", 0, null, "before" + i));
            }
            seenThree = sse.next(3, WAIT).get(2).id();
        }
        assertThat(seenThree).isEqualTo("0:3");

        http.restart();

        TopicPartition tp = new TopicPartition("pulse", 0);
        assertThat(http.get("/v3/clusters/" + http.clusterId() + "/topics/pulse").statusCode()).isEqualTo(200);
        assertThat(configs("pulse").get("freshet.storage").value()).isEqualTo("memory");
        assertThat(http.log().startOffset(tp)).isEqualTo(5); // empty, starting where it ended
        assertThat(http.log().endOffset(tp)).isEqualTo(5);
        try (Stream<Path> files = Files.list(dataDir.resolve("pulse-0"))) { // nothing of the records on disk
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly("offset-ceiling");
        }
        try (KafkaProducer<byte[], byte[]> producer = producer(http);
             SseClient earliest = SseClient.open(http.client(), streamUri(http, "pulse", "from=earliest"), null);
             SseClient caughtUp = SseClient.open(http.client(), streamUri(http, "pulse", null), "0:5");
             SseClient behind = SseClient.open(http.client(), streamUri(http, "pulse", null), seenThree);
             WsClient wsBehind = WsClient.open(http.client(), streamUri(http, "pulse", "from=" + seenThree))) {
            SseClient.Event gap = behind.next(WAIT);
            assertThat(gap.type()).isEqualTo("gap");
            assertThat(json(gap.data()).path("missed").asLong()).isEqualTo(2); // before3, before4: gone
            assertThat(gap.id()).isEqualTo("0:5");
            assertThat(json(wsBehind.next(WAIT)).path("gap").path("missed").asLong()).isEqualTo(2);
            await().atMost(WAIT).until(() -> "0:5".equals(earliest.lastEventId())
                && "0:5".equals(caughtUp.lastEventId()));

            send(producer, record("pulse", 0, null, "after"));

            // nothing from before the restart, to anyone: the first record each sees is the new one, at offset 5
            for (Feed feed : List.of(feed(earliest), feed(caughtUp), feed(behind), feed(wsBehind))) {
                JsonNode first = json(feed.next(WAIT).json());
                assertThat(first.path("value").asText()).isEqualTo("after");
                assertThat(first.path("offset").asLong()).isEqualTo(5);
            }
        }
    }

    private void memoryTopic(String topic, int partitions, int retentionBytes) throws Exception {
        http.log().createTopic(topic, partitions, Map.of("freshet.storage", "memory",
            "retention.bytes", String.valueOf(retentionBytes))).get(10, TimeUnit.SECONDS);
    }

    private Config configs(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, http.bootstrap()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
        }
    }

    /** The values of {@code count} records (no gap allowed), by partition in arrival order. */
    private static List<List<String>> valuesByPartition(Feed feed, int count) throws Exception {
        List<List<String>> values = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>()));
        for (int i = 0; i < count; i++) {
            Message message = feed.next(WAIT);
            assertThat(message.gap()).isFalse();
            JsonNode record = json(message.json());
            values.get(record.path("partition_id").asInt()).add(record.path("value").asText());
        }
        return values;
    }

    private static Feed feed(SseClient sse) {
        return timeout -> {
            SseClient.Event event = sse.next(timeout);
            return new Message("gap".equals(event.type()), event.data());
        };
    }

    private static Feed feed(WsClient ws) {
        return timeout -> {
            JsonNode frame = json(ws.next(timeout));
            return new Message(frame.has("gap"), (frame.has("gap") ? frame.get("gap") : frame).toString());
        };
    }
}
