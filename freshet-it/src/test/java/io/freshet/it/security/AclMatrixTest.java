package io.freshet.it.security;

import static io.freshet.it.security.SecureBroker.ALICE;
import static io.freshet.it.security.SecureBroker.acl;
import static io.freshet.it.security.SecureBroker.allow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.freshet.it.security.ExternalClients.Result;
import io.freshet.it.security.ExternalClients.Step;
import io.freshet.it.security.SecureBroker.Listener;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's ACL model seen by each client, as User:alice (SASL PLAIN): for each client C, alice may write and read
 * topic acl-C-allowed (LITERAL) and every topic prefixed acl-C-pre- (PREFIXED) but acl-C-pre-denied (a DENY ALL
 * that beats the prefix's ALLOW), has no ACL on acl-C-denied, may join group acl-C-group, create and delete
 * topics prefixed acl-C-new-, and (Java) use transactional id acl-java-txn. A topic alice may not describe is
 * missing from her Metadata.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AclMatrixTest {

    private static final int COUNT = 10;

    @TempDir
    static Path temp;

    private SecureBroker broker;
    private ExternalClients clients;

    @BeforeAll
    void start() throws Exception {
        broker = SecureBroker.start(temp);
        clients = new ExternalClients(broker, temp);
        String alice = ALICE.principal();
        List<AclBinding> acls = new ArrayList<>();
        for (String c : List.of("java", "kcat", "kafkajs")) {
            broker.createTopics(1, topic(c, "allowed"), topic(c, "denied"), topic(c, "pre-ok"), topic(c, "pre-denied"));
            for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.READ)) {
                acls.add(allow(alice, ResourceType.TOPIC, topic(c, "allowed"), PatternType.LITERAL, op));
                acls.add(allow(alice, ResourceType.TOPIC, topic(c, "pre-"), PatternType.PREFIXED, op));
            }
            acls.add(acl(alice, ResourceType.TOPIC, topic(c, "pre-denied"), PatternType.LITERAL, AclOperation.ALL,
                    AclPermissionType.DENY));
            acls.add(allow(alice, ResourceType.GROUP, topic(c, "group"), PatternType.LITERAL, AclOperation.READ));
            acls.add(allow(alice, ResourceType.TOPIC, topic(c, "new-"), PatternType.PREFIXED, AclOperation.CREATE));
            acls.add(allow(alice, ResourceType.TOPIC, topic(c, "new-"), PatternType.PREFIXED, AclOperation.DELETE));
        }
        acls.add(allow(alice, ResourceType.TRANSACTIONAL_ID, "acl-java-txn", PatternType.LITERAL, AclOperation.WRITE));
        broker.createAcls(acls.toArray(AclBinding[]::new));
        // What alice reads: written by the super user, so that a read test does not depend on a produce test.
        for (String c : List.of("java", "kcat", "kafkajs")) {
            JavaClients.produce(broker.clientConfig(Listener.SASL_PLAINTEXT, SecureBroker.ADMIN), topic(c, "denied"),
                    "secret", COUNT);
        }
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static String topic(String client, String name) {
        return "acl-" + client + "-" + name;
    }

    private Map<String, Object> alice() {
        return broker.clientConfig(Listener.SASL_PLAINTEXT, ALICE);
    }

    // ------------------------------------------------------------------------------------------------ Java

    @Test
    void javaProduceShouldFollowLiteralPrefixedAndDenyAcls() throws Exception {
        JavaClients.produce(alice(), topic("java", "allowed"), "ok", COUNT);
        JavaClients.produce(alice(), topic("java", "pre-ok"), "ok", COUNT);
        for (String denied : List.of(topic("java", "denied"), topic("java", "pre-denied"))) {
            assertThatThrownBy(() -> JavaClients.produce(alice(), denied, "no", 1))
                    .as(denied).hasCauseInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining("Not authorized to access topics: [" + denied + "]");
        }
        assertThat(JavaClients.readValues(alice(), topic("java", "pre-ok"), COUNT))
                .containsExactlyElementsOf(JavaClients.values("ok", COUNT));
    }

    @Test
    void javaFetchOfADeniedTopicShouldThrowTopicAuthorizationException() {
        try (KafkaConsumer<String, String> consumer = JavaClients.consumer(alice(), Map.of())) {
            TopicPartition denied = new TopicPartition(topic("java", "denied"), 0);
            consumer.assign(List.of(denied));
            consumer.seek(denied, 0);
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining("Not authorized to access topics: [" + denied.topic() + "]");
        }
    }

    @Test
    void javaGroupJoinAndCommitShouldNeedGroupReadAndTopicRead() throws Exception {
        String topic = topic("java", "allowed");
        JavaClients.produce(broker.clientConfig(Listener.SASL_PLAINTEXT, SecureBroker.ADMIN), topic, "g", COUNT);
        try (KafkaConsumer<String, String> consumer = JavaClients.consumer(alice(),
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, topic("java", "group")))) {
            consumer.subscribe(List.of(topic));
            int read = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (read < COUNT && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            assertThat(read).isGreaterThanOrEqualTo(COUNT);
            consumer.commitSync();
            // The group may commit for the topic it reads, not for one alice may not read.
            assertThatThrownBy(() -> consumer.commitSync(Map.of(new TopicPartition(topic("java", "denied"), 0),
                    new OffsetAndMetadata(1))))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
        Map<TopicPartition, OffsetAndMetadata> committed = broker.admin()
                .listConsumerGroupOffsets(topic("java", "group")).partitionsToOffsetAndMetadata()
                .get(15, TimeUnit.SECONDS);
        assertThat(committed.get(new TopicPartition(topic, 0)).offset()).isGreaterThanOrEqualTo(COUNT);

        try (KafkaConsumer<String, String> consumer = JavaClients.consumer(alice(),
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, topic("java", "no-group")))) {
            consumer.subscribe(List.of(topic));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(GroupAuthorizationException.class)
                    .hasMessageContaining("Not authorized to access group: " + topic("java", "no-group"));
        }
    }

    @Test
    void javaTopicCreateAndDeleteShouldNeedCreateAndDeleteAcls() throws Exception {
        try (Admin admin = Admin.create(broker.adminConfig(ALICE))) {
            admin.createTopics(List.of(new NewTopic(topic("java", "new-1"), 1, (short) 1))).all().get(15, TimeUnit.SECONDS);
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(topic("java", "other"), 1, (short) 1)))
                    .all().get(15, TimeUnit.SECONDS)).hasCauseInstanceOf(TopicAuthorizationException.class);
            admin.deleteTopics(List.of(topic("java", "new-1"))).all().get(15, TimeUnit.SECONDS);
            assertThatThrownBy(() -> admin.deleteTopics(List.of(topic("java", "allowed"))).all().get(15, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(broker.admin().listTopics().names().get(15, TimeUnit.SECONDS))
                .contains(topic("java", "allowed")).doesNotContain(topic("java", "other"));
    }

    @Test
    void javaTransactionalIdShouldNeedItsWriteAcl() throws Exception {
        try (KafkaProducer<String, String> producer = JavaClients.producer(alice(),
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "acl-java-txn"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic("java", "allowed"), "txn", "committed")).get(15, TimeUnit.SECONDS);
            producer.commitTransaction();
        }
        try (KafkaProducer<String, String> producer = JavaClients.producer(alice(),
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "acl-java-other-txn"))) {
            assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
    }

    @Test
    void javaMetadataShouldHideTopicsAliceMayNotDescribe() throws Exception {
        try (Admin admin = Admin.create(broker.adminConfig(ALICE))) {
            assertThat(admin.listTopics().names().get(15, TimeUnit.SECONDS))
                    .contains(topic("java", "allowed"), topic("java", "pre-ok"))
                    .doesNotContain(topic("java", "denied"), topic("java", "pre-denied"));
        }
    }

    // ------------------------------------------------------------------------------------------------ kcat

    private Result kcat(List<String> args, String stdin) {
        return clients.kcat(Listener.SASL_PLAINTEXT, ALICE, false, args, stdin);
    }

    @Test
    void kcatProduceShouldFollowLiteralPrefixedAndDenyAcls() {
        for (String allowed : List.of(topic("kcat", "allowed"), topic("kcat", "pre-ok"))) {
            Result produced = kcat(List.of("-P", "-t", allowed, "-X", "message.timeout.ms=10000"), "a\nb\n");
            assertThat(produced.exit()).as("kcat -P %s: %s", allowed, produced).isZero();
        }
        for (String denied : List.of(topic("kcat", "denied"), topic("kcat", "pre-denied"))) {
            Result produced = kcat(List.of("-P", "-t", denied, "-X", "message.timeout.ms=5000"), "a\nb\n");
            assertThat(produced.exit()).as("kcat -P %s: %s", denied, produced).isNotZero();
            assertThat(produced.stderr()).as(denied).contains("Broker: Topic authorization failed");
        }
    }

    @Test
    void kcatConsumeShouldNeedTopicRead() {
        Result denied = kcat(List.of("-C", "-t", topic("kcat", "denied"), "-o", "beginning", "-e", "-q"), null);
        assertThat(denied.exit()).as("kcat -C denied: %s", denied).isNotZero();
        assertThat(denied.stderr()).contains("Broker: Topic authorization failed");
        assertThat(denied.stdout()).doesNotContain("secret");
    }

    @Test
    void kcatGroupShouldJoinAndCommitOnlyInItsGroup() throws Exception {
        String topic = topic("kcat", "pre-group");
        broker.createTopics(1, topic);
        JavaClients.produce(broker.clientConfig(Listener.SASL_PLAINTEXT, SecureBroker.ADMIN), topic, "g", COUNT);
        Result joined = kcat(List.of("-G", topic("kcat", "group"), "-o", "beginning", "-e", "-q", topic), null);
        assertThat(joined.exit()).as("kcat -G: %s", joined).isZero();
        assertThat(joined.lines()).containsExactlyElementsOf(JavaClients.values("g", COUNT));
        Map<TopicPartition, OffsetAndMetadata> committed = broker.admin()
                .listConsumerGroupOffsets(topic("kcat", "group")).partitionsToOffsetAndMetadata()
                .get(15, TimeUnit.SECONDS);
        assertThat(committed.get(new TopicPartition(topic, 0))).as("kcat's commit").isNotNull();
        assertThat(committed.get(new TopicPartition(topic, 0)).offset()).isEqualTo(COUNT);

        Result refused = kcat(List.of("-G", topic("kcat", "no-group"), "-o", "beginning", "-e", "-q", topic), null);
        assertThat(refused.exit()).as("kcat -G no-group: %s", refused).isNotZero();
        assertThat(refused.stderr()).contains("FindCoordinator response error: Group authorization failed");
        assertThat(refused.stdout()).isEmpty();
    }

    @Test
    void kcatListShouldHideTopicsAliceMayNotDescribe() {
        Result listed = kcat(List.of("-L", "-m", "10"), null);
        assertThat(listed.exit()).as("kcat -L: %s", listed).isZero();
        assertThat(listed.stdout()).contains("topic \"" + topic("kcat", "allowed") + "\"",
                "topic \"" + topic("kcat", "pre-ok") + "\"")
                .doesNotContain(topic("kcat", "denied"), topic("kcat", "pre-denied"));
    }

    // --------------------------------------------------------------------------------------------- kafkajs

    private Result kafkajs(Step... steps) {
        return clients.kafkajs(Listener.SASL_PLAINTEXT, ALICE, false, steps);
    }

    @Test
    void kafkajsProduceShouldFollowLiteralPrefixedAndDenyAcls() {
        Result run = kafkajs(new Step("produce", topic("kafkajs", "allowed"), 3, ""),
                new Step("produce", topic("kafkajs", "pre-ok"), 3, ""),
                new Step("produce", topic("kafkajs", "denied"), 3, ""),
                new Step("produce", topic("kafkajs", "pre-denied"), 3, ""));
        assertThat(run.step(0).get("type").asText()).as("allowed: %s", run).isEqualTo("done");
        assertThat(run.step(1).get("type").asText()).as("pre-ok: %s", run).isEqualTo("done");
        for (int denied : new int[] {2, 3}) {
            assertThat(run.step(denied).get("name").asText()).as("%s", run).isEqualTo("KafkaJSNonRetriableError");
            assertThat(run.step(denied).get("code").asText()).as("%s", run).isEqualTo("TOPIC_AUTHORIZATION_FAILED");
            assertThat(run.step(denied).get("message").asText())
                    .isEqualTo("Not authorized to access topics: [Topic authorization failed]");
        }
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void kafkajsConsumerShouldJoinFetchAndCommitOnlyWhereAllowed() throws Exception {
        String topic = topic("kafkajs", "pre-group");
        broker.createTopics(1, topic);
        JavaClients.produce(broker.clientConfig(Listener.SASL_PLAINTEXT, SecureBroker.ADMIN), topic, "g", COUNT);
        Result run = kafkajs(new Step("consume", topic, COUNT, topic("kafkajs", "group")),
                new Step("consume", topic, 1, topic("kafkajs", "no-group")),
                new Step("consume", topic("kafkajs", "denied"), 1, topic("kafkajs", "group")));
        assertThat(run.step(0).get("consumed").asInt()).as("consume: %s", run).isEqualTo(COUNT);
        assertThat(broker.admin().listConsumerGroupOffsets(topic("kafkajs", "group")).partitionsToOffsetAndMetadata()
                .get(15, TimeUnit.SECONDS).get(new TopicPartition(topic, 0)).offset()).isEqualTo(COUNT);
        // kafkajs turns FindCoordinator's GROUP_AUTHORIZATION_FAILED into this error of its own.
        assertThat(run.step(1).get("name").asText()).as("no-group: %s", run).isEqualTo("KafkaJSGroupCoordinatorNotFound");
        assertThat(run.step(1).get("message").asText()).isEqualTo("Failed to find group coordinator");
        assertThat(run.step(2).get("code").asText()).as("denied topic: %s", run).isEqualTo("TOPIC_AUTHORIZATION_FAILED");
    }

    @Test
    void kafkajsAdminShouldCreateAndDeleteOnlyWhereAllowedAndListOnlyDescribableTopics() {
        Result run = kafkajs(Step.of("create-topic", topic("kafkajs", "new-1")),
                Step.of("create-topic", topic("kafkajs", "other")),
                Step.of("delete-topic", topic("kafkajs", "new-1")),
                Step.of("delete-topic", topic("kafkajs", "allowed")),
                Step.of("topics", ""));
        assertThat(run.step(0).get("type").asText()).as("create new-1: %s", run).isEqualTo("done");
        assertThat(run.step(1).get("code").asText()).as("create other: %s", run).isEqualTo("TOPIC_AUTHORIZATION_FAILED");
        assertThat(run.step(2).get("type").asText()).as("delete new-1: %s", run).isEqualTo("done");
        assertThat(run.step(3).get("code").asText()).as("delete allowed: %s", run).isEqualTo("TOPIC_AUTHORIZATION_FAILED");
        List<String> names = new ArrayList<>();
        run.step(4).path("topics").forEach(t -> names.add(t.asText()));
        assertThat(names).as("topics: %s", run).contains(topic("kafkajs", "allowed"), topic("kafkajs", "pre-ok"))
                .doesNotContain(topic("kafkajs", "denied"), topic("kafkajs", "pre-denied"), topic("kafkajs", "new-1"));
    }
}
