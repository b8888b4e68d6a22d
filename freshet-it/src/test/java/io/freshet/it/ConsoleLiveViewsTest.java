package io.freshet.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.freshet.testkit.EmbeddedFreshet;
import io.freshet.testkit.FreshetOnly;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web console's views of the other listeners on a full Freshet (MQTT listener and SQL engine running): MQTT
 * sessions of real Paho clients (3.1.1 and 5) with their subscriptions, connected or kept while away; the SQL
 * engine's persistent queries; the MQTT listener's address in the cluster view.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@FreshetOnly("Freshet's web console and its live views")
class ConsoleLiveViewsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private static EmbeddedFreshet freshet;

    @BeforeAll
    static void start() {
        freshet = EmbeddedFreshet.start();
    }

    @AfterAll
    static void stop() {
        freshet.close();
    }

    @Test
    void connectedMqttClientsShowUpWithTheirSubscriptionsAndAPersistentOneStaysWhenAwayAndAfterARestart() throws Exception {
        MqttClient v3 = new MqttClient(freshet.mqttUri(), "console-v3", new MemoryPersistence());
        MqttConnectOptions v3Options = new MqttConnectOptions();
        v3Options.setCleanSession(false);
        v3.connect(v3Options);
        v3.subscribe(new String[] {"sensors/+/temp", "alerts/#"}, new int[] {1, 0});
        org.eclipse.paho.mqttv5.client.MqttClient v5 = new org.eclipse.paho.mqttv5.client.MqttClient(
            freshet.mqttUri(), "console-v5", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        MqttConnectionOptions v5Options = new MqttConnectionOptions();
        v5Options.setCleanStart(true);
        v5.connect(v5Options);
        v5.subscribe("devices/#", 2);
        try {
            JsonNode clients = getJson("/console/api/mqtt/clients");

            assertThat(clients.path("enabled").asBoolean()).isTrue();
            JsonNode three = find(clients.path("clients"), "console-v3");
            assertThat(three.path("connected").asBoolean()).isTrue();
            assertThat(three.path("protocol").asText()).isEqualTo("3.1.1");
            assertThat(three.path("remoteAddress").asText()).startsWith("127.0.0.1:");
            assertThat(strings(three.path("subscriptions"))).containsExactly("sensors/+/temp@1", "alerts/#@0");
            JsonNode five = find(clients.path("clients"), "console-v5");
            assertThat(five.path("protocol").asText()).isEqualTo("5");
            assertThat(strings(five.path("subscriptions"))).containsExactly("devices/#@2");

            v3.disconnect();
            v5.disconnect();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode after = getJson("/console/api/mqtt/clients").path("clients");
                JsonNode away = find(after, "console-v3");
                assertThat(away.path("connected").asBoolean()).isFalse();
                assertThat(away.path("remoteAddress").isNull()).isTrue();
                assertThat(strings(away.path("subscriptions"))).containsExactly("sensors/+/temp@1", "alerts/#@0");
                assertThat(strings(after, "clientId")).as("a clean session ends with its connection")
                    .doesNotContain("console-v5");
            });

            freshet.restart();
            JsonNode restored = find(getJson("/console/api/mqtt/clients").path("clients"), "console-v3");
            assertThat(restored.path("connected").asBoolean()).isFalse();
            assertThat(strings(restored.path("subscriptions"))).as("read from the stored session after a restart")
                .containsExactly("sensors/+/temp@1", "alerts/#@0");
        } finally {
            v3.close(true);
            v5.close(true);
        }
    }

    @Test
    void persistentSqlQueriesAreListed() throws Exception {
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(freshet.httpUri() + "/ksql"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/vnd.ksql.v1+json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(java.util.Map.of("ksql", """
                CREATE STREAM console_r (device VARCHAR KEY, temp DOUBLE)
                  WITH (KAFKA_TOPIC='console_r', VALUE_FORMAT='JSON', PARTITIONS=1);
                CREATE STREAM console_hot AS SELECT device, temp FROM console_r WHERE temp > 80 EMIT CHANGES;
                """)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String queryId = JSON.readTree(created.body()).get(1).path("commandStatus").path("queryId").asText();

        JsonNode queries = getJson("/console/api/sql/queries");

        assertThat(queries.path("enabled").asBoolean()).isTrue();
        JsonNode query = find(queries.path("queries"), "id", queryId);
        assertThat(query.path("sql").asText()).startsWith("CREATE STREAM console_hot AS SELECT");
        assertThat(strings(query.path("sinks"))).containsExactly("CONSOLE_HOT");
        assertThat(query.path("state").asText()).isIn("RUNNING", "PENDING");
    }

    @Test
    void theClusterViewNamesTheMqttListener() throws Exception {
        JsonNode cluster = getJson("/console/api/cluster");

        assertThat(cluster.path("listeners").path("mqtt").asText()).endsWith(":" + freshet.mqttPort());
        assertThat(cluster.path("listeners").path("http").asText()).endsWith(":" + freshet.httpPort());
    }

    private static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(freshet.httpUri() + path))
            .timeout(Duration.ofSeconds(15)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode find(JsonNode array, String clientId) {
        return find(array, "clientId", clientId);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (node.path(field).asText().equals(value)) {
                return node;
            }
        }
        throw new AssertionError("No " + field + "=" + value + " in " + array);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<String> strings(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.path(field).asText()));
        return values;
    }
}
