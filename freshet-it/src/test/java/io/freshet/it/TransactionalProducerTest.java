package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Java producer 4.4 with a transactional.id against Freshet (transactions v1): commits visible to
 * read_committed consumers, aborts hidden from them, a second instance fencing the first, and offsets sent to the
 * transaction committed with it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TransactionalProducerTest {

    @RegisterExtension
    static final FreshetExtension freshet = FreshetExtension.perClass();

    private static final Map<String, Object> READ_COMMITTED =
            Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    private static final Map<String, Object> READ_UNCOMMITTED =
            Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");

    private static KafkaProducer<String, String> transactional(String id) {
        return KafkaClients.producer(freshet.bootstrapServers(), Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000));
    }

    private static List<String> values(String topic, Map<String, Object> isolation) {
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(freshet.bootstrapServers(), isolation)) {
            return KafkaClients.readAll(consumer, KafkaClients.partitions(consumer, topic), Duration.ofSeconds(30))
                    .stream().map(ConsumerRecord::value).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void committedTransactionIsVisibleToReadCommittedConsumers() throws Exception {
        KafkaClients.createTopic(freshet.bootstrapServers(), "txn-commit", 2);
        try (KafkaProducer<String, String> producer = transactional("tx-commit")) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("txn-commit", "k" + i, "v" + i));
            }
            producer.commitTransaction();
        }
        assertThat(values("txn-commit", READ_COMMITTED)).hasSize(10).contains("v0", "v9");
    }

    @Test
    void abortedTransactionIsHiddenFromReadCommittedButNotFromReadUncommitted() throws Exception {
        KafkaClients.createTopic(freshet.bootstrapServers(), "txn-abort", 1);
        try (KafkaProducer<String, String> producer = transactional("tx-abort")) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("txn-abort", "aborted-" + i));
            }
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("txn-abort", "kept"));
            producer.commitTransaction();
        }
        assertThat(values("txn-abort", READ_COMMITTED)).containsExactly("kept");
        assertThat(values("txn-abort", READ_UNCOMMITTED)).hasSize(6).contains("aborted-0", "kept");
    }

    @Test
    void aSecondProducerWithTheSameTransactionalIdFencesTheFirst() throws Exception {
        KafkaClients.createTopic(freshet.bootstrapServers(), "txn-fence", 1);
        try (KafkaProducer<String, String> first = transactional("tx-fence");
             KafkaProducer<String, String> second = transactional("tx-fence")) {
            first.initTransactions();
            first.beginTransaction();
            first.send(new ProducerRecord<>("txn-fence", "zombie")).get(30, TimeUnit.SECONDS);

            second.initTransactions(); // aborts the first one's transaction
            second.beginTransaction();
            second.send(new ProducerRecord<>("txn-fence", "winner"));
            second.commitTransaction();

            assertThatThrownBy(first::commitTransaction).isInstanceOf(ProducerFencedException.class);
        }
        assertThat(values("txn-fence", READ_COMMITTED)).containsExactly("winner");
    }

    @Test
    void adminSeesTheOpenTransactionAndItsProducer() throws Exception {
        KafkaClients.createTopic(freshet.bootstrapServers(), "txn-admin", 1);
        TopicPartition tp = new TopicPartition("txn-admin", 0);
        try (KafkaProducer<String, String> producer = transactional("tx-admin");
             Admin admin = KafkaClients.admin(freshet.bootstrapServers())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("txn-admin", "open")).get(30, TimeUnit.SECONDS);

            TransactionDescription description = admin.describeTransactions(List.of("tx-admin"))
                    .description("tx-admin").get(30, TimeUnit.SECONDS);
            assertThat(description.state()).isEqualTo(TransactionState.ONGOING);
            assertThat(description.topicPartitions()).containsExactly(tp);
            assertThat(admin.listTransactions().all().get(30, TimeUnit.SECONDS))
                    .anySatisfy(l -> assertThat(l.transactionalId()).isEqualTo("tx-admin"));
            List<ProducerState> producers = admin.describeProducers(List.of(tp)).partitionResult(tp)
                    .get(30, TimeUnit.SECONDS).activeProducers();
            assertThat(producers).singleElement().satisfies(p -> {
                assertThat(p.producerId()).isEqualTo(description.producerId());
                assertThat(p.currentTransactionStartOffset()).hasValue(0);
            });

            producer.commitTransaction();
            // Kafka answers EndTxn in PrepareCommit and completes once the markers are written: wait for it.
            Awaitility.await("CompleteCommit").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> admin.describeTransactions(List.of("tx-admin")).description("tx-admin")
                            .get(30, TimeUnit.SECONDS).state(), TransactionState.COMPLETE_COMMIT::equals);
        }
    }

    @Test
    void offsetsSentToTheTransactionAreCommittedWithIt() throws Exception {
        String bootstrap = freshet.bootstrapServers();
        KafkaClients.createTopic(bootstrap, "txn-in", 1);
        KafkaClients.createTopic(bootstrap, "txn-out", 1);
        try (KafkaProducer<String, String> plain = KafkaClients.producer(bootstrap)) {
            for (int i = 0; i < 5; i++) {
                plain.send(new ProducerRecord<>("txn-in", "in-" + i));
            }
        }
        TopicPartition in = new TopicPartition("txn-in", 0);
        try (KafkaProducer<String, String> producer = transactional("tx-offsets")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("txn-out", "processed"));
            producer.sendOffsetsToTransaction(Map.of(in, new OffsetAndMetadata(3)),
                    new ConsumerGroupMetadata("txn-group"));
            producer.commitTransaction();
        }
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(bootstrap,
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, "txn-group",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            assertThat(consumer.committed(Set.of(in), Duration.ofSeconds(30)).get(in).offset()).isEqualTo(3);
            consumer.assign(List.of(in));
            List<String> rest = KafkaClients.readUntil(consumer, Map.of(in, 5L), Duration.ofSeconds(30)).stream()
                    .map(ConsumerRecord::value).collect(Collectors.toList());
            assertThat(rest).containsExactly("in-3", "in-4");
        }
        assertThat(values("txn-out", READ_COMMITTED)).containsExactly("processed");
    }
}
