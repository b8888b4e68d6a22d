package io.freshet.it;

import io.freshet.it.ProcessRun.Result;
import io.freshet.server.FreshetGateway;
import io.freshet.testkit.EmbeddedFreshet;
import io.freshet.testkit.FreshetOnly;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.freshet.it.ProcessRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT and HTTP on a broker whose only Kafka listener is SASL_PLAINTEXT: users come from the listener's PLAIN JAAS
 * configuration (MQTT CONNECT and HTTP Basic check them), anonymous clients are refused on both gateways, and the
 * in-process clients (the console's Admin and browse consumer, a REST v2 consumer instance) still work: they log in
 * with the broker's own {@code username}/{@code password}. A {@code freshet gateway} in front of it checks the same
 * users by a SASL login, and, the broker having no authorizer (DescribeAcls: SECURITY_DISABLED), allows them
 * everything, as the broker does.
 */
@FreshetOnly("a SASL listener without an authorizer and the broker's own credentials for its in-process clients;"
    + " scripts/security-kafka.sh's Kafka has StandardAuthorizer (the gateway's users and ACLs from the cluster:"
    + " GatewayClusterSecurityTest, GatewaySecurityTest)")
class GatewaySaslListenerTest {

    @TempDir
    static Path dir;
    private static EmbeddedFreshet freshet;

    @BeforeAll
    static void start() {
        freshet = EmbeddedFreshet.start(dir.resolve("data"), Map.of(
            "listeners", "SASL_PLAINTEXT://127.0.0.1:0",
            "sasl.enabled.mechanisms", "PLAIN",
            "listener.name.sasl_plaintext.plain.sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\""
                + " password=\"broker-secret\" user_broker=\"broker-secret\" user_alice=\"alice-secret\";",
            "mqtt.allow.anonymous", "false",
            "http.allow.anonymous", "false",
            "sql.enabled", "false"));
        freshet.broker().eventLog().createTopic("orders", 1, Map.of()).join(); // REST never creates a topic
    }

    @AfterAll
    static void stop() {
        if (freshet != null) {
            freshet.close();
        }
    }

    @Test
    void mqttChecksTheJaasUsers() throws Exception {
        Result ok = run("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(freshet.mqttPort()),
            "-u", "alice", "-P", "alice-secret", "-q", "1", "-t", "devices/d1", "-m", "hello");
        assertThat(ok.exit()).as(ok.output()).isZero();
        Result wrong = run("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(freshet.mqttPort()),
            "-u", "alice", "-P", "wrong", "-q", "1", "-t", "devices/d1", "-m", "x");
        assertThat(wrong.output()).contains("bad user name or password");
        Result anonymous = run("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(freshet.mqttPort()),
            "-q", "1", "-t", "devices/d1", "-m", "x");
        assertThat(anonymous.output()).contains("not authorised");
    }

    @Test
    void aGatewayInFrontOfItChecksTheClustersUsersAndWithoutAnAuthorizerAllowsThemEverything() throws Exception {
        // gateway.auth=cluster (the default on SASL) over a cluster that answers DescribeAcls with SECURITY_DISABLED
        Map<String, String> props = new HashMap<>();
        props.put(FreshetGateway.BOOTSTRAP_SERVERS, freshet.bootstrapServers());
        props.put("kafka.security.protocol", "SASL_PLAINTEXT");
        props.put("kafka.sasl.mechanism", "PLAIN");
        props.put("kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"broker\" password=\"broker-secret\";");
        props.put("gateway.auth.sasl.mechanism", "PLAIN");
        props.put("mqtt.listeners", "MQTT://127.0.0.1:0");
        props.put("http.listeners", "HTTP://127.0.0.1:0");
        props.put("metrics.enabled", "false");
        try (FreshetGateway gateway = FreshetGateway.start(FreshetGateway.Config.fromProperties(props))) {
            String port = Integer.toString(gateway.mqttPort().orElseThrow());
            Result ok = run("mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-u", "alice", "-P", "alice-secret",
                "-q", "1", "-t", "anything/at-all", "-m", "hello");
            assertThat(ok.exit()).as(ok.output()).isZero();
            Result wrong = run("mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-u", "alice", "-P", "wrong",
                "-q", "1", "-t", "anything/at-all", "-m", "x");
            assertThat(wrong.output()).contains("bad user name or password");
        }
    }

    @Test
    void consoleAndRestV2ConsumersWorkThroughTheBrokersOwnCredentials() throws Exception {
        String base = freshet.httpUri();
        assertThat(run("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", base + "/console/api/cluster").output())
            .isEqualTo("401");
        Result cluster = run("curl", "-s", "-u", "alice:alice-secret", base + "/console/api/cluster");
        assertThat(cluster.output()).contains("\"brokers\"");

        String v2 = "application/vnd.kafka.v2+json";
        Result produced = run("curl", "-s", "-u", "alice:alice-secret", "-H", "Content-Type: application/vnd.kafka.json.v2+json",
            "-d", "{\"records\":[{\"value\":{\"n\":1}}]}", base + "/topics/orders");
        assertThat(produced.output()).contains("\"offset\":0");
        Result created = run("curl", "-s", "-u", "alice:alice-secret", "-H", "Content-Type: " + v2, "-d",
            "{\"name\":\"c1\",\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}", base + "/consumers/g1");
        assertThat(created.output()).contains("\"instance_id\":\"c1\"");
        Result subscribed = run("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-u", "alice:alice-secret",
            "-H", "Content-Type: " + v2, "-d", "{\"topics\":[\"orders\"]}",
            base + "/consumers/g1/instances/c1/subscription");
        assertThat(subscribed.output()).isEqualTo("204");
        String records = "";
        for (int attempt = 0; attempt < 20 && !records.contains("\"n\":1"); attempt++) {
            records = run("curl", "-s", "-u", "alice:alice-secret", "-H", "Accept: application/vnd.kafka.json.v2+json",
                base + "/consumers/g1/instances/c1/records?timeout=500").output();
        }
        assertThat(records).contains("\"n\":1");
    }
}
