package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.EmbeddedFreshet;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The ACL matrix with authenticated users: SASL PLAIN on a SASL_PLAINTEXT listener, JAAS users admin (a super user),
 * alice and bob, ACLs made by admin through the Admin client. What each user's Java client sees: allowed and denied
 * produce, consume in a group and commit, topic create and delete, a transactional id, DENY beating ALLOW, prefixed
 * patterns, Metadata hiding topics; the ACLs survive a restart; and {@code kafka-acls.sh} managing them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SaslAclTest {

    private static final String PLAIN_MODULE = SaslClientsTest.PLAIN_MODULE;

    private EmbeddedFreshet broker;
    private Admin admin;

    @BeforeAll
    void start() throws Exception {
        broker = EmbeddedFreshet.start(Map.of(
            "listeners", "SASL_PLAINTEXT://127.0.0.1:0",
            "listener.name.sasl_plaintext.plain.sasl.jaas.config", PLAIN_MODULE + " required"
                + " username=\"admin\" password=\"admin-pw\" user_admin=\"admin-pw\" user_alice=\"alice-pw\""
                + " user_bob=\"bob-pw\";",
            "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            "super.users", "User:admin"));
        admin = Admin.create(client("admin"));
        admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1), new NewTopic("secret", 1, (short) 1),
            new NewTopic("team-a.events", 1, (short) 1), new NewTopic("bob-scratch", 1, (short) 1))).all().get();
        admin.createAcls(List.of(
            allow("User:alice", ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.WRITE),
            allow("User:*", ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.READ),
            deny("User:bob", ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.READ),
            allow("User:alice", ResourceType.GROUP, "alice-app", PatternType.LITERAL, AclOperation.READ),
            allow("User:alice", ResourceType.TOPIC, "team-a.", PatternType.PREFIXED, AclOperation.WRITE),
            allow("User:alice", ResourceType.TOPIC, "alice-", PatternType.PREFIXED, AclOperation.CREATE),
            allow("User:alice", ResourceType.TRANSACTIONAL_ID, "alice-tx", PatternType.LITERAL,
                AclOperation.WRITE),
            allow("User:bob", ResourceType.TOPIC, "bob-", PatternType.PREFIXED, AclOperation.WRITE)))
            .all().get();
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
    void produceIsAllowedByLiteralAndPrefixedAclsAndDeniedOtherwise() throws Exception {
        try (KafkaProducer<String, String> alice = producer("alice", Map.of());
             KafkaProducer<String, String> bob = producer("bob", Map.of())) {
            assertThat(alice.send(new ProducerRecord<>("orders", "k", "v")).get().topic()).isEqualTo("orders");
            assertThat(alice.send(new ProducerRecord<>("team-a.events", "k", "v")).get().offset()).isZero();
            assertThatThrownBy(() -> alice.send(new ProducerRecord<>("secret", "k", "v")).get())
                .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> bob.send(new ProducerRecord<>("orders", "k", "v")).get())
                .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void consumingNeedsTheGroupAndDenyBeatsTheWildcardAllow() throws Exception {
        try (KafkaProducer<String, String> alice = producer("alice", Map.of())) {
            alice.send(new ProducerRecord<>("orders", "k", "for-consumers")).get();
        }
        try (KafkaConsumer<String, String> consumer = consumer("alice", "alice-app")) {
            consumer.subscribe(List.of("orders"));
            List<String> values = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 20_000;
            while (!values.contains("for-consumers") && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            assertThat(values).contains("for-consumers");
            consumer.commitSync();
        }
        // alice may not use another group
        try (KafkaConsumer<String, String> consumer = consumer("alice", "someone-elses-app")) {
            consumer.subscribe(List.of("orders"));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(5)))
                .isInstanceOf(GroupAuthorizationException.class);
        }
        // User:* may READ orders, but bob is denied: DENY wins
        try (KafkaConsumer<String, String> consumer = consumer("bob", null)) {
            consumer.assign(List.of(new TopicPartition("orders", 0)));
            assertThatThrownBy(() -> {
                long deadline = System.currentTimeMillis() + 10_000;
                while (System.currentTimeMillis() < deadline) {
                    consumer.poll(Duration.ofMillis(200));
                }
            }).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void metadataShowsEachUserOnlyTheTopicsItMayDescribe() throws Exception {
        try (Admin alice = Admin.create(client("alice")); Admin bob = Admin.create(client("bob"))) {
            assertThat(alice.listTopics().names().get()).contains("orders", "team-a.events")
                .doesNotContain("secret", "bob-scratch");
            // bob: READ on orders is denied, but his wildcard-granted READ... is beaten by the DENY only for READ:
            // DESCRIBE comes from User:*'s READ (implied) and is not denied (a DENY implies nothing).
            assertThat(bob.listTopics().names().get()).contains("orders", "bob-scratch")
                .doesNotContain("secret", "team-a.events");
        }
    }

    @Test
    void topicCreateAndDeleteFollowTheAcls() throws Exception {
        try (Admin alice = Admin.create(client("alice"))) {
            alice.createTopics(List.of(new NewTopic("alice-new", 1, (short) 1))).all().get();
            assertThatThrownBy(() -> alice.createTopics(List.of(new NewTopic("elsewhere", 1, (short) 1))).all()
                .get()).hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> alice.deleteTopics(List.of("alice-new")).all().get())
                .hasCauseInstanceOf(TopicAuthorizationException.class);
            admin.createAcls(List.of(allow("User:alice", ResourceType.TOPIC, "alice-new", PatternType.LITERAL,
                AclOperation.DELETE))).all().get();
            alice.deleteTopics(List.of("alice-new")).all().get();
        }
    }

    @Test
    void aTransactionalIdIsUsableOnlyWithWriteOnIt() throws Exception {
        try (KafkaProducer<String, String> alice = producer("alice",
            Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "alice-tx"))) {
            alice.initTransactions();
            alice.beginTransaction();
            alice.send(new ProducerRecord<>("orders", "k", "in-tx")).get();
            alice.commitTransaction();
        }
        try (KafkaProducer<String, String> bob = producer("bob",
            Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "alice-tx"))) {
            assertThatThrownBy(bob::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
    }

    @Test
    void aclsSurviveARestart() throws Exception {
        broker.restart();
        try (Admin restarted = Admin.create(client("admin"));
             KafkaProducer<String, String> alice = producer("alice", Map.of());
             KafkaProducer<String, String> bob = producer("bob", Map.of())) {
            assertThat(restarted.describeAcls(org.apache.kafka.common.acl.AclBindingFilter.ANY).values().get())
                .hasSizeGreaterThanOrEqualTo(8);
            alice.send(new ProducerRecord<>("orders", "k", "after-restart")).get();
            assertThatThrownBy(() -> bob.send(new ProducerRecord<>("orders", "k", "v")).get())
                .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        admin.close(Duration.ofSeconds(1));
        admin = Admin.create(client("admin"));
    }

    /**
     * {@code kafka-acls.sh} (Kafka 4.4's AclCommand, in-process, output captured) as admin over SASL: adds a literal
     * and a prefixed ACL and Kafka's {@code --consumer} shorthand, lists them by topic and by principal, removes
     * them; the broker's ACLs (read back with the Admin client) follow each step.
     */
    @Test
    void kafkaAclsShAddsListsAndRemovesAcls(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
        throws Exception {
        java.nio.file.Path config = dir.resolve("admin.properties");
        java.nio.file.Files.writeString(config, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"
            + "sasl.jaas.config=" + PLAIN_MODULE + " required username=\"admin\" password=\"admin-pw\";\n");
        org.apache.kafka.common.utils.internals.Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("kafka-acls.sh exited with " + status + ": " + message);
        });
        try {
            int before = admin.describeAcls(org.apache.kafka.common.acl.AclBindingFilter.ANY).values().get().size();
            aclsSh(config, "--add", "--allow-principal", "User:carol", "--operation", "Read", "--operation", "Write",
                "--topic", "carol-orders");
            aclsSh(config, "--add", "--allow-principal", "User:carol", "--operation", "Write",
                "--resource-pattern-type", "prefixed", "--topic", "carol-team.");
            aclsSh(config, "--add", "--deny-principal", "User:dave", "--operation", "All", "--topic",
                "carol-orders");
            // --consumer: READ + DESCRIBE on the topic (READ is there already), READ on the group
            aclsSh(config, "--add", "--allow-principal", "User:carol", "--consumer", "--topic", "carol-orders",
                "--group", "carol-app");
            assertThat(admin.describeAcls(org.apache.kafka.common.acl.AclBindingFilter.ANY).values().get())
                .hasSize(before + 6)
                .contains(allow("User:carol", ResourceType.TOPIC, "carol-team.", PatternType.PREFIXED,
                    AclOperation.WRITE), allow("User:carol", ResourceType.GROUP, "carol-app", PatternType.LITERAL,
                    AclOperation.READ), deny("User:dave", ResourceType.TOPIC, "carol-orders", PatternType.LITERAL,
                    AclOperation.ALL));
            assertThat(aclsSh(config, "--list", "--topic", "carol-orders")).contains("User:carol")
                .contains("principal=User:dave").contains("permissionType=DENY").doesNotContain("carol-team.");
            assertThat(aclsSh(config, "--list", "--principal", "User:carol")).contains("name=carol-team.")
                .contains("patternType=PREFIXED").contains("name=carol-app");

            aclsSh(config, "--remove", "--force", "--deny-principal", "User:dave", "--operation", "All",
                "--topic", "carol-orders");
            aclsSh(config, "--remove", "--force", "--resource-pattern-type", "prefixed", "--topic", "carol-team.");
            assertThat(admin.describeAcls(org.apache.kafka.common.acl.AclBindingFilter.ANY).values().get())
                .hasSize(before + 4).doesNotContain(deny("User:dave", ResourceType.TOPIC, "carol-orders",
                    PatternType.LITERAL, AclOperation.ALL));
        } finally {
            org.apache.kafka.common.utils.internals.Exit.resetExitProcedure();
        }
    }

    private String aclsSh(java.nio.file.Path config, String... args) {
        List<String> words = new ArrayList<>(List.of("--bootstrap-server", broker.bootstrapServers(),
            "--command-config", config.toString()));
        words.addAll(List.of(args));
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            org.apache.kafka.tools.AclCommand.main(words.toArray(String[]::new));
        } finally {
            System.setOut(original);
        }
        return captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private Map<String, Object> client(String user) {
        Map<String, Object> props = SaslClientsTest.clientProps("PLAIN", user, user + "-pw");
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return props;
    }

    private KafkaProducer<String, String> producer(String user, Map<String, Object> extra) {
        Map<String, Object> props = client(user);
        props.remove(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.putAll(extra);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer(String user, String group) {
        Map<String, Object> props = client(user);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
                                    AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
            new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
    }

    private static AclBinding deny(String principal, ResourceType type, String name, PatternType pattern,
                                   AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
            new AccessControlEntry(principal, "*", op, AclPermissionType.DENY));
    }
}
