package io.freshet.it;

import io.freshet.it.ProcessRun.Result;
import io.freshet.testkit.EmbeddedFreshet;
import io.freshet.testkit.FreshetOnly;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.freshet.it.ProcessRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Users, TLS and ACLs on the MQTT and HTTP listeners with the broker's real configuration, as mosquitto_pub, Paho 5
 * and curl see them. One broker: a PLAINTEXT Kafka listener (the test's Admin client creates the ACLs as
 * {@code User:ANONYMOUS}, made a super user for that; the gateways refuse anonymous clients), PLAIN JAAS users alice
 * and admin, Freshet's authorizer; {@code MQTT://} and {@code MQTTS://}, and {@code HTTPS://} only, with a
 * self-signed certificate for 127.0.0.1 the clients are told to trust. ACLs: alice may WRITE, READ and DESCRIBE
 * topic {@code orders}; admin may DESCRIBE the cluster.
 */
@FreshetOnly("users, ACLs and TLS of the MQTT and HTTP listeners from the broker's own stores; freshet gateway has no users or ACLs")
class GatewaySecurityTest {

    private static final TopicPartition SECRET = new TopicPartition("secret", 0);

    @TempDir
    static Path dir;
    private static EmbeddedFreshet freshet;
    private static Path caFile;

    @BeforeAll
    static void start() throws Exception {
        caFile = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
            caFile.toString(), "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        Map<String, String> props = new HashMap<>();
        props.put("mqtt.listeners", "MQTT://127.0.0.1:0,MQTTS://127.0.0.1:0");
        props.put("http.listeners", "HTTPS://127.0.0.1:0");
        props.put("ssl.keystore.type", "PEM"); // both TLS listeners: ssl.* applies where no listener.name.* does
        props.put("ssl.keystore.certificate.chain", Files.readString(caFile));
        props.put("ssl.keystore.key", Files.readString(key));
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " user_alice=\"alice-secret\" user_admin=\"admin-secret\";");
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", "User:ANONYMOUS");
        props.put("mqtt.allow.anonymous", "false");
        props.put("http.allow.anonymous", "false");
        props.put("sql.enabled", "false");
        freshet = EmbeddedFreshet.start(dir.resolve("data"), props);
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", freshet.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1), new NewTopic("secret", 1, (short) 1)))
                .all().get();
            admin.createAcls(List.of(
                allow("User:alice", ResourceType.TOPIC, "orders", AclOperation.WRITE),
                allow("User:alice", ResourceType.TOPIC, "orders", AclOperation.READ),
                allow("User:admin", ResourceType.CLUSTER, "kafka-cluster", AclOperation.DESCRIBE))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        if (freshet != null) {
            freshet.close();
        }
    }

    @Test
    void mosquittoOverMqttsWithRightAndWrongPasswords() throws Exception {
        String port = Integer.toString(freshet.mqttsPort());
        Result ok = run("mosquitto_pub", "-h", "127.0.0.1", "-p", port, "--cafile", caFile.toString(),
            "-u", "alice", "-P", "alice-secret", "-q", "1", "-t", "orders/o1", "-m", "over-tls");
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(freshet.broker().eventLog().endOffset(new TopicPartition("orders", 0))).isPositive();
        Result wrong = run("mosquitto_pub", "-h", "127.0.0.1", "-p", port, "--cafile", caFile.toString(),
            "-u", "alice", "-P", "nope", "-q", "1", "-t", "orders/o1", "-m", "x");
        assertThat(wrong.output()).contains("bad user name or password");
        Result anonymous = run("mosquitto_pub", "-h", "127.0.0.1", "-p", port, "--cafile", caFile.toString(),
            "-q", "1", "-t", "orders/o1", "-m", "x");
        assertThat(anonymous.output()).contains("not authorised");
        Result untrusted = run("mosquitto_pub", "-h", "127.0.0.1", "-p", port, "--capath", dir.toString(),
            "-u", "alice", "-P", "alice-secret", "-t", "orders/o1", "-m", "x");
        assertThat(untrusted.exit()).isNotZero(); // the certificate is not trusted: no connection
    }

