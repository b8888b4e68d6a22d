package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.freshet.testkit.FreshetOnly;
import io.freshet.testkit.FreshetProcess;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Confluent REST v3 against the real {@code freshet} process with curl: a streamed produce's 200 reports survive a
 * kill -9 of the broker (each at the partition and offset it named, as a Kafka consumer reads it after the restart),
 * with another streamed produce still uploading when the broker dies.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@FreshetOnly("SIGKILLs a Freshet process under REST v3 clients; in front of Kafka the broker and the gateway are two processes")
class RestV3CurlTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 2_000;

    @Test
    void shouldKeepEveryRecordReported200AcrossAKillOfTheBroker() throws Exception {
        Path dataDir = DataDirs.create("rest-v3-kill");
        try (FreshetProcess broker = FreshetProcess.start(dataDir, 0, Map.of())) {
            String cluster = clusterUrl(broker);
            Curl created = curl("-X", "POST", "-H", "Content-Type: application/json", cluster + "/topics",
                "-d", "{\"topic_name\":\"survivors\",\"partitions_count\":2}");
            assertThat(created.status).as(created.body).isEqualTo(201);
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < RECORDS; i++) {
                body.append("{\"key\":{\"type\":\"STRING\",\"data\":\"k").append(i)
                    .append("\"},\"value\":{\"type\":\"STRING\",\"data\":\"v").append(i).append("\"}}\n");
            }
            Path records = Files.writeString(dataDir.resolveSibling(dataDir.getFileName() + "-records.json"), body);

            Curl streamed = curl("-X", "POST", "-H", "Content-Type: application/json", "-H",
                "Transfer-Encoding: chunked", "--data-binary", "@" + records, cluster + "/topics/survivors/records");
            Map<String, String> acknowledged = new HashMap<>(); // "partition@offset" -> value
            String[] reports = streamed.body.split("\n");
            assertThat(reports).hasSize(RECORDS);
            for (int i = 0; i < RECORDS; i++) {
                JsonNode report = JSON.readTree(reports[i]);
                assertThat(report.path("error_code").asInt()).as(reports[i]).isEqualTo(200);
                acknowledged.put(report.path("partition_id").asInt() + "@" + report.path("offset").asLong(), "v" + i);
            }

            // A second stream is still uploading (curl reads its body from a pipe kept open) when the broker dies.
            Process uploading = startCurl("-X", "POST", "-H", "Content-Type: application/json", "-H",
                "Transfer-Encoding: chunked", "--data-binary", "@-", cluster + "/topics/survivors/records");
            try (OutputStream pipe = uploading.getOutputStream()) {
                pipe.write("{\"value\":{\"type\":\"STRING\",\"data\":\"in flight\"}}\n"
                    .repeat(500).getBytes(StandardCharsets.UTF_8));
                pipe.flush();
                assertThat(broker.kill()).isEqualTo(137);
            } catch (java.io.IOException curlAlreadyGone) {
                // curl may exit (connection reset) before the pipe closes: nothing to check about it
            }
            uploading.waitFor(20, TimeUnit.SECONDS);

            broker.restart();
            List<ConsumerRecord<String, String>> read = KafkaClients.readAll(broker.bootstrapServers(), "survivors",
                Duration.ofSeconds(30));
            Map<String, String> stored = new HashMap<>();
            read.forEach(r -> stored.put(r.partition() + "@" + r.offset(), r.value()));
            assertThat(stored).containsAllEntriesOf(acknowledged);
        }
        DataDirs.deleteRecursively(dataDir);
    }

    private static String clusterUrl(FreshetProcess broker) throws Exception {
        Curl clusters = curl(broker.httpUri() + "/v3/clusters");
        return broker.httpUri() + "/v3/clusters/" + clusters.json().path("data").get(0).path("cluster_id").asText();
    }

    private record Curl(int exitCode, int status, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    /** Runs curl to its end; the HTTP status comes from {@code -w}, on the last line after the body. */
    private static Curl curl(String... args) throws Exception {
        Process process = startCurl(args);
        process.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = out.toString(StandardCharsets.UTF_8);
        int lastLine = output.lastIndexOf('\n');
        return new Curl(process.exitValue(), Integer.parseInt(output.substring(lastLine + 1).strip()),
            output.substring(0, Math.max(lastLine, 0)).strip());
    }

    private static Process startCurl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/curl", "-sS", "--max-time", "60", "-w",
            "\n%{http_code}"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
