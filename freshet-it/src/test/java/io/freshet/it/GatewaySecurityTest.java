package io.freshet.it;

import io.freshet.it.ProcessRun.Result;
import io.freshet.server.FreshetGateway;
import io.freshet.testkit.EmbeddedFreshet;
import io.freshet.testkit.ExternalBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
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
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.DisabledIf;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

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
 *
 * <p>With {@code -Dfreshet.it.security.kafka} (the listeners of the Apache Kafka 4.4 that
 * {@code scripts/security-kafka.sh} starts: SASL PLAIN users alice and admin with the same passwords,
 * StandardAuthorizer) the same assertions run against {@code freshet gateway} in front of it instead, with
 * {@code gateway.auth=cluster}: the passwords are checked by a PLAIN login to Kafka and the ACLs are Kafka's, created
 * by the test's Admin client as Kafka's super user admin. The gateway is not told admin is a super user (it logs in as
 * admin itself), so on its listeners admin has only its ACL, as on Freshet. Under {@code -Dfreshet.it.bootstrap}
 * alone (a Kafka without SASL users) the class is skipped.
 */
@DisabledIf(value = "withoutSaslKafka", disabledReason = "needs a Kafka with SASL PLAIN users alice and admin and an"
    + " authorizer, in front of which the gateway checks users and ACLs: scripts/security-kafka.sh start PORT DIR, then"
    + " -Dfreshet.it.security.kafka=$(scripts/security-kafka.sh listeners PORT)")
class GatewaySecurityTest {

    private static final TopicPartition SECRET = new TopicPartition("secret", 0);
    /** As scripts/security-kafka.sh listeners prints it: "PLAINTEXT://h:p,...,SASL_PLAINTEXT://h:p". */
    private static final String SECURITY_KAFKA = "freshet.it.security.kafka";

    @TempDir
    static Path dir;
    private static EmbeddedFreshet freshet;
    private static FreshetGateway gateway;
    /** How the test's Admin client reaches the broker as a user allowed to create topics and ACLs. */
    private static Map<String, Object> adminConfig;
    private static Path caFile;

