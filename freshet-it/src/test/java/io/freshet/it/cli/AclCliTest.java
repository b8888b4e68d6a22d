package io.freshet.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.EmbeddedFreshet;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code freshet acl} against a broker with {@code StandardAuthorizer} on a SASL_PLAINTEXT listener (JAAS PLAIN users
 * admin, a super user, and alice): the ACLs it creates are listed, alice's Java producer is allowed and denied by
 * them, deleting one changes what she may do; a principal without ALTER on the cluster, and a broker without an
 * authorizer, get one line and exit code 1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AclCliTest {

    private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";

    @TempDir
    static Path temp;
    private EmbeddedFreshet broker;
    private Cli cli;
    private String adminConfig;
    private String aliceConfig;

    @BeforeAll
    void start() throws Exception {
        broker = EmbeddedFreshet.start(Map.of(
                "listeners", "SASL_PLAINTEXT://127.0.0.1:0",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", PLAIN_MODULE + " required"
                        + " username=\"admin\" password=\"admin-pw\" user_admin=\"admin-pw\""
                        + " user_alice=\"alice-pw\";",
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users", "User:admin"));
        try (Admin admin = Admin.create(client("admin"))) {
            admin.createTopics(List.of(new NewTopic("cli-orders", 1, (short) 1),
                    new NewTopic("cli-secret.x", 1, (short) 1))).all().get();
        }
        cli = new Cli(broker.bootstrapServers());
        adminConfig = configFile("admin");
        aliceConfig = configFile("alice");
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void createdAclsAreListedAndGovernAliceUntilDeleted() throws Exception {
        Cli.Run allowed = acl("create", "--allow-principal", "User:alice", "--operation", "Write",
                "--topic", "cli-orders", "--topic", "cli-secret.x");
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(allowed.out()).startsWith("Created 2 ACLs:");
        Cli.Run denied = acl("create", "--deny-principal", "User:alice", "--operation", "write",
                "--topic", "cli-secret.", "--resource-pattern-type", "prefixed");
        assertThat(denied.exitCode()).as(denied.err()).isZero();

        List<String> allowOrders = List.of("User:alice", "*", "TOPIC", "cli-orders", "LITERAL", "WRITE", "ALLOW");
        List<String> denySecret = List.of("User:alice", "*", "TOPIC", "cli-secret.", "PREFIXED", "WRITE", "DENY");
        Cli.Run all = acl("list");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.rows()).containsExactly(
                List.of("PRINCIPAL", "HOST", "RESOURCE-TYPE", "RESOURCE-NAME", "PATTERN", "OPERATION", "PERMISSION"),
                allowOrders,
                denySecret, // sorted by resource name
                List.of("User:alice", "*", "TOPIC", "cli-secret.x", "LITERAL", "WRITE", "ALLOW"));
        assertThat(acl("list", "--principal", "User:alice", "--resource-pattern-type", "prefixed").rows())
                .hasSize(2).contains(denySecret);
        assertThat(acl("list", "--topic", "cli-secret.x", "--resource-pattern-type", "match").rows())
                .hasSize(3).contains(denySecret);

        send("cli-orders"); // the literal ALLOW
        assertThatThrownBy(() -> send("cli-secret.x")) // the prefixed DENY beats the literal ALLOW
                .hasCauseInstanceOf(TopicAuthorizationException.class);

        Cli.Run deleted = acl("delete", "--deny-principal", "User:alice", "--topic", "cli-secret.",
                "--resource-pattern-type", "prefixed");
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(deleted.lines().get(0)).isEqualTo("Deleted 1 ACL:");
        assertThat(deleted.rows()).contains(denySecret).hasSize(3);
        assertThat(acl("list").rows()).hasSize(3).doesNotContain(denySecret);
        send("cli-secret.x");
        assertThat(acl("delete", "--topic", "cli-secret.", "--resource-pattern-type", "prefixed").out())
                .isEqualTo("No ACL matched: nothing deleted\n");
    }

    @Test
    void aPrincipalWithoutAlterOnTheClusterIsRefused() {
        Cli.Run refused = cli.run("acl", "create", "--allow-principal", "User:alice", "--operation", "All",
                "--cluster", "--command-config", aliceConfig);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("freshet acl: CLUSTER_AUTHORIZATION_FAILED");
        assertThat(refused.out()).isEmpty();
    }

    @Test
    void aBrokerWithoutAnAuthorizerSaysSecurityDisabled() {
        try (EmbeddedFreshet open = EmbeddedFreshet.start()) {
            Cli plain = new Cli(open.bootstrapServers());
            for (Cli.Run run : List.of(plain.run("acl", "list"), plain.run("acl", "create", "--allow-principal",
                    "User:alice", "--operation", "Read", "--topic", "t"), plain.run("acl", "delete", "--topic", "t"))) {
                assertThat(run.exitCode()).isEqualTo(1);
                assertThat(run.err().lines().toList()).containsExactly("freshet acl: SECURITY_DISABLED: the broker "
                        + "has no authorizer, so it keeps no ACLs (set authorizer.class.name on the broker)");
                assertThat(run.out()).isEmpty();
            }
        }
    }

    private Cli.Run acl(String... args) {
        List<String> words = new java.util.ArrayList<>(List.of(args));
        words.addAll(List.of("--command-config", adminConfig));
        return cli.run("acl", words.toArray(String[]::new));
    }

    /** One record as alice, with a new producer (no cached metadata from a refused send). */
    private void send(String topic) throws Exception {
        Map<String, Object> props = client("alice");
        props.remove(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();
        }
    }

    private String configFile(String user) throws Exception {
        Path file = temp.resolve(user + ".properties");
        Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config="
                + PLAIN_MODULE + " required username=\"" + user + "\" password=\"" + user + "-pw\";\n");
        return file.toString();
    }

    private Map<String, Object> client(String user) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        props.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        props.put(SaslConfigs.SASL_JAAS_CONFIG, PLAIN_MODULE + " required username=\"" + user + "\" password=\""
                + user + "-pw\";");
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return props;
    }
}
