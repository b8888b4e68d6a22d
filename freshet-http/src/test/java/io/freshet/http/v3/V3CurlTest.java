package io.freshet.http.v3;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.http.HttpFixture;
import io.freshet.http.json.Json;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's curl commands, run with /usr/bin/curl as a process: CRUD, produce, streaming produce, gzip. */
@Timeout(60)
class V3CurlTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path files;
    private HttpFixture http;
    private String cluster;

    @BeforeEach
    void start() {
        http = HttpFixture.start(dataDir);
        cluster = http.baseUri() + "/v3/clusters/" + http.clusterId();
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void shouldCreateListProduceToAndDeleteATopicWithCurl() throws Exception {
        Curl created = curl("-X", "POST", "-H", "Content-Type: application/json", cluster + "/topics",
            "-d", "{\"topic_name\":\"orders\",\"partitions_count\":3,\"configs\":[{\"name\":\"retention.ms\","
                + "\"value\":\"86400000\"}]}");
        Curl produced = curl("-X", "POST", "-H", "Content-Type: application/json", cluster + "/topics/orders/records",
            "-d", "{\"partition_id\":1,\"key\":{\"type\":\"STRING\",\"data\":\"alice\"},"
                + "\"value\":{\"type\":\"JSON\",\"data\":{\"total\":42}}}");
        Curl partitions = curl(cluster + "/topics/orders/partitions");
        Curl deleted = curl("-X", "DELETE", cluster + "/topics/orders");
        Curl gone = curl(cluster + "/topics/orders");

        assertThat(created.status).isEqualTo(201);
        assertThat(created.json().path("partitions_count").asInt()).isEqualTo(3);
        assertThat(produced.status).isEqualTo(200);
        assertThat(produced.json().path("partition_id").asInt()).isEqualTo(1);
        assertThat(produced.json().path("value").path("size").asInt()).isEqualTo("{\"total\":42}".length());
        assertThat(partitions.json().path("data")).hasSize(3);
        assertThat(deleted.status).isEqualTo(204);
        assertThat(gone.status).isEqualTo(404);
        assertThat(gone.json().path("error_code").asInt()).isEqualTo(40403);
    }

    @Test
    void shouldStreamAFileOfRecordsAsOneChunkedBody() throws Exception {
        http.send("POST", "/v3/clusters/" + http.clusterId() + "/topics", "application/json",
            "{\"topic_name\":\"clicks\",\"partitions_count\":1}");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            lines.append("{\"value\":{\"type\":\"STRING\",\"data\":\"click ").append(i).append("\"}}\n");
        }
        Path records = Files.writeString(files.resolve("records.json"), lines);

        Curl streamed = curl("-X", "POST", "-H", "Content-Type: application/json", "-H",
            "Transfer-Encoding: chunked", "--data-binary", "@" + records, cluster + "/topics/clicks/records");

        assertThat(streamed.status).isEqualTo(200);
        String[] reports = streamed.body.split("\n");
        assertThat(reports).hasSize(500);
        for (int i = 0; i < reports.length; i++) {
            assertThat(Json.MAPPER.readTree(reports[i]).path("offset").asLong()).isEqualTo(i);
        }
    }

    @Test
    void shouldStreamABodyLargerThanTheRequestLimitWhenCurlSendsItsLengthAndExpect100Continue() throws Exception {
        http.log().createTopic("big", 1, java.util.Map.of()).get();
        String value = "x".repeat(1000);
        StringBuilder lines = new StringBuilder();
        int count = 9 * 1024; // about 9.3 MB, over the default http.max.request.bytes of 8 MiB
        for (int i = 0; i < count; i++) {
            lines.append("{\"value\":{\"type\":\"STRING\",\"data\":\"").append(value).append("\"}}\n");
        }
        Path records = Files.writeString(files.resolve("big.json"), lines);

        // curl sends Content-Length and, for a body this size, Expect: 100-continue.
        Curl streamed = curl("-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@" + records,
            cluster + "/topics/big/records");

        assertThat(streamed.status).isEqualTo(200);
        assertThat(streamed.body.split("\n")).hasSize(count);
        assertThat(http.log().endOffset(new TopicPartition("big", 0))).isEqualTo(count);
    }

    @Test
    void shouldTakeAGzipBodyAndAnswerGzipToCurlCompressed() throws Exception {
        for (int i = 0; i < 5; i++) {
            http.log().createTopic("topic-" + i, 1, java.util.Map.of()).get();
        }
        Path gzipped = files.resolve("record.json.gz");
        Path gzippedStream = files.resolve("records.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            out.write("{\"value\":{\"type\":\"STRING\",\"data\":\"zipped\"}}".getBytes(StandardCharsets.UTF_8));
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzippedStream))) {
            out.write("{\"value\":{\"data\":\"z1\"}}\n{\"value\":{\"data\":\"z2\"}}\n".getBytes(StandardCharsets.UTF_8));
        }

        Curl produced = curl("-X", "POST", "-H", "Content-Type: application/json", "-H", "Content-Encoding: gzip",
            "--data-binary", "@" + gzipped, cluster + "/topics/topic-0/records");
        Curl streamed = curl("-X", "POST", "-H", "Content-Type: application/json", "-H", "Content-Encoding: gzip",
            "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + gzippedStream,
            cluster + "/topics/topic-1/records");
        Curl listed = curl("--compressed", "-D", files.resolve("default-headers.txt").toString(), cluster + "/topics");
        Curl gzipListed = curl("--compressed", "-H", "Accept-Encoding: gzip", "-D",
            files.resolve("headers.txt").toString(), cluster + "/topics");

        assertThat(produced.status).as(produced.body).isEqualTo(200);
        assertThat(produced.json().path("value").path("size").asInt()).isEqualTo("zipped".length());
        assertThat(http.log().endOffset(new TopicPartition("topic-0", 0))).isEqualTo(1);
        assertThat(streamed.body.split("\n")).hasSize(2).allSatisfy(r -> assertThat(r).contains("\"error_code\":200"));
        assertThat(http.log().endOffset(new TopicPartition("topic-1", 0))).isEqualTo(2);
        assertThat(Files.readString(files.resolve("headers.txt")).toLowerCase()).contains("content-encoding: gzip");
        assertThat(listed.json().path("data")).hasSizeGreaterThanOrEqualTo(5);
        // curl --compressed offers every codec it has; the answer is gzip, never zstd or brotli
        assertThat(Files.readString(files.resolve("default-headers.txt")).toLowerCase())
            .contains("content-encoding: gzip");
        assertThat(gzipListed.json().path("data")).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void shouldFailCurlDashFOnAnUnknownTopic() throws Exception {
        Curl missing = curl("-f", "-X", "POST", "-H", "Content-Type: application/json",
            cluster + "/topics/nope/records", "-d", "{\"value\":{\"data\":\"x\"}}");

        assertThat(missing.exitCode).isEqualTo(22); // curl: HTTP error with --fail
        assertThat(http.log().partitionCount("nope")).isEmpty();
    }

    private record Curl(int exitCode, int status, String body) {
        JsonNode json() throws Exception {
            return Json.MAPPER.readTree(body);
        }
    }

    /** Runs curl; the status code comes from {@code -w}, after the body on its own last line. */
    private static Curl curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/curl", "-sS", "--max-time", "20",
            "-w", "\n%{http_code}"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = out.toString(StandardCharsets.UTF_8);
        int lastLine = output.lastIndexOf('\n');
        String body = output.substring(0, Math.max(lastLine, 0)).strip();
        return new Curl(process.exitValue(), Integer.parseInt(output.substring(lastLine + 1).strip()), body);
    }
}
