package io.freshet.http.v2;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.http.HttpConfig;
import io.freshet.http.HttpFixture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static io.freshet.http.v2.V2Client.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/** A REST v2 consumer instance is a real group member: it shares a topic's partitions with a Kafka consumer. */
@Timeout(90)
class RestV2SharedGroupTest {

    @TempDir
    Path dataDir;
    private HttpFixture http;
    private V2Client v2;

    @BeforeEach
    void start() throws Exception {
        http = HttpFixture.start(dataDir, HttpConfig.defaults().withPort(0), "group.initial.rebalance.delay.ms", "0");
        v2 = new V2Client(http);
        http.log().createTopic("shared", 2, Map.of()).get();
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void restInstanceAndKafkaConsumerEachGetOnePartitionAndTogetherSeeEveryRecordOnce() throws Exception {
        String rest = v2.subscribedInstance("mixed", "rest-1", "json", "earliest", "shared");
        try (KafkaConsumer<byte[], byte[]> kafka = kafkaConsumer("mixed")) {
            kafka.subscribe(List.of("shared"));
            // Both join; the REST instance answers the rebalance between reads (its keep-alive polls).
            long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
            int restPartitions = 0;
            while (System.nanoTime() < deadline && (kafka.assignment().size() != 1 || restPartitions != 1)) {
                assertThat(kafka.poll(Duration.ofMillis(100))).isEmpty();
                restPartitions = v2.ok(v2.call("GET", rest + "/assignments", null, null, null))
                    .path("partitions").size();
            }
            assertThat(kafka.assignment()).hasSize(1);
            assertThat(restPartitions).isEqualTo(1);
            int kafkaPartition = kafka.assignment().iterator().next().partition();

            StringBuilder body = new StringBuilder("{\"records\":[");
            for (int i = 0; i < 20; i++) {
                body.append(i == 0 ? "" : ",").append("{\"value\":").append(i).append(",\"partition\":")
                    .append(i % 2).append('}');
            }
            v2.ok(v2.call("POST", "/topics/shared", JSON, null, body + "]}"));

            Set<String> seenByKafka = new HashSet<>();
            Set<String> seenByRest = new HashSet<>();
            int deliveries = 0;
            deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seenByKafka.size() + seenByRest.size() < 20 && System.nanoTime() < deadline) {
                for (var record : kafka.poll(Duration.ofMillis(100))) {
                    seenByKafka.add(record.partition() + "@" + record.offset());
                    deliveries++;
                }
                for (JsonNode record : v2.ok(v2.call("GET", rest + "/records?timeout=100", null, JSON, null))) {
                    seenByRest.add(record.path("partition").asInt() + "@" + record.path("offset").asLong());
                    deliveries++;
                }
            }

            assertThat(seenByKafka).hasSize(10).allMatch(r -> r.startsWith(kafkaPartition + "@"));
            assertThat(seenByRest).hasSize(10).allMatch(r -> r.startsWith((1 - kafkaPartition) + "@"));
            assertThat(deliveries).isEqualTo(20);
        }
    }

    private KafkaConsumer<byte[], byte[]> kafkaConsumer(String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, http.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }
}