    @BeforeAll
    static void start() throws Exception {
        String kafka = System.getProperty(SECURITY_KAFKA, "");
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
        props.put("mqtt.allow.anonymous", "false");
        props.put("http.allow.anonymous", "false");
        if (kafka.isBlank()) {
            props.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " user_alice=\"alice-secret\" user_admin=\"admin-secret\";");
            props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            props.put("super.users", "User:ANONYMOUS");
            props.put("sql.enabled", "false");
            freshet = EmbeddedFreshet.start(dir.resolve("data"), props);
            adminConfig = Map.of("bootstrap.servers", freshet.bootstrapServers());
        } else {
            adminConfig = new HashMap<>(Map.of("bootstrap.servers", saslPlaintext(kafka),
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"admin\" password=\"admin-secret\";"));
        }
        try (Admin admin = Admin.create(adminConfig)) {
            try {
                admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1), new NewTopic("secret", 1, (short) 1)))
                    .all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) { // a rerun against the same Kafka
                    throw e;
                }
            }
            admin.createAcls(List.of(
                allow("User:alice", ResourceType.TOPIC, "orders", AclOperation.WRITE),
                allow("User:alice", ResourceType.TOPIC, "orders", AclOperation.READ),
                allow("User:admin", ResourceType.CLUSTER, "kafka-cluster", AclOperation.DESCRIBE))).all().get();
        }
        if (!kafka.isBlank()) {
            props.put(FreshetGateway.BOOTSTRAP_SERVERS, saslPlaintext(kafka));
            adminConfig.forEach((name, value) -> {
                if (!name.equals("bootstrap.servers")) {
                    props.put("kafka." + name, value.toString());
                }
            });
            props.put("gateway.auth", "cluster");
            props.put("gateway.auth.sasl.mechanism", "PLAIN"); // alice is a PLAIN user of Kafka's JAAS configuration
            gateway = FreshetGateway.start(FreshetGateway.Config.fromProperties(props));
        }
    }

    /** Against an external broker (-Dfreshet.it.bootstrap) that is not the SASL Kafka of scripts/security-kafka.sh. */
    static boolean withoutSaslKafka() {
        return ExternalBroker.isSet() && System.getProperty(SECURITY_KAFKA, "").isBlank();
    }

    private static String saslPlaintext(String listeners) {
        for (String listener : listeners.split(",")) {
            if (listener.trim().startsWith("SASL_PLAINTEXT://")) {
                return listener.trim().substring("SASL_PLAINTEXT://".length());
            }
        }
        throw new IllegalArgumentException(SECURITY_KAFKA + " names no SASL_PLAINTEXT listener: " + listeners);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (freshet != null) {
            freshet.close();
        }
    }

    /** The MQTTS port of Freshet's or the gateway's MQTT listener. */
    private static int mqttsPort() {
        return gateway != null ? gateway.mqttPort("MQTTS").orElseThrow() : freshet.mqttsPort();
    }

    private static String mqttUri() {
        return gateway != null ? "tcp://127.0.0.1:" + gateway.mqttPort("MQTT").orElseThrow() : freshet.mqttUri();
    }

    private static String httpsUri() {
        return gateway != null ? "https://127.0.0.1:" + gateway.httpPort("HTTPS").orElseThrow() : freshet.httpsUri();
    }

    private static String clusterId() {
        return gateway != null ? gateway.clusterId() : freshet.clusterId();
    }

    /** The partition's end offset, as the test's Admin client lists it. */
    private static long endOffset(TopicPartition tp) throws Exception {
        try (Admin admin = Admin.create(adminConfig)) {
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(20, TimeUnit.SECONDS)
                .offset();
        }
    }

    @Test
    void mosquittoOverMqttsWithRightAndWrongPasswords() throws Exception {
        String port = Integer.toString(mqttsPort());
        Result ok = run("mosquitto_pub", "-h", "127.0.0.1", "-p", port, "--cafile", caFile.toString(),
            "-u", "alice", "-P", "alice-secret", "-q", "1", "-t", "orders/o1", "-m", "over-tls");
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(endOffset(new TopicPartition("orders", 0))).isPositive();
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
        try (Paho alice = Paho.connect(mqttUri(), "alice-1")) {
            assertThat(alice.publish("secret/x", 1)).isEqualTo(0x87);
        }
        try (Paho alice = Paho.connect(mqttUri(), "alice-2")) {
            assertThat(alice.publish("secret/x", 2)).isEqualTo(0x87);
        }
        assertThat(endOffset(SECRET)).isZero(); // nothing written
        try (Paho alice = Paho.connect(mqttUri(), "alice-3")) {
            assertThat(alice.publish("orders/o2", 1)).isZero();
            assertThat(alice.subscribe("orders/#")).isEqualTo(1);
            assertThat(alice.subscribe("secret/#")).isEqualTo(0x87);
            assertThat(alice.subscribe("+/o1")).isEqualTo(0x87); // a wildcard first level reads every topic
            assertThat(alice.subscribe("$share/g/orders/#")).isEqualTo(0x87); // no READ on group mqtt-share-g
        }
        MqttConnectionOptions will = Paho.options();
        will.setWill("secret/last", new MqttMessage("bye".getBytes(StandardCharsets.UTF_8)));
        MqttException refused = assertThrows(MqttException.class, () -> Paho.connect(mqttUri(), "w", will));
        assertThat(refused.getReasonCode()).isEqualTo(0x87);
    }

    @Test
    void curlOverHttpsWithBasicAuthAndAcls() throws Exception {
        String records = httpsUri() + "/v3/clusters/" + clusterId() + "/topics/%s/records";
        String body = "{\"value\":{\"type\":\"JSON\",\"data\":{\"n\":1}}}";
        assertThat(curl("-u", "alice:alice-secret", "-H", "Content-Type: application/json", "-d", body,
            records.formatted("orders"))).startsWith("200 ").contains("\"error_code\":200");
        assertThat(curl("-u", "alice:nope", "-H", "Content-Type: application/json", "-d", body,
            records.formatted("orders"))).startsWith("401 ").contains("\"error_code\":40101");
        assertThat(curl("-H", "Content-Type: application/json", "-d", body, records.formatted("orders")))
            .startsWith("401 ");
        assertThat(curl("-u", "alice:alice-secret", "-H", "Content-Type: application/json", "-d", body,
            records.formatted("secret"))).startsWith("403 ").contains("\"error_code\":40301");
        assertThat(endOffset(SECRET)).isZero();

        for (String path : List.of("/metrics", "/console/api/cluster")) {
            assertThat(curl(httpsUri() + path)).as(path).startsWith("401 ");
            assertThat(curl("-u", "alice:alice-secret", httpsUri() + path)).as(path).startsWith("403 ");
            assertThat(curl("-u", "admin:admin-secret", httpsUri() + path)).as(path).startsWith("200 ");
        }
        // The console lists only what its user may DESCRIBE: admin may describe the cluster, no topic.
        assertThat(curl("-u", "admin:admin-secret", httpsUri() + "/console/api/topics"))
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
