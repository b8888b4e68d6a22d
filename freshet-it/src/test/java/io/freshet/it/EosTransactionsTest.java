package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Transactions of the Java producer, as Apache Kafka shows them: an aborted transaction is invisible to read_committed
 * consumers and visible to read_uncommitted ones, an open one holds read_committed readers back (the last stable
 * offset), a second producer with the same transactional.id fences the first, and a transaction left open by a killed
 * producer is aborted when a new producer with its transactional.id initializes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EosTransactionsTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final FreshetExtension freshet = GroupBrokers.extension();

    @Test
    void abortedTransactionsAreInvisibleToReadCommittedAndVisibleToReadUncommitted() throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = GroupBrokers.unique("txn-abort");
        KafkaClients.createTopic(bootstrap, topic, 1);
        try (KafkaProducer<String, String> producer = Transactions.producer(bootstrap, GroupBrokers.unique("tx"))) {
            producer.initTransactions();
            transaction(producer, topic, "committed-1-", 3);
            producer.commitTransaction();
            transaction(producer, topic, "aborted-", 3);
            producer.flush(); // in the log before the abort: the abort must hide written records, not unsent ones
            producer.abortTransaction();
            transaction(producer, topic, "committed-2-", 2);
            producer.flush();
            Map<TopicPartition, Long> committedEnd = Transactions.endOffsets(bootstrap, topic,
                    IsolationLevel.READ_COMMITTED);
            Map<TopicPartition, Long> uncommittedEnd = Transactions.endOffsets(bootstrap, topic,
                    IsolationLevel.READ_UNCOMMITTED);
            assertThat(Transactions.values(Transactions.readAll(bootstrap, topic, IsolationLevel.READ_COMMITTED,
                    READ_TIMEOUT))).as("read_committed while the third transaction is open")
                    .containsExactly("committed-1-0", "committed-1-1", "committed-1-2");
            assertThat(committedEnd.values().iterator().next())
                    .as("the last stable offset stops at the open transaction's first record")
                    .isLessThan(uncommittedEnd.values().iterator().next());
            producer.commitTransaction();
        }

        assertThat(Transactions.values(Transactions.readAll(bootstrap, topic, IsolationLevel.READ_COMMITTED,
                READ_TIMEOUT))).as("read_committed").containsExactly(
                        "committed-1-0", "committed-1-1", "committed-1-2", "committed-2-0", "committed-2-1");
        assertThat(Transactions.values(Transactions.readAll(bootstrap, topic, IsolationLevel.READ_UNCOMMITTED,
                READ_TIMEOUT))).as("read_uncommitted").containsExactly(
                        "committed-1-0", "committed-1-1", "committed-1-2", "aborted-0", "aborted-1", "aborted-2",
                        "committed-2-0", "committed-2-1");
    }

    @Test
    void aSecondProducerWithTheSameTransactionalIdFencesTheFirst() throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = GroupBrokers.unique("txn-fence");
        String transactionalId = GroupBrokers.unique("tx-fence");
        KafkaClients.createTopic(bootstrap, topic, 1);
        try (KafkaProducer<String, String> first = Transactions.producer(bootstrap, transactionalId);
                KafkaProducer<String, String> second = Transactions.producer(bootstrap, transactionalId)) {
            first.initTransactions();
            transaction(first, topic, "first-", 2);
            first.flush();

            second.initTransactions(); // bumps the epoch: aborts the first producer's open transaction

            Throwable commit = catchThrowable(first::commitTransaction);
            assertThat(causes(commit)).as("the fenced producer's commit fails: %s", commit)
                    .hasAtLeastOneElementOfType(ProducerFencedException.class);
            Throwable send = catchThrowable(() -> first.send(new ProducerRecord<>(topic, "k", "first-after-fencing"))
                    .get(30, TimeUnit.SECONDS));
            assertThat(send).as("a fenced producer cannot send any more").isNotNull();

            transaction(second, topic, "second-", 2);
            second.commitTransaction();
        }
        assertThat(Transactions.values(Transactions.readAll(bootstrap, topic, IsolationLevel.READ_COMMITTED,
                READ_TIMEOUT))).as("read_committed: only the second producer's transaction")
                .containsExactly("second-0", "second-1");
        assertThat(Transactions.values(Transactions.readAll(bootstrap, topic, IsolationLevel.READ_UNCOMMITTED,
                READ_TIMEOUT))).as("read_uncommitted: the fenced transaction's records too")
                .containsSubsequence("first-0", "first-1", "second-0", "second-1")
                .doesNotContain("first-after-fencing");
    }

    @Test
    void aTransactionLeftOpenByAKilledProducerIsAbortedWhenItsIdInitializesAgain() throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = GroupBrokers.unique("txn-killed");
        String transactionalId = GroupBrokers.unique("tx-killed");
        int open = 50;
        KafkaClients.createTopic(bootstrap, topic, 1);
        Path dir = DataDirs.create("txn-killed");
        Path log = dir.resolve("open-transaction.log");
        try (TestJvm killed = TestJvm.start("open-transaction", OpenTransactionMain.class, log,
                List.of(bootstrap, topic, transactionalId, Integer.toString(open)))) {
            try {
                Awaitility.await("the producer's transaction is open").atMost(Duration.ofSeconds(40))
                        .pollInterval(Duration.ofMillis(100))
                        .failFast("the producer process exited", () -> !killed.isAlive())
                        .until(() -> killed.logged(OpenTransactionMain.OPEN));
            } catch (Throwable t) {
                throw new AssertionError("the transaction was never open; producer log " + log + ":\n"
                        + killed.logTail(4_000), t);
            }
            killed.kill();
        }

        assertThat(single(Transactions.endOffsets(bootstrap, topic, IsolationLevel.READ_UNCOMMITTED)))
                .as("the killed producer's records are in the log").isEqualTo(open);
        assertThat(single(Transactions.endOffsets(bootstrap, topic, IsolationLevel.READ_COMMITTED)))
                .as("the open transaction holds the last stable offset at its first record").isZero();
        assertThat(Transactions.readAll(bootstrap, topic, IsolationLevel.READ_COMMITTED, READ_TIMEOUT))
                .as("read_committed while the dead producer's transaction is open").isEmpty();

        try (KafkaProducer<String, String> successor = Transactions.producer(bootstrap, transactionalId)) {
            successor.initTransactions(); // well within the transaction timeout (60 s): it, not a timeout, aborts
            Awaitility.await("the last stable offset passes the aborted transaction").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> single(Transactions.endOffsets(bootstrap, topic, IsolationLevel.READ_COMMITTED)),
                            lso -> lso > open);
            transaction(successor, topic, "after-", 3);
            successor.commitTransaction();
        }
        assertThat(Transactions.values(Transactions.readAll(bootstrap, topic, IsolationLevel.READ_COMMITTED,
                READ_TIMEOUT))).as("read_committed: never the killed producer's records")
                .containsExactly("after-0", "after-1", "after-2");
        List<String> expectedUncommitted = new ArrayList<>(IntStream.range(0, open).mapToObj(i -> "open-" + i)
                .toList());
        expectedUncommitted.addAll(List.of("after-0", "after-1", "after-2"));
        assertThat(Transactions.values(Transactions.readAll(bootstrap, topic, IsolationLevel.READ_UNCOMMITTED,
                READ_TIMEOUT))).as("read_uncommitted").containsExactlyElementsOf(expectedUncommitted);
        DataDirs.deleteRecursively(dir);
    }

    /** Begins a transaction and sends {@code count} records {@code prefix<i>} to partition 0. */
    private static void transaction(KafkaProducer<String, String> producer, String topic, String prefix, int count) {
        producer.beginTransaction();
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, 0, "k" + i, prefix + i));
        }
    }

    private static long single(Map<TopicPartition, Long> offsets) {
        assertThat(offsets).hasSize(1);
        return offsets.values().iterator().next();
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> out = new ArrayList<>();
        for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
            out.add(c);
        }
        return out;
    }
}
