package io.freshet.http.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.http.HttpConfig;
import io.freshet.http.HttpFixture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.freshet.http.stream.StreamTestSupport.createTopic;
import static io.freshet.http.stream.StreamTestSupport.json;
import static io.freshet.http.stream.StreamTestSupport.producer;
import static io.freshet.http.stream.StreamTestSupport.record;
import static io.freshet.http.stream.StreamTestSupport.send;
import static io.freshet.http.stream.StreamTestSupport.streamPath;
import static io.freshet.http.stream.StreamTestSupport.streamUri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Server-Sent Events on records:stream, on the real broker, read by the JDK's HTTP client line by line. */
@Timeout(60)
class ServerSentEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;
    private HttpFixture http;

    private void start(HttpConfig config) {
        http = HttpFixture.start(dataDir, config);
    }

    private void start() {
        start(HttpConfig.defaults().withPort(0));
    }

    @org.junit.jupiter.api.BeforeAll
    static void fastPolls() {
        org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
        org.awaitility.Awaitility.setDefaultPollDelay(Duration.ZERO);
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
    }

    @Test
    void recordsFromAKafkaProducerArriveInOrderWithContentOffsetsAndResumeIds() throws Exception {
        start();
        createTopic(http, "orders", 2);
        try (SseClient sse = SseClient.open(http.client(), streamUri(http, "orders", null), null);
             KafkaProducer<byte[], byte[]> producer = producer(http)) {
            assertThat(sse.response().statusCode()).isEqualTo(200);
            assertThat(sse.response().headers().firstValue("content-type")).hasValue("text/event-stream");
            await().atMost(WAIT).until(() -> "0:0,1:0".equals(sse.lastEventId()));
            for (int i = 0; i < 10; i++) {
                ProducerRecord<byte[], byte[]> record = record("orders", i % 2, "k" + i, "v" + i);
                record.headers().add(new RecordHeader("trace", StreamTestSupport.bytes("t" + i)));
                send(producer, record);
            }

            List<SseClient.Event> events = sse.next(10, WAIT);

            long[] next = new long[2];
            for (SseClient.Event event : events) {
                JsonNode record = json(event.data());
                int partition = record.path("partition_id").asInt();
                long offset = record.path("offset").asLong();
                int i = Integer.parseInt(record.path("key").asText().substring(1));
                assertThat(partition).isEqualTo(i % 2);
                assertThat(offset).isEqualTo(next[partition]); // per partition in order, none missing
                assertThat(record.path("value").asText()).isEqualTo("v" + i);
                assertThat(record.path("timestamp").asLong()).isPositive();
                assertThat(record.path("headers").get(0).path("name").asText()).isEqualTo("trace");
                assertThat(record.path("headers").get(0).path("value").asText()).isEqualTo("t" + i);
                next[partition] = offset + 1;
                assertThat(event.type()).isEqualTo("message");
                assertThat(event.id()).isEqualTo("0:" + next[0] + ",1:" + next[1]);
            }
            assertThat(next).containsExactly(5, 5);
        }
    }

    @Test
    void binaryKeysAndValuesAreBase64AndNullsAreNull() throws Exception {
        start();
        createTopic(http, "bin", 1);
        byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, 0, 1};
        try (KafkaProducer<byte[], byte[]> producer = producer(http)) {
            send(producer, new ProducerRecord<>("bin", 0, notUtf8, null));
            send(producer, new ProducerRecord<>("bin", 0, null, StreamTestSupport.bytes("grüße {\"a\":1}\nline")));
        }
        try (SseClient sse = SseClient.open(http.client(), streamUri(http, "bin", "from=earliest"), null)) {
            JsonNode first = json(sse.next(WAIT).data());
            JsonNode second = json(sse.next(WAIT).data());

            assertThat(first.path("key").path("type").asText()).isEqualTo("BINARY");
            assertThat(Base64.getDecoder().decode(first.path("key").path("data").asText())).isEqualTo(notUtf8);
            assertThat(first.path("value").isNull()).isTrue();
            assertThat(second.path("key").isNull()).isTrue();
            assertThat(second.path("value").asText()).isEqualTo("grüße {\"a\":1}\nline");
        }
    }

    @Test
    void fromEarliestLatestAndTimestampStartWhereTheySay() throws Exception {
        start();
        createTopic(http, "t", 1);
        long between;
        try (KafkaProducer<byte[], byte[]> producer = producer(http)) {
            for (int i = 0; i < 3; i++) {
                send(producer, new ProducerRecord<>("t", 0, 1_000L + i, null, StreamTestSupport.bytes("old" + i)));
            }
            between = 2_000L;
            for (int i = 0; i < 2; i++) {
                send(producer, new ProducerRecord<>("t", 0, 3_000L + i, null, StreamTestSupport.bytes("mid" + i)));
            }
            try (SseClient earliest = SseClient.open(http.client(), streamUri(http, "t", "from=earliest"), null);
                 SseClient latest = SseClient.open(http.client(), streamUri(http, "t", "from=latest"), null);
                 SseClient byTime = SseClient.open(http.client(), streamUri(http, "t", "from=" + between), null);
                 SseClient byDefault = SseClient.open(http.client(), streamUri(http, "t", null), null)) {
                await().atMost(WAIT).until(() -> "0:5".equals(latest.lastEventId())
                    && "0:5".equals(byDefault.lastEventId()));
                send(producer, new ProducerRecord<>("t", 0, null, StreamTestSupport.bytes("new")));

                assertThat(values(earliest.next(6, WAIT))).containsExactly("old0", "old1", "old2", "mid0", "mid1",
                    "new");
                assertThat(values(byTime.next(3, WAIT))).containsExactly("mid0", "mid1", "new");
                assertThat(values(latest.next(1, WAIT))).containsExactly("new");
                assertThat(values(byDefault.next(1, WAIT))).containsExactly("new");
            }
        }
    }

    @Test
    void aReconnectWithLastEventIdResumesExactlyAfterTheLastEventSeen() throws Exception {
        start();
        createTopic(http, "resume", 3);
        List<String> seen = new ArrayList<>();
        String lastId;
        try (KafkaProducer<byte[], byte[]> producer = producer(http)) {
            for (int i = 0; i < 30; i++) {
                send(producer, record("resume", i % 3, null, "r" + i));
            }
            try (SseClient first = SseClient.open(http.client(), streamUri(http, "resume", "from=earliest"), null)) {
                List<SseClient.Event> events = first.next(12, WAIT);
                events.forEach(e -> seen.add(value(e)));
                lastId = events.get(11).id();
            } // disconnects in the middle
            for (int i = 30; i < 45; i++) {
                send(producer, record("resume", i % 3, null, "r" + i));
            }
            try (SseClient again = SseClient.open(http.client(), streamUri(http, "resume", "from=latest"), lastId)) {
                again.next(45 - 12, WAIT).forEach(e -> seen.add(value(e)));
                assertThat(again.poll(Duration.ofMillis(300))).isNull();
            }
        }
        // nothing skipped, nothing twice; in order within each partition
        assertThat(seen).hasSize(45).doesNotHaveDuplicates();
        for (int p = 0; p < 3; p++) {
            int partition = p;
            List<Integer> order = seen.stream().map(v -> Integer.parseInt(v.substring(1)))
                .filter(i -> i % 3 == partition).toList();
            assertThat(order).isSorted();
        }
    }

    @Test
    void anIdleStreamGetsHeartbeatComments() throws Exception {
        HttpConfig config = HttpConfig.fromProperties(Map.of(HttpConfig.SSE_HEARTBEAT_MS, "100"));
        start(config.withPort(0));
        createTopic(http, "idle", 1);
        try (SseClient sse = SseClient.open(http.client(), streamUri(http, "idle", null), null)) {
            await().atMost(WAIT).until(() -> sse.comments() >= 2);
        }
    }

    @Test
    void unknownTopicClusterOrBadFromAreErrorsBeforeTheStreamStarts() throws Exception {
        start();
        createTopic(http, "known", 1);

        HttpResponse<String> unknownTopic = http.get(streamPath(http, "nope", null));
        HttpResponse<String> unknownCluster = http.get("/v3/clusters/other/topics/known/records:stream");
        HttpResponse<String> badFrom = http.get(streamPath(http, "known", "from=yesterday"));

        assertThat(unknownTopic.statusCode()).isEqualTo(404);
        assertThat(json(unknownTopic.body()).path("error_code").asInt()).isEqualTo(40401);
        assertThat(unknownCluster.statusCode()).isEqualTo(404);
        assertThat(badFrom.statusCode()).isEqualTo(400);
        assertThat(json(badFrom.body()).path("error_code").asInt()).isEqualTo(400);
        assertThat(http.log().partitionCount("nope")).isEmpty(); // never auto-created
    }

    @Test
    void partitionsAddedWhileStreamingArePickedUpAndADeletedTopicEndsTheStream() throws Exception {
        start();
        createTopic(http, "grows", 1);
        try (SseClient sse = SseClient.open(http.client(), streamUri(http, "grows", null), null);
             KafkaProducer<byte[], byte[]> producer = producer(http);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, http.bootstrap()))) {
            await().atMost(WAIT).until(() -> "0:0".equals(sse.lastEventId()));
            admin.createPartitions(Map.of("grows", NewPartitions.increaseTo(3))).all().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> http.log().partitionCount("grows").orElse(0) == 3);
            send(producer, record("grows", 2, null, "in-new-partition"));

            SseClient.Event event = sse.next(WAIT);
            assertThat(value(event)).isEqualTo("in-new-partition");
            assertThat(event.id()).isEqualTo("0:0,1:0,2:1");

            admin.deleteTopics(List.of("grows")).all().get(10, TimeUnit.SECONDS);
            sse.ended().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSubscriberBehindTheLogStartIsToldOfItsGap() throws Exception {
        start();
        createTopic(http, "trimmed", 1);
        try (KafkaProducer<byte[], byte[]> producer = producer(http);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, http.bootstrap()))) {
            for (int i = 0; i < 10; i++) {
                send(producer, record("trimmed", 0, null, "r" + i));
            }
            String lastId;
            try (SseClient sse = SseClient.open(http.client(), streamUri(http, "trimmed", "from=earliest"), null)) {
                lastId = sse.next(3, WAIT).get(2).id();
            }
            assertThat(lastId).isEqualTo("0:3");
            admin.deleteRecords(Map.of(new TopicPartition("trimmed", 0), RecordsToDelete.beforeOffset(7)))
                .all().get(10, TimeUnit.SECONDS);

            try (SseClient sse = SseClient.open(http.client(), streamUri(http, "trimmed", null), lastId)) {
                SseClient.Event gap = sse.next(WAIT);
                assertThat(gap.type()).isEqualTo("gap");
                assertThat(json(gap.data()).path("partition_id").asInt()).isZero();
                assertThat(json(gap.data()).path("missed").asLong()).isEqualTo(4);
                assertThat(gap.id()).isEqualTo("0:7");
                assertThat(values(sse.next(3, WAIT))).containsExactly("r7", "r8", "r9");
            }
        }
    }

    @Test
    void manySubscribersEachGetEveryRecordOnce() throws Exception {
        start();
        createTopic(http, "fan", 2);
        List<SseClient> subscribers = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(http)) {
            for (int i = 0; i < 20; i++) {
                subscribers.add(SseClient.open(http.client(), streamUri(http, "fan", null), null));
            }
            for (SseClient s : subscribers) {
                await().atMost(WAIT).until(() -> s.lastEventId() != null);
            }
            for (int i = 0; i < 200; i++) {
                producer.send(record("fan", i % 2, null, "m" + i));
            }
            producer.flush();
            for (SseClient s : subscribers) {
                List<String> values = values(s.next(200, WAIT));
                assertThat(values).doesNotHaveDuplicates().hasSize(200);
                assertThat(values.stream().filter(v -> Integer.parseInt(v.substring(1)) % 2 == 0)
                    .map(v -> Integer.parseInt(v.substring(1))).toList()).isSorted();
            }
        } finally {
            for (SseClient s : subscribers) {
                s.close();
            }
        }
    }

    @Test
    void caughtUpSubscribersShareOneEncodingOfEachRecord() throws Exception {
        start();
        createTopic(http, "shared", 1);
        RecordsStreamApi streams = http.server().api(RecordsStreamApi.class).orElseThrow();
        List<SseClient> subscribers = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(http)) {
            for (int i = 0; i < 20; i++) {
                subscribers.add(SseClient.open(http.client(), streamUri(http, "shared", null), null));
            }
            for (SseClient s : subscribers) {
                await().atMost(WAIT).until(() -> s.lastEventId() != null);
            }
            for (int i = 0; i < 50; i++) {
                send(producer, record("shared", 0, null, "s" + i));
            }
            for (SseClient s : subscribers) {
                assertThat(values(s.next(50, WAIT))).hasSize(50).doesNotHaveDuplicates();
            }

            assertThat(streams.tailEncodedRecords()).isEqualTo(50); // not 20 x 50
            assertThat(streams.ownReadEncodedRecords()).isZero();
        } finally {
            for (SseClient s : subscribers) {
                s.close();
            }
        }
    }

    private static List<String> values(List<SseClient.Event> events) {
        return events.stream().map(ServerSentEventsTest::value).toList();
    }

    private static String value(SseClient.Event event) {
        try {
            return json(event.data()).path("value").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
