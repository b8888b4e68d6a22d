package io.freshet.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.freshet.testkit.FreshetExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * REST v2 with curl as a process, exactly as the README shows it, against the whole server (the HTTP listener in
 * front of the broker's Kafka listener), cross-checked with the official Kafka Java client.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RestV2CurlTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V2 = "application/vnd.kafka.v2+json";

    @RegisterExtension
    static final FreshetExtension freshet = FreshetExtension.perClass()
        .withProperty("group.initial.rebalance.delay.ms", "0");

    /**
     * Creates {@code topic} with a Kafka client, then waits until REST says it exists: at once on Freshet; a gateway
     * in front of a cluster learns of another client's topic from the cluster's metadata, a moment later.
     */
    private void createTopic(String topic) throws Exception {
        KafkaClients.createTopic(freshet.bootstrapServers(), topic, 1);
        org.awaitility.Awaitility.await(topic + " known over REST").atMost(Duration.ofSeconds(30))
            .until(() -> curl(path("/topics/" + topic)).status() == 200);
    }

    @Test
    void curlProducesAndAKafkaConsumerReadsTheRecords() throws Exception {
        createTopic("curl-orders");

        Answer produced = curl("-X", "POST", "-H", "Content-Type: application/vnd.kafka.json.v2+json",
            "--data", "{\"records\":[{\"key\":\"alice\",\"value\":{\"qty\":2}},{\"value\":\"plain\"}]}",
            path("/topics/curl-orders"));
        Answer binary = curl("-X", "POST", "-H", "Content-Type: application/vnd.kafka.binary.v2+json",
            "--data", "{\"records\":[{\"value\":\"" + b64("raw bytes") + "\",\"partition\":0}]}",
            path("/topics/curl-orders"));

        assertThat(produced.status()).isEqualTo(200);
        assertThat(produced.json().path("offsets").get(1).path("offset").asLong()).isEqualTo(1);
        assertThat(binary.json().path("offsets").get(0).path("offset").asLong()).isEqualTo(2);
        List<ConsumerRecord<String, String>> read = KafkaClients.readAll(freshet.bootstrapServers(), "curl-orders",
            Duration.ofSeconds(30));
        assertThat(read).extracting(ConsumerRecord::key).containsExactly("\"alice\"", null, null);
        assertThat(read).extracting(ConsumerRecord::value).containsExactly("{\"qty\":2}", "\"plain\"", "raw bytes");
        assertThat(curl(path("/topics")).json().toString()).contains("\"curl-orders\"");
        assertThat(curl(path("/topics/curl-orders")).json().path("partitions")).hasSize(1);
    }

    @Test
    void curlConsumerInstanceReadsCommitsAndLeaves() throws Exception {
        createTopic("curl-events");
        curl("-X", "POST", "-H", "Content-Type: application/vnd.kafka.json.v2+json",
            "--data", "{\"records\":[{\"value\":{\"n\":0}},{\"value\":{\"n\":1}},{\"value\":{\"n\":2}}]}",
            path("/topics/curl-events"));

        Answer created = curl("-X", "POST", "-H", "Content-Type: " + V2, "--data",
            "{\"name\":\"c1\",\"format\":\"json\",\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}",
            path("/consumers/curl-group"));
        assertThat(created.json().path("base_uri").asText()).isEqualTo(freshet.httpUri()
            + "/consumers/curl-group/instances/c1");
        String instance = path("/consumers/curl-group/instances/c1");
        assertThat(curl("-X", "POST", "-H", "Content-Type: " + V2, "--data", "{\"topics\":[\"curl-events\"]}",
            instance + "/subscription").status()).isEqualTo(204);

        List<JsonNode> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (records.size() < 3 && System.nanoTime() < deadline) {
            curl("-H", "Accept: application/vnd.kafka.json.v2+json", instance + "/records?timeout=1000")
                .json().forEach(records::add);
        }
        assertThat(records).extracting(r -> r.path("value").path("n").asInt()).containsExactly(0, 1, 2);

        Answer commit = curl("-X", "POST", "-H", "Content-Type: " + V2, "--data",
            "{\"offsets\":[{\"topic\":\"curl-events\",\"partition\":0,\"offset\":2}]}", instance + "/offsets");
        assertThat(commit.status()).isEqualTo(200);
        try (Admin admin = KafkaClients.admin(freshet.bootstrapServers())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("curl-group")
                .partitionsToOffsetAndMetadata().get();
            assertThat(committed.get(new TopicPartition("curl-events", 0)).offset()).isEqualTo(3);

            assertThat(curl("-X", "DELETE", instance).status()).isEqualTo(204);
            assertThat(admin.describeConsumerGroups(List.of("curl-group")).all().get().get("curl-group").members())
                .isEmpty();
        }
        Answer gone = curl("-H", "Accept: application/vnd.kafka.json.v2+json", instance + "/records");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().path("error_code").asInt()).isEqualTo(40403);
    }

    @Test
    void curlSeesConfluentErrorCodes() throws Exception {
        Answer unknown = curl("-X", "POST", "-H", "Content-Type: application/vnd.kafka.json.v2+json",
            "--data", "{\"records\":[{\"value\":1}]}", path("/topics/curl-nowhere"));
        Answer noType = curl("-X", "POST", "--data", "{\"records\":[{\"value\":1}]}", path("/topics/curl-nowhere"));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error_code").asInt()).isEqualTo(40401);
        assertThat(noType.status()).isEqualTo(415);
    }

    private static String path(String path) {
        return freshet.httpUri() + path;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Runs curl; the status code comes last on its own line ({@code -w}). */
    private static Answer curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-S", "--max-time", "30", "-w", "\n%{http_code}"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        assertThat(process.waitFor(40, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("curl exit code for %s", command).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        int newline = text.lastIndexOf('\n');
        return new Answer(Integer.parseInt(text.substring(newline + 1).trim()), text.substring(0, newline));
    }

    private record Answer(int status, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }
}
