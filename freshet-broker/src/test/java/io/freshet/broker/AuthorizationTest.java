package io.freshet.broker;

import io.freshet.security.acl.AclStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The checks of the Kafka handlers, seen by the Java client over PLAINTEXT, whose principal is {@code User:ANONYMOUS}
 * (subject to ACLs like any other): what each client call throws without the ACL Kafka requires, and that the same
 * call succeeds on the next request once the ACL is added (no restart). Fixtures grant through the broker's
 * {@link AclStore}; the ACL APIs themselves are exercised through the Admin client. The matrix with authenticated
 * users (group consumption, DENY beating ALLOW, prefixed patterns, topic create/delete, transactional ids) is
 * freshet-it's SaslAclTest.
 */
@Timeout(60)
class AuthorizationTest {

    private static final String ME = "User:ANONYMOUS";

    @TempDir
    static Path dataDir;

    private static FreshetBroker broker;
    private static String bootstrap;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = FreshetBroker.start(BrokerConfig.fromProperties(Map.of("port", "0", "log.dirs", dataDir.toString(),
            "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            "super.users", "User:admin")));
        bootstrap = "127.0.0.1:" + broker.boundPort();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
        broker.close();
    }

    /** Every test may create topics named fixture-*, and nothing else. */
    @BeforeEach
    void fixtureAcls() throws Exception {
        grant(allow(ResourceType.TOPIC, "fixture-", PatternType.PREFIXED, AclOperation.CREATE));
    }

    @AfterEach
    void dropAcls() throws Exception {
        store().delete(List.of(AclBindingFilter.ANY)).get();
    }

    @Test
    void produceNeedsWriteOnTheTopicAndAnAddedAclCountsForTheNextRequest() throws Exception {
        createTopics("fixture-orders", "fixture-other");
        // WRITE somewhere lets the idempotent producer get its id (authorizeByResourceType), not write here.
        grant(allow(ResourceType.TOPIC, "fixture-other", PatternType.LITERAL, AclOperation.WRITE));
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("fixture-orders", "k", "v")).get())
                .hasCauseInstanceOf(TopicAuthorizationException.class);
            grant(allow(ResourceType.TOPIC, "fixture-orders", PatternType.LITERAL, AclOperation.WRITE));
            assertThat(producer.send(new ProducerRecord<>("fixture-orders", "k", "v")).get().offset()).isZero();
        }
    }

    @Test
    void anIdempotentProducerWithoutAnyWriteIsRefusedByTheCluster() throws Exception {
        createTopics("fixture-idem");
        grant(allow(ResourceType.TOPIC, "fixture-idem", PatternType.LITERAL, AclOperation.DESCRIBE));
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("fixture-idem", "k", "v")).get())
                .hasCauseInstanceOf(ClusterAuthorizationException.class);
        }
    }

    @Test
    void readingATopicWithoutReadFailsTheFetch() throws Exception {
        createTopics("fixture-private");
        grant(allow(ResourceType.TOPIC, "fixture-private", PatternType.LITERAL, AclOperation.DESCRIBE));
        try (KafkaConsumer<String, String> consumer = consumer(null)) {
            consumer.assign(List.of(new org.apache.kafka.common.TopicPartition("fixture-private", 0)));
            consumer.seekToBeginning(consumer.assignment());
            assertThatThrownBy(() -> {
                long deadline = System.currentTimeMillis() + 10_000;
                while (System.currentTimeMillis() < deadline) {
                    consumer.poll(Duration.ofMillis(200));
                }
            }).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void metadataOfAllTopicsLeavesOutTopicsTheClientMayNotDescribe() throws Exception {
        createTopics("fixture-visible", "fixture-hidden");
        grant(allow(ResourceType.TOPIC, "fixture-vis", PatternType.PREFIXED, AclOperation.DESCRIBE));
        assertThat(admin.listTopics().names().get()).contains("fixture-visible").doesNotContain("fixture-hidden");
        assertThatThrownBy(() -> admin.describeTopics(List.of("fixture-hidden")).allTopicNames().get())
            .hasCauseInstanceOf(TopicAuthorizationException.class);
        // What the client may do with a topic: the fixtures' prefixed CREATE, this test's DESCRIBE.
        assertThat(admin.describeTopics(List.of("fixture-visible"),
                new org.apache.kafka.clients.admin.DescribeTopicsOptions().includeAuthorizedOperations(true))
            .allTopicNames().get().get("fixture-visible").authorizedOperations())
            .containsExactlyInAnyOrder(AclOperation.CREATE, AclOperation.DESCRIBE);
    }

    @Test
    void theAclApisNeedAlterAndDescribeOnTheClusterAndUseKafkasFilters() throws Exception {
        AclBinding readOrders = allow(ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.READ);
        assertThatThrownBy(() -> admin.createAcls(List.of(readOrders)).all().get())
            .hasCauseInstanceOf(ClusterAuthorizationException.class);
        assertThatThrownBy(() -> admin.describeAcls(AclBindingFilter.ANY).values().get())
            .hasCauseInstanceOf(ClusterAuthorizationException.class);
        grant(allow(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.ALTER));

        AclBinding writePrefixed = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "ord", PatternType.PREFIXED),
            new AccessControlEntry("User:bob", "*", AclOperation.WRITE, AclPermissionType.ALLOW));
        admin.createAcls(List.of(readOrders, writePrefixed)).all().get();
        // ALTER implies DESCRIBE on the cluster: the same client may list them. MATCH finds every pattern that
        // applies to the name "orders": the literal one and the prefixed one.
        Collection<AclBinding> matching = admin.describeAcls(new AclBindingFilter(
            new ResourcePatternFilter(ResourceType.TOPIC, "orders", PatternType.MATCH),
            AccessControlEntryFilter.ANY)).values().get();
        assertThat(matching).containsExactlyInAnyOrder(readOrders, writePrefixed);
        // A pattern type a binding cannot have is refused alone.
        assertThatThrownBy(() -> admin.createAcls(List.of(new AclBinding(
                new ResourcePattern(ResourceType.CLUSTER, "not-the-cluster", PatternType.LITERAL),
                new AccessControlEntry(ME, "*", AclOperation.ALTER, AclPermissionType.ALLOW)))).all().get())
            .hasCauseInstanceOf(org.apache.kafka.common.errors.InvalidRequestException.class);

        Collection<AclBinding> deleted = admin.deleteAcls(List.of(new AclBindingFilter(
            new ResourcePatternFilter(ResourceType.TOPIC, null, PatternType.ANY),
            new AccessControlEntryFilter("User:bob", null, AclOperation.ANY, AclPermissionType.ANY)))).all().get();
        assertThat(deleted).containsExactly(writePrefixed);
        assertThat(admin.describeAcls(new AclBindingFilter(ResourcePatternFilter.ANY, AccessControlEntryFilter.ANY))
            .values().get()).contains(readOrders).doesNotContain(writePrefixed);
    }

    @Test
    void withoutAnAuthorizerTheAclApisAnswerSecurityDisabled(@TempDir Path otherDir) throws Exception {
        try (FreshetBroker open = FreshetBroker.start(BrokerConfig.fromProperties(Map.of("port", "0",
                "log.dirs", otherDir.toString())));
             Admin client = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                 "127.0.0.1:" + open.boundPort()))) {
            assertThatThrownBy(() -> client.describeAcls(AclBindingFilter.ANY).values().get())
                .hasCauseInstanceOf(org.apache.kafka.common.errors.SecurityDisabledException.class);
            assertThatThrownBy(() -> client.createAcls(List.of(allow(ResourceType.TOPIC, "t", PatternType.LITERAL,
                    AclOperation.READ))).all().get())
                .hasCauseInstanceOf(org.apache.kafka.common.errors.SecurityDisabledException.class);
        }
    }

    // ---- helpers ----

    private static AclStore store() {
        return broker.security().acls().orElseThrow();
    }

    private static void grant(AclBinding binding) throws ExecutionException, InterruptedException {
        assertThat(store().create(List.of(binding)).get().get(0).exception()).isEmpty();
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
            new AccessControlEntry(ME, "*", op, AclPermissionType.ALLOW));
    }

    private static void createTopics(String... names) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, 1, (short) 1));
        }
        admin.createTopics(topics).all().get();
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000, ProducerConfig.LINGER_MS_CONFIG, 0));
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

}
