package io.freshet.it.security;

import static io.freshet.it.ProcessRun.run;
import static io.freshet.it.security.SecureBroker.ADMIN;
import static io.freshet.it.security.SecureBroker.BOB;
import static io.freshet.it.security.SecureBroker.acl;
import static io.freshet.it.security.SecureBroker.allow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.freshet.it.ProcessRun.Result;
import io.freshet.it.security.SecureBroker.Credentials;
import io.freshet.it.security.SecureBroker.Listener;
import io.freshet.server.FreshetGateway;
import io.freshet.server.gateway.ClusterPasswordCheck;

import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.awaitility.Awaitility;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code freshet gateway} with the cluster's own users and ACLs ({@code gateway.auth=cluster}) in front of the secured
 * broker of {@code security/server.properties} (Freshet, or Apache Kafka 4.4 with StandardAuthorizer under
 * {@code -Dfreshet.it.security.kafka}): the gateway logs in on SASL_PLAINTEXT as the super user admin (PLAIN); the
 * end users carol, dave and erin are SCRAM-SHA-256 users created through AlterUserScramCredentials, and their rights are
 * ACLs created through CreateAcls, so nothing about them is configured on the gateway. carol may WRITE and READ topic
 * gw-orders-N, WRITE (only) every topic prefixed gw-in-N-; nobody may use gw-secret-N.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GatewayClusterSecurityTest {

    private static final String CAROL_SECRET = "carol-secret";
    /** How often this test's gateway reads the ACLs again (the default is 5 s). */
    private static final long REFRESH_MS = 500;

    @TempDir
    static Path temp;

    private SecureBroker broker;
    private FreshetGateway gateway;
    private final String suffix = Long.toString(System.currentTimeMillis() % 1_000_000); // Kafka keeps topics between runs
    private final String orders = "gw-orders-" + suffix;
    private final String inbox = "gw-in-" + suffix + "-a";
    private final String secret = "gw-secret-" + suffix;
    private final String later = "gw-later-" + suffix;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws Exception {
        broker = SecureBroker.start(temp);
        broker.upsertScram(ScramMechanism.SCRAM_SHA_256, "carol", CAROL_SECRET);
        broker.upsertScram(ScramMechanism.SCRAM_SHA_256, "dave", "dave-secret");
        broker.upsertScram(ScramMechanism.SCRAM_SHA_256, "erin", "erin-secret"); // connects only to be timed
        broker.createTopics(1, orders, inbox, secret, later);
        broker.createAcls(
            allow("User:carol", ResourceType.TOPIC, orders, PatternType.LITERAL, AclOperation.WRITE),
            allow("User:carol", ResourceType.TOPIC, orders, PatternType.LITERAL, AclOperation.READ),
            allow("User:carol", ResourceType.TOPIC, "gw-in-" + suffix + "-", PatternType.PREFIXED, AclOperation.WRITE));
        gateway = FreshetGateway.start(FreshetGateway.Config.fromProperties(gatewayProperties(ADMIN)));
    }

    /** The gateway's keys: its own login to the cluster ({@code kafka.*}) and the cluster's broker ACL settings. */
    private Map<String, String> gatewayProperties(Credentials login) {
        Map<String, String> props = new HashMap<>();
        props.put(FreshetGateway.BOOTSTRAP_SERVERS, broker.bootstrap(Listener.SASL_PLAINTEXT));
        broker.clientConfig(Listener.SASL_PLAINTEXT, login).forEach((key, value) -> {
            if (!key.equals("bootstrap.servers")) {
                props.put("kafka." + key, value.toString());
            }
        });
        props.put("super.users", "User:admin");
        props.put("allow.everyone.if.no.acl.found", "false");
        props.put("gateway.acl.refresh.ms", Long.toString(REFRESH_MS));
        props.put("mqtt.listeners", "MQTT://127.0.0.1:0");
        props.put("http.listeners", "HTTP://127.0.0.1:0");
        props.put("metrics.enabled", "false");
        return props;
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void mosquittoWithTheClustersPasswordPublishesAndAWrongOneIsRefused() throws Exception {
        long before = endOffset(orders);
        Result ok = mosquittoPub("carol", CAROL_SECRET, orders + "/m1");
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(endOffset(orders)).isEqualTo(before + 1);

        Result wrong = mosquittoPub("carol", "guess", orders + "/m1"); // MQTT 3.1.1: CONNACK return code 4
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.output()).contains("bad user name or password");
        Result nobody = mosquittoPub("mallory", "x", orders + "/m1");
        assertThat(nobody.output()).contains("bad user name or password");
        assertThat(endOffset(orders)).isEqualTo(before + 1);
    }

    @Test
    void pahoMqtt5IsRefusedAWrongPasswordAndATopicWithoutWrite() throws Exception {
        MqttException wrong = org.junit.jupiter.api.Assertions.assertThrows(MqttException.class,
            () -> connect("carol", "guess", "p-wrong").close());
        assertThat(wrong.getReasonCode()).isEqualTo(0x86); // Bad User Name or Password

        try (Paho carol = connect("carol", CAROL_SECRET, "p-carol-1")) {
            assertThat(carol.publish(orders + "/m2")).isZero();
        }
        try (Paho carol = connect("carol", CAROL_SECRET, "p-carol-2")) { // Paho drops its connection after a 0x87
            assertThat(carol.publish(secret + "/m")).isEqualTo(0x87); // Not authorized: no ACL on the topic
        }
        try (Paho dave = connect("dave", "dave-secret", "p-dave")) { // a user without any ACL
            assertThat(dave.publish(orders + "/m")).isEqualTo(0x87);
        }
        assertThat(endOffset(secret)).isZero();
    }

    @Test
    void httpBasicChecksTheClustersPasswordsAndAcls() throws Exception {
        String body = "{\"value\":{\"type\":\"JSON\",\"data\":{\"n\":1}}}";
        assertThat(post(records(orders), "carol", CAROL_SECRET, body).statusCode()).isEqualTo(200);
        assertThat(post(records(inbox), "carol", CAROL_SECRET, body).statusCode()).isEqualTo(200); // prefixed ACL
        HttpResponse<String> wrong = post(records(orders), "carol", "guess", body);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("40101");
        HttpResponse<String> noWrite = post(records(secret), "carol", CAROL_SECRET, body);
        assertThat(noWrite.statusCode()).isEqualTo(403);
        assertThat(noWrite.body()).contains("40301");
        // WRITE but not READ on the inbox: its stream is refused before it starts.
        assertThat(get(records(inbox) + ":stream", "carol", CAROL_SECRET).statusCode()).isEqualTo(403);
        assertThat(endOffset(secret)).isZero();
    }

    @Test
    void anAclCreatedOnTheClusterTakesEffectWithinTheRefreshInterval() throws Exception {
        String body = "{\"value\":{\"type\":\"STRING\",\"data\":\"late\"}}";
        assertThat(post(records(later), "carol", CAROL_SECRET, body).statusCode()).isEqualTo(403);

        long created = System.nanoTime();
        broker.createAcls(allow("User:carol", ResourceType.TOPIC, later, PatternType.LITERAL, AclOperation.WRITE));
        Awaitility.await().atMost(Duration.ofMillis(REFRESH_MS * 10 + 5_000)).pollInterval(Duration.ofMillis(50))
            .until(() -> post(records(later), "carol", CAROL_SECRET, body).statusCode() == 200);
        long tookMs = (System.nanoTime() - created) / 1_000_000;
        System.out.printf("GatewayClusterSecurityTest on %s: an ACL created took effect on the gateway after %d ms"
            + " (gateway.acl.refresh.ms=%d)%n", broker.name(), tookMs, REFRESH_MS);

        // A DENY beats the ALLOW, from the next read on.
        broker.createAcls(acl("User:carol", ResourceType.TOPIC, later, PatternType.LITERAL, AclOperation.WRITE,
            AclPermissionType.DENY));
        Awaitility.await().atMost(Duration.ofMillis(REFRESH_MS * 10 + 5_000)).pollInterval(Duration.ofMillis(50))
            .until(() -> post(records(later), "carol", CAROL_SECRET, body).statusCode() == 403);
    }

    @Test
    void aRememberedPasswordSkipsTheClusterLogin() throws Exception {
        long cold = timeConnect("erin", "erin-secret", "t-erin-1");
        long cached = timeConnect("erin", "erin-secret", "t-erin-2");
        long cachedAgain = timeConnect("erin", "erin-secret", "t-erin-3");
        System.out.printf("GatewayClusterSecurityTest on %s: MQTT CONNECT to CONNACK with a SCRAM password: cold %.1f ms"
            + " (a SASL login to the cluster), cached %.1f ms, %.1f ms%n", broker.name(), cold / 1e6, cached / 1e6,
            cachedAgain / 1e6);

        // The check alone, as the listeners' password-check threads run it.
        Map<String, String> props = gatewayProperties(ADMIN);
        FreshetGateway.Config config = FreshetGateway.Config.fromProperties(props);
        ClusterPasswordCheck check = ClusterPasswordCheck.of(config.auth(), config.log().bootstrapServers(),
            config.log().clientProperties());
        byte[] password = "fay-secret".getBytes(StandardCharsets.UTF_8);
        broker.upsertScram(ScramMechanism.SCRAM_SHA_256, "fay", "fay-secret");
        long start = System.nanoTime();
        assertThat(check.check("fay", password)).isPresent();
        long login = System.nanoTime() - start;
        start = System.nanoTime();
        assertThat(check.check("fay", password)).isPresent();
        long remembered = System.nanoTime() - start;
        start = System.nanoTime();
        assertThat(check.check("fay", "guess".getBytes(StandardCharsets.UTF_8))).isEmpty();
        long refused = System.nanoTime() - start;
        System.out.printf("GatewayClusterSecurityTest on %s: ClusterPasswordCheck: a SASL login %.1f ms, a remembered"
            + " password %.3f ms, a wrong password %.1f ms%n", broker.name(), login / 1e6, remembered / 1e6,
            refused / 1e6);
        assertThat(remembered).isLessThan(login);
    }

    @Test
    void aStormOfNewUsersConnects() throws Exception {
        int devices = 16;
        for (int i = 0; i < devices; i++) {
            broker.upsertScram(ScramMechanism.SCRAM_SHA_256, "storm-" + suffix + "-" + i, "storm-secret");
        }
        long[] answered = atOnce(devices, i -> connect("storm-" + suffix + "-" + i, "storm-secret",
            "storm-" + suffix + "-" + i));
        System.out.printf("GatewayClusterSecurityTest on %s: %d new users connecting at once: the last CONNACK"
            + " after %d ms%n", broker.name(), devices, answered[1]);
    }

    @Test
    void whileTheClusterDoesNotAnswerLoginsNewUsersAreToldToRetryAndRememberedOnesGetIn() throws Exception {
        // A second gateway bootstrapping through a forwarder: once it knows the brokers it talks to them directly,
        // but each login's new client starts at the forwarder, which then stops answering (a cluster out of reach).
        broker.upsertScram(ScramMechanism.SCRAM_SHA_256, "gail", "gail-secret");
        broker.createAcls(allow("User:gail", ResourceType.TOPIC, orders, PatternType.LITERAL, AclOperation.WRITE));
        try (TcpForwarder forwarder = TcpForwarder.to(broker.bootstrap(Listener.SASL_PLAINTEXT))) {
            Map<String, String> props = gatewayProperties(ADMIN);
            props.put(FreshetGateway.BOOTSTRAP_SERVERS, forwarder.address());
            props.put("gateway.auth.timeout.ms", "1000");
            try (FreshetGateway cut = FreshetGateway.start(FreshetGateway.Config.fromProperties(props))) {
                int mqtt = cut.mqttPort().orElseThrow();
                String uri = records(cut, orders);
                connect(mqtt, "carol", CAROL_SECRET, "t-carol-before").close(); // remembered from now on

                forwarder.blackHole(true);
                connect(mqtt, "carol", CAROL_SECRET, "t-carol-during").close();
                assertThatThrownBy(() -> connect(mqtt, "gail", "gail-secret", "t-gail-during"))
                    .isInstanceOfSatisfying(MqttException.class,
                        e -> assertThat(e.getReasonCode()).as("CONNACK reason").isEqualTo(0x88)); // Server unavailable
                Result pub = run("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(mqtt), "-u", "gail",
                    "-P", "gail-secret", "-q", "1", "-t", orders + "/m", "-m", "x"); // MQTT 3.1.1: return code 3
                assertThat(pub.exit()).isNotZero();
                assertThat(pub.output()).containsIgnoringCase("unavailable");
                HttpResponse<String> busy = post(uri, "gail", "gail-secret", "{\"value\":{\"type\":\"STRING\","
                    + "\"data\":\"x\"}}");
                assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
                assertThat(busy.headers().firstValue("Retry-After")).contains("1");
                assertThat(busy.body()).contains("\"error_code\":50300");
                long[] storm = stormDuringOutage(mqtt, 16);
                System.out.printf("GatewayClusterSecurityTest on %s: 16 new users at once while the cluster does not"
                    + " answer (gateway.auth.timeout.ms=1000): CONNACK 0x88 to all, the first after %d ms, the last"
                    + " after %d ms%n", broker.name(), storm[0], storm[1]);

                forwarder.blackHole(false);
                Awaitility.await("gail logs in once the cluster answers").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> post(uri, "gail", "gail-secret", "{\"value\":{\"type\":\"STRING\","
                        + "\"data\":\"y\"}}").statusCode() == 200);
                connect(mqtt, "gail", "gail-secret", "t-gail-after").close();
            }
        }
    }

    /** {@code devices} new users connecting at once, each refused with 0x88: ms to the first and the last CONNACK. */
    private static long[] stormDuringOutage(int port, int devices) throws Exception {
        return atOnce(devices, i -> {
            assertThatThrownBy(() -> connect(port, "outage-" + i, "any", "outage-" + i))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x88));
            return () -> { };
        });
    }

    /** One of {@link #atOnce}'s clients: the i-th attempt, and what to close once it is timed (its connection). */
    private interface Attempt {
        AutoCloseable run(int i) throws Exception;
    }

    /** {@code n} attempts started together, each on its own thread: ms from the start to the first and last done. */
    private static long[] atOnce(int n, Attempt attempt) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(n);
        try {
            long start = System.nanoTime();
            List<Future<Long>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                done.add(clients.submit(() -> {
                    try (AutoCloseable connection = attempt.run(index)) {
                        return (System.nanoTime() - start) / 1_000_000;
                    }
                }));
            }
            long first = Long.MAX_VALUE;
            long last = 0;
            for (Future<Long> each : done) {
                long ms = each.get(60, TimeUnit.SECONDS);
                first = Math.min(first, ms);
                last = Math.max(last, ms);
            }
            return new long[] {first, last};
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aGatewayWhosePrincipalMayNotReadTheAclsRefusesToStart() {
        // bob is a PLAIN user of the cluster without DESCRIBE on it.
        assertThatThrownBy(() -> FreshetGateway.start(FreshetGateway.Config.fromProperties(gatewayProperties(BOB))))
            .hasMessageContaining("DESCRIBE on the cluster");
    }

    private long timeConnect(String user, String password, String clientId) throws Exception {
        long start = System.nanoTime();
        try (Paho client = connect(user, password, clientId)) {
            return System.nanoTime() - start;
        }
    }

    private Result mosquittoPub(String user, String password, String topic) throws Exception {
        return run("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(gateway.mqttPort().orElseThrow()),
            "-u", user, "-P", password, "-q", "1", "-t", topic, "-m", "hello");
    }

    private long endOffset(String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        return broker.admin().listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp)
            .get(20, TimeUnit.SECONDS).offset();
    }

    private String records(String topic) {
        return records(gateway, topic);
    }

    private static String records(FreshetGateway through, String topic) {
        return "http://127.0.0.1:" + through.httpPort().orElseThrow() + "/v3/clusters/" + through.clusterId()
            + "/topics/" + topic + "/records";
    }

    private HttpResponse<String> post(String uri, String user, String password, String json) throws Exception {
        return http.send(request(uri, user, password).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String uri, String user, String password) throws Exception {
        return http.send(request(uri, user, password).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String uri, String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(20))
            .header("Authorization", "Basic " + basic);
    }

    private Paho connect(String user, String password, String clientId) throws MqttException {
        return connect(gateway.mqttPort().orElseThrow(), user, password, clientId);
    }

    private static Paho connect(int port, String user, String password, String clientId) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(user);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        try {
            client.connect(options).waitForCompletion(20_000);
        } catch (MqttException e) {
            client.close();
            throw e;
        }
        return new Paho(client);
    }

    /** A connected Paho 5 client. */
    private record Paho(MqttAsyncClient client) implements AutoCloseable {

        /** The PUBACK's reason code of a QoS 1 publish (Paho throws for a failure code). */
        int publish(String topic) throws MqttException {
            IMqttToken token = client.publish(topic, new MqttMessage("m".getBytes(StandardCharsets.UTF_8), 1, false,
                null));
            try {
                token.waitForCompletion(20_000);
                return token.getReasonCodes() == null ? 0 : token.getReasonCodes()[0];
            } catch (MqttException e) {
                return e.getReasonCode();
            }
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
