package io.freshet.it.security;

import static io.freshet.it.security.SecureBroker.ADMIN;
import static io.freshet.it.security.SecureBroker.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.freshet.it.cli.Cli;
import io.freshet.it.security.SecureBroker.Credentials;
import io.freshet.it.security.SecureBroker.Listener;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code freshet acl} against the secured broker of {@code security/server.properties} (Freshet, or Apache Kafka 4.4
 * with StandardAuthorizer under {@code -Dfreshet.it.security.kafka}), as the super user admin over SASL_PLAINTEXT: the
 * ACLs it creates are listed, a SCRAM user's Java producer is allowed and denied by them, deleting one changes what the
 * user may do; a principal without ALTER on the cluster gets one line and exit code 1. Names carry a suffix: on Kafka
 * the broker, and its ACLs, outlive the run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AclCommandTest {

    @TempDir
    static Path temp;
    private SecureBroker broker;
    private Cli cli;
    private final String suffix = Long.toString(System.currentTimeMillis() % 1_000_000);
    private final String user = "cli-" + suffix;
    private final String principal = "User:" + user;
    private final String orders = "cli-orders-" + suffix;
    private final String secretPrefix = "cli-secret-" + suffix + ".";
    private final String secret = secretPrefix + "x";
    private Credentials userCredentials;
    private String adminConfig;
    private String aliceConfig;

    @BeforeAll
    void start() throws Exception {
        broker = SecureBroker.start(temp);
        userCredentials = Credentials.scram(ScramMechanism.SCRAM_SHA_256, user, user + "-pw");
        broker.upsertScram(ScramMechanism.SCRAM_SHA_256, user, user + "-pw");
        broker.createTopics(1, orders, secret);
        cli = new Cli(broker.bootstrap(Listener.SASL_PLAINTEXT));
        adminConfig = configFile("admin", ADMIN);
        aliceConfig = configFile("alice", ALICE);
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void createdAclsAreListedAndGovernTheUserUntilDeleted() throws Exception {
        Cli.Run allowed = acl("create", "--allow-principal", principal, "--operation", "Write",
                "--topic", orders, "--topic", secret);
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(allowed.out()).startsWith("Created 2 ACLs:");
        Cli.Run denied = acl("create", "--deny-principal", principal, "--operation", "write",
                "--topic", secretPrefix, "--resource-pattern-type", "prefixed");
        assertThat(denied.exitCode()).as(denied.err()).isZero();

        List<String> allowOrders = List.of(principal, "*", "TOPIC", orders, "LITERAL", "WRITE", "ALLOW");
        List<String> denySecret = List.of(principal, "*", "TOPIC", secretPrefix, "PREFIXED", "WRITE", "DENY");
        Cli.Run mine = acl("list", "--principal", principal);
        assertThat(mine.exitCode()).as(mine.err()).isZero();
        assertThat(mine.rows()).containsExactly(
                List.of("PRINCIPAL", "HOST", "RESOURCE-TYPE", "RESOURCE-NAME", "PATTERN", "OPERATION", "PERMISSION"),
                allowOrders,
                denySecret, // sorted by resource name
                List.of(principal, "*", "TOPIC", secret, "LITERAL", "WRITE", "ALLOW"));
        assertThat(acl("list", "--principal", principal, "--resource-pattern-type", "prefixed").rows())
                .hasSize(2).contains(denySecret);
        assertThat(acl("list", "--topic", secret, "--resource-pattern-type", "match").rows())
                .hasSize(3).contains(denySecret);

        send(orders); // the literal ALLOW
        assertThatThrownBy(() -> send(secret)) // the prefixed DENY beats the literal ALLOW
                .hasCauseInstanceOf(TopicAuthorizationException.class);

        Cli.Run deleted = acl("delete", "--deny-principal", principal, "--topic", secretPrefix,
                "--resource-pattern-type", "prefixed");
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(deleted.lines().get(0)).isEqualTo("Deleted 1 ACL:");
        assertThat(deleted.rows()).contains(denySecret).hasSize(3);
        assertThat(acl("list", "--principal", principal).rows()).hasSize(3).doesNotContain(denySecret);
        send(secret);
        assertThat(acl("delete", "--topic", secretPrefix, "--resource-pattern-type", "prefixed").out())
                .isEqualTo("No ACL matched: nothing deleted\n");
    }

    @Test
    void aPrincipalWithoutAlterOnTheClusterIsRefused() {
        Cli.Run refused = cli.run("acl", "create", "--allow-principal", principal, "--operation", "All",
                "--cluster", "--command-config", aliceConfig);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("freshet acl: CLUSTER_AUTHORIZATION_FAILED");
        assertThat(refused.out()).isEmpty();
    }

    private Cli.Run acl(String... args) {
        List<String> words = new ArrayList<>(List.of(args));
        words.addAll(List.of("--command-config", adminConfig));
        return cli.run("acl", words.toArray(String[]::new));
    }

    /** One record as the SCRAM user, with a new producer (no cached metadata from a refused send). */
    private void send(String topic) throws Exception {
        Map<String, Object> props = broker.clientConfig(Listener.SASL_PLAINTEXT, userCredentials);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();
        }
    }

    /** A --command-config file for {@code credentials} on SASL_PLAINTEXT (the bootstrap list is the CLI's own). */
    private String configFile(String name, Credentials credentials) throws Exception {
        Path file = temp.resolve(name + ".properties");
        Map<String, Object> props = broker.clientConfig(Listener.SASL_PLAINTEXT, credentials);
        props.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        Files.writeString(file, props.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n")));
        return file.toString();
    }
}
