package io.freshet.http.v2;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.http.HttpFixture;
import io.freshet.http.json.Json;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import static org.assertj.core.api.Assertions.assertThat;

/** REST v2 calls as a client script makes them (JDK HTTP client, Confluent's media types). */
final class V2Client {

    static final String V2 = "application/vnd.kafka.v2+json";
    static final String BINARY = "application/vnd.kafka.binary.v2+json";
    static final String JSON = "application/vnd.kafka.json.v2+json";

    private final HttpFixture http;
    private final String base;

    V2Client(HttpFixture http) {
        this(http, http.baseUri());
    }

    V2Client(HttpFixture http, String base) {
        this.http = http;
        this.base = base;
    }

    HttpResponse<String> call(String method, String path, String contentType, String accept, String body)
        throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return call("POST", path, V2, null, body);
    }

    JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 204);
        return response.body().isEmpty() ? null : Json.MAPPER.readTree(response.body());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    static void assertError(HttpResponse<String> response, int status, int errorCode) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).path("error_code").asInt()).as(response.body()).isEqualTo(errorCode);
    }

    /** Creates an instance in {@code group} and subscribes it to {@code topics}; returns its path. */
    String subscribedInstance(String group, String name, String format, String reset, String... topics)
        throws Exception {
        ok(post("/consumers/" + group, "{\"name\":\"" + name + "\",\"format\":\"" + format
            + "\",\"auto.offset.reset\":\"" + reset + "\",\"auto.commit.enable\":\"false\"}"));
        String path = "/consumers/" + group + "/instances/" + name;
        StringBuilder list = new StringBuilder();
        for (String topic : topics) {
            list.append(list.isEmpty() ? "" : ",").append('"').append(topic).append('"');
        }
        ok(post(path + "/subscription", "{\"topics\":[" + list + "]}"));
        return path;
    }

    /** GETs records until {@code count} arrived (bounded), as a REST client's loop does. */
    List<JsonNode> readRecords(String instancePath, String accept, int count) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            HttpResponse<String> response = call("GET", instancePath + "/records?timeout=500", null, accept, null);
            ok(response).forEach(records::add);
        }
        return records;
    }

    /** Everything in {@code partition} from its start, read by the official Kafka consumer. */
    static List<ConsumerRecord<byte[], byte[]>> kafkaRead(String bootstrap, TopicPartition partition, int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
