package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.freshet.it.cli.Cli;
import io.freshet.testkit.EmbeddedFreshet;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.ConfigCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SASL on a SASL_PLAINTEXT listener with real clients: the Java client with PLAIN (a JAAS user), SCRAM-SHA-256 and
 * SCRAM-SHA-512 (users made with {@code freshet users}, the Admin client and Kafka's own {@code kafka-configs.sh}
 * class), a wrong password, a revoked user, a request before authentication, credentials across a restart, kcat
 * (librdkafka 2.0.2: PLAIN only, its SCRAM is refused by Kafka 4.x too) and kafkajs with both SCRAM mechanisms.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SaslClientsTest {

    static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final String KCAT = "/usr/bin/kcat";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;
    private Path dataDir;
    private Map<String, String> brokerProps;
    private EmbeddedFreshet broker;
    private Admin admin;
    private final AtomicInteger topics = new AtomicInteger();

    @BeforeAll
    void start() throws IOException {
        dataDir = Files.createDirectories(temp.resolve("data"));
        brokerProps = Map.of(
                "listeners", "SASL_PLAINTEXT://127.0.0.1:0",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", PLAIN_MODULE + " required"
                        + " username=\"admin\" password=\"admin-pw\" user_admin=\"admin-pw\" user_alice=\"alice-pw\";");
        broker = EmbeddedFreshet.start(dataDir, brokerProps);
        admin = Admin.create(clientPropsWithBootstrap("PLAIN", "admin", "admin-pw"));
    }

    @AfterAll
    void stop() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void javaClientProducesAndConsumesWithEachMechanism() throws Exception {
        createScramUser("scram256", ScramMechanism.SCRAM_SHA_256, "pw-256");
        createScramUser("scram512", ScramMechanism.SCRAM_SHA_512, "pw-512");
        roundTrip(clientProps("PLAIN", "alice", "alice-pw"), 10);
        roundTrip(clientProps("SCRAM-SHA-256", "scram256", "pw-256"), 10);
        roundTrip(clientProps("SCRAM-SHA-512", "scram512", "pw-512"), 10);
    }

    @Test
    void wrongPasswordIsTheClientsSaslAuthenticationException() {
        createScramUser("erin", ScramMechanism.SCRAM_SHA_256, "erin-pw");
        assertThatThrownBy(() -> roundTrip(clientProps("PLAIN", "alice", "not-alices"), 1))
                .hasRootCauseInstanceOf(SaslAuthenticationException.class)
                .rootCause().hasMessageContaining("Authentication failed: Invalid username or password");
        assertThatThrownBy(() -> roundTrip(clientProps("SCRAM-SHA-256", "erin", "not-erins"), 1))
                .hasRootCauseInstanceOf(SaslAuthenticationException.class)
                .rootCause().hasMessageContaining("Authentication failed during authentication due to invalid "
                        + "credentials with SASL mechanism SCRAM-SHA-256");
    }

    @Test
    void userMadeWithKafkaConfigsWorksAndARevokedOneIsRefused() throws Exception {
        Path adminConfig = adminConfigFile();
        AtomicInteger exit = new AtomicInteger(-1);
        Exit.setExitProcedure((code, message) -> {
            exit.set(code);
            throw new IllegalStateException("kafka-configs exited " + code + ": " + message);
        });
        try {
            ConfigCommand.main(new String[]{"--bootstrap-server", broker.bootstrapServers(), "--command-config",
                    adminConfig.toString(), "--alter", "--add-config", "SCRAM-SHA-256=[password=bob-pw]",
                    "--entity-type", "users", "--entity-name", "bob"});
        } finally {
            Exit.resetExitProcedure();
        }
        assertThat(exit.get()).as("kafka-configs exit code (-1: it returned)").isEqualTo(-1);
        roundTrip(clientProps("SCRAM-SHA-256", "bob", "bob-pw"), 5);

        Cli cli = new Cli(broker.bootstrapServers());
        Cli.Run deleted = cli.run("users", "delete", "bob", "--command-config", adminConfig.toString());
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThatThrownBy(() -> roundTrip(clientProps("SCRAM-SHA-256", "bob", "bob-pw"), 1))
                .hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void freshetUsersManagesScramUsers() throws Exception {
        Cli cli = new Cli(broker.bootstrapServers());
        String config = adminConfigFile().toString();
        Cli.Run created = cli.run("users", "carol-pw\n", false, "create", "carol", "--password-stdin",
                "--mechanism", "SCRAM-SHA-512", "--iterations", "8192", "--command-config", config);
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("Stored SCRAM-SHA-512 credentials of user 'carol' (8192 iterations)");
        assertThat(cli.run("users", "describe", "carol", "--command-config", config).row("carol"))
                .contains(List.of("carol", "SCRAM-SHA-512", "8192"));
        assertThat(cli.run("users", "list", "--command-config", config).rows("carol")).hasSize(1);
        roundTrip(clientProps("SCRAM-SHA-512", "carol", "carol-pw"), 3);

        Cli.Run missing = cli.run("users", "describe", "nobody", "--command-config", config);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("RESOURCE_NOT_FOUND");
        Cli.Run tooFew = cli.run("users", "create", "dan", "--password", "x", "--iterations", "100",
                "--command-config", config);
        assertThat(tooFew.exitCode()).isEqualTo(1);
        assertThat(tooFew.err()).contains("UNACCEPTABLE_CREDENTIAL");
    }

    @Test
    void aRequestBeforeAuthenticationClosesTheConnection() throws Exception {
        try (RawKafkaConnection raw = RawKafkaConnection.open(broker.port())) {
            raw.send(new ApiVersionsRequestData(), (short) 3); // allowed before authentication
            raw.sendBytes(lengthPrefixed(RawKafkaConnection.encodeRequest(new MetadataRequestData()
                    .setTopics(null), (short) 12, 2)));
            assertThat(raw.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void handshakeV0IsFollowedByBareTokens() throws Exception {
        try (RawKafkaConnection raw = RawKafkaConnection.open(broker.port())) {
            org.apache.kafka.common.message.SaslHandshakeResponseData handshake = raw.send(
                    new org.apache.kafka.common.message.SaslHandshakeRequestData().setMechanism("PLAIN"), (short) 0);
            assertThat(handshake.errorCode()).isZero();
            assertThat(handshake.mechanisms()).containsExactly("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
            // PLAIN's bare token; the answer is a bare (empty) token, then the connection is authenticated.
            java.nio.ByteBuffer answer = raw.sendFrame("\0alice\0alice-pw".getBytes(StandardCharsets.UTF_8));
            assertThat(answer.remaining()).isZero();
            org.apache.kafka.common.message.MetadataResponseData metadata = raw.send(new MetadataRequestData()
                    .setTopics(List.of()), (short) 12);
            assertThat(metadata.brokers()).hasSize(1);
        }
    }

    @Test
    void credentialsSurviveARestart() throws Exception {
        createScramUser("frank", ScramMechanism.SCRAM_SHA_512, "frank-pw");
        admin.close(Duration.ofSeconds(1));
        broker.stop();
        broker = EmbeddedFreshet.start(dataDir, brokerProps);
        admin = Admin.create(clientPropsWithBootstrap("PLAIN", "admin", "admin-pw"));
        roundTrip(clientProps("SCRAM-SHA-512", "frank", "frank-pw"), 3);
    }

    @Test
    void kcatWithPlain() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new File(KCAT).canExecute(), KCAT + " missing");
        String topic = topic();
        List<String> sasl = List.of("-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=PLAIN",
                "-X", "sasl.username=alice", "-X", "sasl.password=alice-pw");
        Result produced = run(concat(List.of(KCAT, "-b", broker.bootstrapServers(), "-P", "-t", topic), sasl),
                "one\ntwo\nthree\n");
        assertThat(produced.exit).as(produced.stderr).isZero();
        Result consumed = run(concat(List.of(KCAT, "-b", broker.bootstrapServers(), "-C", "-t", topic, "-o",
                "beginning", "-e", "-q"), sasl), null);
        assertThat(consumed.stdout.lines().toList()).containsExactly("one", "two", "three");

        Result refused = run(concat(List.of(KCAT, "-b", broker.bootstrapServers(), "-L", "-m", "2"),
                List.of("-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=PLAIN",
                        "-X", "sasl.username=alice", "-X", "sasl.password=wrong")), null);
        assertThat(refused.exit).isNotZero();
        assertThat(refused.stderr).contains("Authentication failed: Invalid username or password");
    }

    @Test
    void kafkajsWithScramSha256And512() throws Exception {
        Path script = GroupClient.scriptDir().resolve("node/sasl-roundtrip.js");
        String missing = GroupClient.KAFKAJS.missing();
        org.junit.jupiter.api.Assumptions.assumeTrue(missing == null, "kafkajs missing: " + missing);
        createScramUser("js256", ScramMechanism.SCRAM_SHA_256, "js-pw-256");
        createScramUser("js512", ScramMechanism.SCRAM_SHA_512, "js-pw-512");
        String topic = topic();
        admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1))).all().get();
        for (String[] user : new String[][]{{"scram-sha-256", "js256", "js-pw-256"},
                {"scram-sha-512", "js512", "js-pw-512"}}) {
            JsonNode done = kafkajs(script, topic, user[0], user[1], user[2]);
            assertThat(done.path("type").asText()).as(done.toString()).isEqualTo("done");
            assertThat(done.path("consumed").asInt()).isEqualTo(10);
        }
        JsonNode refused = kafkajs(script, topic, "scram-sha-256", "js256", "wrong");
        assertThat(refused.path("type").asText()).isEqualTo("error");
        assertThat(refused.path("name").asText()).isEqualTo("KafkaJSSASLAuthenticationError");
    }

    private JsonNode kafkajs(Path script, String topic, String mechanism, String user, String password)
            throws Exception {
        Result result = run(List.of(GroupClient.NODE, script.toString(), "--bootstrap", broker.bootstrapServers(),
                "--mechanism", mechanism, "--username", user, "--password", password, "--topic", topic,
                "--count", "10"), null);
        assertThat(result.exit).as(result.stderr).isZero();
        List<String> lines = result.stdout.lines().toList();
        assertThat(lines).as(result.stderr).isNotEmpty();
        return JSON.readTree(lines.get(lines.size() - 1));
    }

    private void createScramUser(String user, ScramMechanism mechanism, String password) {
        try {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(mechanism, 4096), password))).all().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("creating " + user, e);
        }
    }

    /** Produces {@code count} records as the given client and reads them back, both through SASL. */
    private void roundTrip(Map<String, Object> sasl, int count) throws Exception {
        String topic = topic();
        // Created first, so neither client waits out auto-creation's LEADER_NOT_AVAILABLE retries.
        admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1))).all()
                .get(15, TimeUnit.SECONDS);
        Map<String, Object> producerProps = new HashMap<>(sasl);
        producerProps.put("max.block.ms", 10_000);
        producerProps.put("delivery.timeout.ms", 10_000);
        producerProps.put("request.timeout.ms", 5_000);
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker.bootstrapServers(),
                producerProps)) {
            List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sends.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
            }
            for (java.util.concurrent.Future<?> send : sends) {
                send.get(15, TimeUnit.SECONDS);
            }
        }
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(broker.bootstrapServers(), sasl)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        assertThat(values).hasSize(count).startsWith("v0").endsWith("v" + (count - 1));
    }

    static Map<String, Object> clientProps(String mechanism, String user, String password) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        props.put(SaslConfigs.SASL_MECHANISM, mechanism);
        props.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(mechanism, user, password));
        return props;
    }

    private Map<String, Object> clientPropsWithBootstrap(String mechanism, String user, String password) {
        Map<String, Object> props = clientProps(mechanism, user, password);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return props;
    }

    static String jaas(String mechanism, String user, String password) {
        return (mechanism.equals("PLAIN") ? PLAIN_MODULE : SCRAM_MODULE) + " required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private Path adminConfigFile() throws IOException {
        Path file = temp.resolve("admin.properties");
        Properties props = new Properties();
        clientProps("PLAIN", "admin", "admin-pw").forEach((k, v) -> props.put(k, v.toString()));
        try (var out = Files.newOutputStream(file)) {
            props.store(out, null);
        }
        return file;
    }

    private String topic() {
        return "sasl-" + topics.incrementAndGet();
    }

    private static byte[] lengthPrefixed(byte[] payload) {
        return java.nio.ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private Result run(List<String> command, String stdin) throws IOException, InterruptedException {
        ProcessRun.Output output = ProcessRun.run(temp, command, stdin);
        return new Result(output.exit(), output.stdout(), output.stderr());
    }
}
