package io.freshet.http.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.http.HttpFixture;
import io.freshet.http.json.Json;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Kafka producers and stream URLs for the stream tests. */
final class StreamTestSupport {

    private StreamTestSupport() {
    }

    static KafkaProducer<byte[], byte[]> producer(HttpFixture http) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, http.bootstrap(),
            ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0),
            new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends and waits for each record's acknowledgement. */
    static void send(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record) throws Exception {
        producer.send(record).get(10, TimeUnit.SECONDS);
    }

    static ProducerRecord<byte[], byte[]> record(String topic, int partition, String key, String value) {
        return new ProducerRecord<>(topic, partition, key == null ? null : bytes(key), bytes(value));
    }

    static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static void createTopic(HttpFixture http, String topic, int partitions) throws Exception {
        http.log().createTopic(topic, partitions, Map.of()).get(10, TimeUnit.SECONDS);
    }

    /** {@code /v3/clusters/ID/topics/TOPIC/records:stream} with an optional query. */
    static String streamPath(HttpFixture http, String topic, String query) {
        return "/v3/clusters/" + http.clusterId() + "/topics/" + topic + "/records:stream"
            + (query == null ? "" : "?" + query);
    }

    static String streamUri(HttpFixture http, String topic, String query) {
        return http.baseUri() + streamPath(http, topic, query);
    }

    static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }
}
