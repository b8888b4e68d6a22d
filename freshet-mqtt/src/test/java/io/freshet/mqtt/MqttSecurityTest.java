package io.freshet.mqtt;

import io.freshet.broker.BrokerConfig;
import io.freshet.broker.FreshetBroker;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * CONNECT user name and password, anonymous clients and ACLs on PUBLISH / SUBSCRIBE, seen by real clients
 * (mosquitto_pub 2.0, Paho 5). One broker for the class: {@code mqtt.allow.anonymous=false}, user alice may write
 * topic {@code granted} and read it, nothing else.
 */
class MqttSecurityTest {

    @TempDir
    static Path dataDir;
    private static FreshetBroker broker;
    private static MqttServer server;

    @BeforeAll
    static void start() {
        broker = FreshetBroker.start(BrokerConfig.fromProperties(Map.of("port", "0", "log.dirs", dataDir.toString())));
        MqttConfig config = MqttConfig.fromProperties(Map.of(MqttConfig.LISTENERS, "MQTT://127.0.0.1:0",
            MqttConfig.ALLOW_ANONYMOUS, "false"));
        server = MqttServer.start(config, broker.eventLog(), Time.SYSTEM,
            TestSecurity.allowing(Set.of("User:alice WRITE TOPIC granted", "User:alice READ TOPIC granted")),
            TestSecurity.passwords(Map.of("alice", "alice-secret")), name -> {
                throw new IllegalArgumentException(name);
            });
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void mosquittoSeesWrongPasswordAndMissingCredentials() throws Exception {
        Result right = mosquittoPub("-u", "alice", "-P", "alice-secret", "-t", "granted/dev1", "-m", "ok", "-q", "1");
        assertThat(right.exit()).as(right.output()).isZero();
        Result wrong = mosquittoPub("-u", "alice", "-P", "nope", "-t", "granted/dev1", "-m", "x", "-q", "1");
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.output()).contains("bad user name or password");
        Result anonymous = mosquittoPub("-t", "granted/dev1", "-m", "x", "-q", "1");
        assertThat(anonymous.exit()).isNotZero();
        assertThat(anonymous.output()).contains("not authorised");
        Result v5 = mosquittoPub("-V", "mqttv5", "-u", "alice", "-P", "nope", "-t", "granted/dev1", "-m", "x");
        assertThat(v5.exit()).isNotZero();
        assertThat(v5.output()).contains("Bad User Name or Password");
    }

    @Test
    void publishDeniedByAclIsAnswered0x87AndNotWritten() throws Exception {
        // Paho 1.2.5 drops its connection after a PUBACK/PUBREC failure code: one client per publish.
        for (int qos : new int[] {0, 1, 2}) {
            try (Paho5 alice = Paho5.connect(uri(), "alice-pub" + qos, credentials("alice", "alice-secret"))) {
                int code = reasonCode(alice.client.publish("secret/dev1", message("no", qos)));
                assertThat(code).as("QoS %d", qos).isEqualTo(qos == 0 ? 0 : 0x87); // QoS 0: silently dropped
            }
        }
        try (Paho5 alice = Paho5.connect(uri(), "alice-pub", credentials("alice", "alice-secret"))) {
            assertThat(reasonCode(alice.client.publish("granted/dev1", message("yes", 1)))).isZero();
        }
        assertThat(broker.eventLog().partitionCount("secret")).isEmpty(); // nothing written, not even created
        assertThat(broker.eventLog().endOffset(new TopicPartition("granted", 0))).isPositive();
    }

    @Test
    void subscribeDeniedByAclIsAnswered0x87PerFilter() throws Exception {
        try (Paho5 alice = Paho5.connect(uri(), "alice-sub", credentials("alice", "alice-secret"))) {
            assertThat(alice.subscribe("granted/#", 1)).isEqualTo(1);
            assertThat(alice.subscribe("secret/#", 1)).isEqualTo(0x87);
            assertThat(alice.subscribe("+/dev1", 1)).isEqualTo(0x87); // a wildcard first level reads every topic
            assertThat(alice.subscribe("$share/g1/granted/#", 1)).isEqualTo(0x87); // no READ on mqtt-share-g1
        }
    }

    @Test
    void willToATopicNotWritableIsRefusedAtConnect() {
        MqttConnectionOptions options = credentials("alice", "alice-secret");
        options.setWill("secret/last", message("bye", 1));
        MqttException refused = assertThrows(MqttException.class, () -> Paho5.connect(uri(), "alice-will", options));
        assertThat(refused.getReasonCode()).isEqualTo(0x87);
    }

    /** The PUBACK / PUBREC reason code (Paho throws for a refused QoS 1, completes a QoS 2 with the code). */
    private static int reasonCode(IMqttToken token) {
        try {
            token.waitForCompletion(10_000);
            return token.getReasonCodes() == null ? 0 : token.getReasonCodes()[0]; // QoS 0: no answer
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    private static MqttConnectionOptions credentials(String user, String password) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(user);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        return options;
    }

    private static MqttMessage message(String text, int qos) {
        MqttMessage message = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        message.setQos(qos);
        return message;
    }

    private static String uri() {
        return "tcp://127.0.0.1:" + server.boundPort();
    }

    record Result(int exit, String output) {
    }

    private static Result mosquittoPub(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p",
            Integer.toString(server.boundPort()), "-i", "cli-" + System.nanoTime()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(),
            StandardCharsets.UTF_8));
    }
}