    @Test
    void pahoPublishAndSubscribeDeniedByAcls() throws Exception {
        // Paho 1.2.5 drops its connection after a PUBACK failure code: a client for each refused publish.
        try (Paho alice = Paho.connect(freshet.mqttUri(), "alice-1")) {
            assertThat(alice.publish("secret/x", 1)).isEqualTo(0x87);
        }
        try (Paho alice = Paho.connect(freshet.mqttUri(), "alice-2")) {
            assertThat(alice.publish("secret/x", 2)).isEqualTo(0x87);
        }
        assertThat(freshet.broker().eventLog().endOffset(SECRET)).isZero(); // nothing written
        try (Paho alice = Paho.connect(freshet.mqttUri(), "alice-3")) {
            assertThat(alice.publish("orders/o2", 1)).isZero();
            assertThat(alice.subscribe("orders/#")).isEqualTo(1);
            assertThat(alice.subscribe("secret/#")).isEqualTo(0x87);
            assertThat(alice.subscribe("+/o1")).isEqualTo(0x87); // a wildcard first level reads every topic
            assertThat(alice.subscribe("$share/g/orders/#")).isEqualTo(0x87); // no READ on group mqtt-share-g
        }
        MqttConnectionOptions will = Paho.options();
        will.setWill("secret/last", new MqttMessage("bye".getBytes(StandardCharsets.UTF_8)));
        MqttException refused = assertThrows(MqttException.class, () -> Paho.connect(freshet.mqttUri(), "w", will));
        assertThat(refused.getReasonCode()).isEqualTo(0x87);
    }

    @Test
    void curlOverHttpsWithBasicAuthAndAcls() throws Exception {
        String records = freshet.httpsUri() + "/v3/clusters/" + freshet.clusterId() + "/topics/%s/records";
        String body = "{\"value\":{\"type\":\"JSON\",\"data\":{\"n\":1}}}";
        assertThat(curl("-u", "alice:alice-secret", "-H", "Content-Type: application/json", "-d", body,
            records.formatted("orders"))).startsWith("200 ").contains("\"error_code\":200");
        assertThat(curl("-u", "alice:nope", "-H", "Content-Type: application/json", "-d", body,
            records.formatted("orders"))).startsWith("401 ").contains("\"error_code\":40101");
        assertThat(curl("-H", "Content-Type: application/json", "-d", body, records.formatted("orders")))
            .startsWith("401 ");
        assertThat(curl("-u", "alice:alice-secret", "-H", "Content-Type: application/json", "-d", body,
            records.formatted("secret"))).startsWith("403 ").contains("\"error_code\":40301");
        assertThat(freshet.broker().eventLog().endOffset(SECRET)).isZero();

        for (String path : List.of("/metrics", "/console/api/cluster")) {
            assertThat(curl(freshet.httpsUri() + path)).as(path).startsWith("401 ");
            assertThat(curl("-u", "alice:alice-secret", freshet.httpsUri() + path)).as(path).startsWith("403 ");
            assertThat(curl("-u", "admin:admin-secret", freshet.httpsUri() + path)).as(path).startsWith("200 ");
        }
        // The console lists only what its user may DESCRIBE: admin may describe the cluster, no topic.
        assertThat(curl("-u", "admin:admin-secret", freshet.httpsUri() + "/console/api/topics"))
            .startsWith("200 ").doesNotContain("orders");
    }

    /** curl over HTTPS trusting the test CA: "STATUS BODY". */
    private static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "--cacert", caFile.toString(),
            "-w", "\n%{http_code}"));
        command.addAll(List.of(args));
        String output = run(command.toArray(String[]::new)).output();
        int newline = output.lastIndexOf('\n');
        return output.substring(newline + 1) + " " + output.substring(0, Math.max(newline, 0));
    }

    private static AclBinding allow(String principal, ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
            new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    /** Paho 5 as alice. */
    private record Paho(MqttAsyncClient client) implements AutoCloseable {

        static MqttConnectionOptions options() {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setUserName("alice");
            options.setPassword("alice-secret".getBytes(StandardCharsets.UTF_8));
            return options;
        }

        static Paho connect(String uri, String clientId) throws MqttException {
            return connect(uri, clientId, options());
        }

        static Paho connect(String uri, String clientId, MqttConnectionOptions options) throws MqttException {
            MqttAsyncClient client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
            try {
                client.connect(options).waitForCompletion(10_000);
            } catch (MqttException e) {
                client.close();
                throw e;
            }
            return new Paho(client);
        }

        /** The PUBACK / PUBREC reason code (Paho throws for a refused QoS 1, completes a QoS 2 with it). */
        int publish(String topic, int qos) throws MqttException {
            MqttMessage message = new MqttMessage("m".getBytes(StandardCharsets.UTF_8));
            message.setQos(qos);
            IMqttToken token = client.publish(topic, message);
            try {
                token.waitForCompletion(10_000);
                return token.getReasonCodes() == null ? 0 : token.getReasonCodes()[0];
            } catch (MqttException e) {
                return e.getReasonCode();
            }
        }

        int subscribe(String filter) throws MqttException {
            IMqttToken token = client.subscribe(new MqttSubscription(filter, 1));
            token.waitForCompletion(10_000);
            return token.getReasonCodes()[0];
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000, false);
            }
            client.close();
        }
    }
}
