package io.freshet.http.v3;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.http.HttpConfig;
import io.freshet.http.HttpFixture;
import io.freshet.http.error.RestException;
import io.freshet.http.json.Json;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Streaming produce: many records in one chunked body, one delivery report per record, in order, written while the
 * body is still open; bad records in the middle; request-level failures mid-stream; back-pressure.
 */
@Timeout(120)
class V3StreamingProduceTest {

    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    @TempDir
    Path dataDir;
    private HttpFixture http;
    private String records;

    @BeforeEach
    void start() throws Exception {
        HttpConfig config = new HttpConfig("127.0.0.1", 0, MAX_REQUEST_BYTES, List.of(), 15_000, 300_000);
        http = HttpFixture.start(dataDir, config);
        http.log().createTopic("s", 2, Map.of()).get();
        records = "/v3/clusters/" + http.clusterId() + "/topics/s/records";
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void shouldReportAThousandRecordsOfOneChunkedBodyInOrderWithConsecutiveOffsets() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            body.append("{\"partition_id\":1,\"value\":{\"type\":\"STRING\",\"data\":\"r").append(i).append("\"}}\n");
        }
        // An InputStream body has no length: the JDK client sends it chunked.
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.baseUri() + records))
            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() ->
                new ByteArrayInputStream(body.toString().getBytes(StandardCharsets.UTF_8))))
            .build();

        HttpResponse<String> response = http.client().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        List<JsonNode> reports = lines(response.body());
        assertThat(reports).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(reports.get(i).path("error_code").asInt()).isEqualTo(200);
            assertThat(reports.get(i).path("partition_id").asInt()).isEqualTo(1);
            assertThat(reports.get(i).path("offset").asLong()).isEqualTo(i);
            assertThat(reports.get(i).path("value").path("size").asInt()).isEqualTo(("r" + i).length());
        }
        assertThat(http.log().endOffset(new TopicPartition("s", 1))).isEqualTo(1000);
    }

    @Test
    void shouldWriteReportsWhileTheBodyIsStillOpen() throws Exception {
        try (ChunkedExchange exchange = new ChunkedExchange(http.port(), records, 0)) {
            exchange.send("{\"partition_id\":0,\"value\":{\"data\":\"a\"}}\n{\"partition_id\":0,");
            exchange.send("\"value\":{\"data\":\"b\"}}\n");

            assertThat(exchange.head()).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
            assertThat(report(exchange.readLine()).path("offset").asLong()).isEqualTo(0);
            assertThat(report(exchange.readLine()).path("offset").asLong()).isEqualTo(1);

            exchange.send("{\"partition_id\":0,\"value\":{\"data\":\"c\"}}");
            assertThat(report(exchange.readLine()).path("offset").asLong()).isEqualTo(2);

            exchange.send(" {\"partition_id\":0,\"value\":{\"data\":\"d\"}}");
            exchange.end();
            List<String> rest = exchange.readRest();
            assertThat(rest).hasSize(1);
            assertThat(report(rest.get(0)).path("offset").asLong()).isEqualTo(3);
        }
    }

    @Test
    void shouldReportABadRecordInTheMiddleAndGoOn() throws Exception {
        HttpResponse<String> response = http.send("POST", records, "application/json",
            "{\"partition_id\":0,\"value\":{\"data\":\"first\"}}\n"
                + "{\"partition_id\":0,\"value\":{\"type\":\"BINARY\",\"data\":\"@@not base64@@\"}}\n"
                + "{\"partition_id\":7,\"value\":{\"data\":\"nowhere\"}}\n"
                + "\"not a record\"\n"
                + "{\"partition_id\":0,\"value\":{\"data\":\"last\"}}\n");

        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> reports = lines(response.body());
        assertThat(reports).extracting(r -> r.path("error_code").asInt()).containsExactly(200, 400, 40402, 400, 200);
        assertThat(reports.get(1).path("message").asText()).contains("base64");
        assertThat(reports.get(0).path("offset").asLong()).isEqualTo(0);
        assertThat(reports.get(4).path("offset").asLong()).isEqualTo(1);
    }

    @Test
    void shouldEndTheStreamWithAnErrorReportOnMalformedJsonAndCloseTheConnection() throws Exception {
        try (ChunkedExchange exchange = new ChunkedExchange(http.port(), records, 0)) {
            exchange.send("{\"partition_id\":0,\"value\":{\"data\":\"ok\"}}\n{\"partition_id\":0,\"value\" oops}\n");
            exchange.send("{\"partition_id\":0,\"value\":{\"data\":\"never read\"}}\n");

            assertThat(exchange.head()).startsWith("HTTP/1.1 200");
            List<String> reports = exchange.readRest();
            assertThat(reports).hasSize(2);
            assertThat(report(reports.get(0)).path("error_code").asInt()).isEqualTo(200);
            assertThat(report(reports.get(1)).path("error_code").asInt()).isEqualTo(400);
            assertThat(exchange.closedByServer()).isTrue();
        }
        assertThat(http.log().endOffset(new TopicPartition("s", 0))).isEqualTo(1);
    }

    @Test
    void shouldEndTheStreamWithA413ReportForARecordOverTheLimit() throws Exception {
        try (ChunkedExchange exchange = new ChunkedExchange(http.port(), records, 0)) {
            exchange.send("{\"partition_id\":0,\"value\":{\"data\":\"ok\"}}\n{\"value\":{\"data\":\"");
            String part = "x".repeat(16 * 1024);
            for (int i = 0; i < 5; i++) {
                exchange.send(part);
            }

            List<String> reports = exchange.readRest();
            assertThat(reports).extracting(r -> report(r).path("error_code").asInt()).containsExactly(200, 413);
        }
    }

    @Test
    void shouldStopReadingAClientThatDoesNotReadItsReportsAndCatchUpWhenItDoes() throws Exception {
        // The stall comes at about 25,000 records here: the reports the kernel's socket buffers hold (up to 4 MiB
        // with tcp_wmem's default maximum) plus the in-flight window.
        int total = 40_000;
        String value = "v";
        try (ChunkedExchange exchange = new ChunkedExchange(http.port(), records, 64 * 1024)) {
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < total; i += 100) {
                        StringBuilder batch = new StringBuilder();
                        for (int j = 0; j < 100; j++) {
                            batch.append("{\"partition_id\":0,\"value\":{\"data\":\"").append(value).append("\"}}\n");
                        }
                        exchange.send(batch.toString());
                    }
                    exchange.end();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            TopicPartition partition = new TopicPartition("s", 0);

            // Nobody reads the reports: once the socket and the in-flight window are full, the server stops reading
            // the body, so appends stop well short of the total (without back-pressure they would all be read and
            // their reports queued in memory).
            AtomicLong previous = new AtomicLong(-1);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                long now = http.log().endOffset(partition);
                return now > 0 && now == previous.getAndSet(now);
            });
            long stalledAt = http.log().endOffset(partition);
            assertThat(stalledAt).isLessThan(total);

            List<String> reports = new ArrayList<>();
            String next;
            while ((next = exchange.readLine()) != null) {
                reports.add(next);
            }
            sender.get(30, TimeUnit.SECONDS);
            assertThat(reports).hasSize(total);
            assertThat(report(reports.get(total - 1)).path("offset").asLong()).isEqualTo(total - 1);
            assertThat(http.log().endOffset(partition)).isEqualTo(total);
        }
    }

    @Test
    void shouldReportEachRecordOfAChunkAppendedInBatchesGoodOrBad() throws Exception {
        http.log().createTopic("mixed", 2, Map.of("max.message.bytes", "2000")).get();
        String mixed = "/v3/clusters/" + http.clusterId() + "/topics/mixed/records";
        String tooLarge = "x".repeat(3_000);
        try (ChunkedExchange exchange = new ChunkedExchange(http.port(), mixed, 0)) {
            // One chunk: the good records of partition 0 go in one batch with the one over max.message.bytes.
            exchange.send("{\"partition_id\":0,\"value\":{\"data\":\"a\"}}\n"
                + "{\"partition_id\":0,\"value\":{\"data\":\"" + tooLarge + "\"}}\n"
                + "{\"partition_id\":0,\"value\":{\"type\":\"BINARY\",\"data\":\"@@not base64@@\"}}\n"
                + "{\"partition_id\":1,\"value\":{\"data\":\"b\"}}\n"
                + "{\"partition_id\":0,\"value\":{\"data\":\"c\"}}\n"
                + "{\"key\":{\"type\":\"STRING\",\"data\":\"k\"},\"value\":{\"data\":\"keyed\"}}\n"
                + "{\"partition_id\":5,\"value\":{\"data\":\"nowhere\"}}\n");
            exchange.end();

            List<JsonNode> reports = exchange.readRest().stream().map(V3StreamingProduceTest::report).toList();

            assertThat(reports).extracting(r -> r.path("error_code").asInt())
                .containsExactly(200, RestException.KAFKA_BAD_REQUEST, 400, 200, 200, 200, 40402);
            assertThat(reports.get(1).path("message").asText()).contains("max.message.bytes");
            assertThat(reports.get(0).path("offset").asLong()).isEqualTo(0);
            assertThat(reports.get(4).path("offset").asLong()).isEqualTo(1);
            assertThat(reports.get(3).path("partition_id").asInt()).isEqualTo(1);
            assertThat(reports.get(3).path("offset").asLong()).isEqualTo(0);
            int keyed = http.log().partitionFor("mixed", "k".getBytes(StandardCharsets.UTF_8)).get().partition();
            assertThat(reports.get(5).path("partition_id").asInt()).as("murmur2 of the key").isEqualTo(keyed);
            assertThat(http.log().endOffset(new TopicPartition("mixed", 0))).isEqualTo(keyed == 0 ? 3 : 2);
            assertThat(http.log().endOffset(new TopicPartition("mixed", 1))).isEqualTo(keyed == 1 ? 2 : 1);
        }
    }

    private static List<JsonNode> lines(String body) throws Exception {
        List<JsonNode> reports = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                reports.add(Json.MAPPER.readTree(line));
            }
        }
        return reports;
    }

    private static JsonNode report(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("Not a JSON report: " + line, e);
        }
    }
}
