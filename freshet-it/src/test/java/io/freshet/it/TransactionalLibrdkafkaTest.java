package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * librdkafka's transactional producer (python3-confluent-kafka through /usr/bin/python3,
 * {@code python/transactional_produce.py}): init_transactions, a committed transaction, an aborted one, a committed
 * one. A read_committed Java consumer sees the two committed transactions and nothing of the aborted one; a
 * read_uncommitted one sees all three. A missing python3-confluent-kafka skips loudly.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TransactionalLibrdkafkaTest {

    private static final int PER_TRANSACTION = 200;

    @RegisterExtension
    static final FreshetExtension freshet = GroupBrokers.extension();

    @TempDir
    Path temp;

    @Test
    void committedTransactionsAreVisibleToReadCommittedAndAbortedOnesAreNot() throws Exception {
        String missing = GroupClient.LIBRDKAFKA.missing();
        Assumptions.assumeTrue(missing == null, () -> loud(missing));
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = GroupBrokers.unique("rdkafka-txn");
        KafkaClients.createTopic(bootstrap, topic, 1);

        try (ClientProcess producer = ClientProcess.start("rdkafka-transactional", List.of(GroupClient.PYTHON,
                GroupClient.scriptDir().resolve("python/transactional_produce.py").toString(), "--bootstrap",
                bootstrap, "--topic", topic, "--transactional-id", GroupBrokers.unique("rdkafka-tx"), "--count",
                Integer.toString(PER_TRANSACTION)), temp)) {
            producer.awaitSuccess(Duration.ofSeconds(60), "done");
            assertThat(producer.lines("committed")).as("committed transactions").hasSize(2);
            assertThat(producer.lines("aborted")).as("aborted transactions").hasSize(1)
                    .allSatisfy((JsonNode line) -> assertThat(line.get("count").asInt()).isEqualTo(PER_TRANSACTION));
        }

        List<String> committed = new ArrayList<>(values("committed-a-"));
        committed.addAll(values("committed-b-"));
        assertThat(Transactions.values(Transactions.readAll(bootstrap, topic, IsolationLevel.READ_COMMITTED,
                Duration.ofSeconds(30)))).as("read_committed").containsExactlyElementsOf(committed);

        List<String> all = new ArrayList<>(values("committed-a-"));
        all.addAll(values("aborted-"));
        all.addAll(values("committed-b-"));
        assertThat(Transactions.values(Transactions.readAll(bootstrap, topic, IsolationLevel.READ_UNCOMMITTED,
                Duration.ofSeconds(30)))).as("read_uncommitted").containsExactlyElementsOf(all);
    }

    private static List<String> values(String prefix) {
        return IntStream.range(0, PER_TRANSACTION).mapToObj(i -> prefix + i).toList();
    }

    private static String loud(String what) {
        String message = "!!!!! SKIPPING librdkafka transactions test: " + what
                + " is missing. Run scripts/install-test-deps.sh !!!!!";
        System.err.println(message);
        return message;
    }
}
