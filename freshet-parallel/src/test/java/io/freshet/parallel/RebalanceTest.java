package io.freshet.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two consumers in one group while records are processed: a second joins, then the first closes. Every record is
 * processed, none by both at the same time, each key in order on each consumer, and the committed offsets, read
 * all along, never pass a record not yet processed.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RebalanceTest {

    private static final int RECORDS = 20_000;

    @RegisterExtension
    static final FreshetExtension FRESHET = Broker.extension();

    @ParameterizedTest(name = "group.protocol={0}")
    @EnumSource(GroupProtocol.class)
    void shouldHandPartitionsOverWithoutLossOrOverlap(GroupProtocol protocol) throws Exception {
        String bootstrap = FRESHET.bootstrapServers();
        String topic = Broker.unique("rebalance");
        String group = Broker.unique("rebalance-group");
        Broker.createTopic(bootstrap, topic, 6);
        Broker.produce(bootstrap, topic, RECORDS, 300);
        Map<TopicPartition, Long> end = Broker.endOffsets(bootstrap, topic);
        Journal journal = new Journal();
        CommitWatcher watcher = new CommitWatcher(bootstrap, group, journal);
        watcher.start();

        OrderedParallelConsumer<String, String> a = start(bootstrap, group, protocol, topic, journal, "a");
        OrderedParallelConsumer<String, String> b = null;
        try {
            Awaitility.await("a processes").atMost(Duration.ofSeconds(30))
                    .until(() -> a.stats().processedRecords() >= 2_000);
            b = start(bootstrap, group, protocol, topic, journal, "b");
            OrderedParallelConsumer<String, String> second = b;
            Awaitility.await("b processes").atMost(Duration.ofSeconds(30))
                    .until(() -> second.stats().processedRecords() >= 1_000);
            assertThat(a.stats().processedRecords() + b.stats().processedRecords()).as("a stream still going")
                    .isLessThan(RECORDS);
            a.close();
            Awaitility.await("every record processed").atMost(Duration.ofSeconds(40))
                    .until(() -> journal.distinctRecords().size() == RECORDS);
            Awaitility.await("all offsets committed").atMost(Duration.ofSeconds(10))
                    .until(() -> Broker.committed(bootstrap, group), end::equals);
            assertThat(a.failure()).isEmpty();
            assertThat(second.failure()).isEmpty();
        } finally {
            a.close();
            if (b != null) {
                b.close();
            }
            watcher.stop();
        }

        int duplicates = journal.processed().size() - RECORDS;
        System.out.printf("rebalance, %s: %d records processed twice, %d commit samples%n", protocol, duplicates,
                watcher.samples());
        assertThat(journal.processed()).extracting(Journal.Processed::instance).contains("a", "b");
        assertThat(journal.overlaps()).as("records running on both consumers at once").isEmpty();
        assertThat(journal.outOfOrder()).as("keys out of order on a consumer").isEmpty();
        assertThat(watcher.violations()).as("committed offsets past records not processed").isEmpty();
        assertThat(watcher.samples()).isGreaterThan(3);
    }

    private static OrderedParallelConsumer<String, String> start(String bootstrap, String group,
            GroupProtocol protocol, String topic, Journal journal, String name) {
        return OrderedParallelConsumer
                .builder(Broker.consumerProps(bootstrap, group, protocol), new StringDeserializer(),
                        new StringDeserializer())
                .topics(topic)
                .concurrency(4)
                .maxBuffered(500)
                .commitInterval(Duration.ofMillis(200))
                .threadName("consumer-" + name)
                .handler(journal.handler(name, 1))
                .build().start();
    }

    /**
     * Reads the group's committed offsets every 50 ms; then, each offset below a committed one must be in the
     * journal (read after the commit, so a record done in between cannot hide a violation that is one).
     */
    static final class CommitWatcher {
        private final String bootstrap;
        private final String group;
        private final Journal journal;
        private final List<String> violations = new CopyOnWriteArrayList<>();
        private volatile boolean stopped;
        private volatile int samples;
        private Thread thread;

        CommitWatcher(String bootstrap, String group, Journal journal) {
            this.bootstrap = bootstrap;
            this.group = group;
            this.journal = journal;
        }

        void start() {
            thread = new Thread(() -> {
                while (!stopped) {
                    try {
                        Map<TopicPartition, Long> committed = Broker.committed(bootstrap, group);
                        committed.forEach((tp, offset) -> {
                            Set<Long> done = journal.offsetsDone(tp);
                            for (long o = 0; o < offset; o++) {
                                if (!done.contains(o)) {
                                    violations.add(tp + " committed " + offset + " before " + o + " was processed");
                                    return;
                                }
                            }
                        });
                        samples++;
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        // the group is rebalancing; read again
                    }
                }
            }, "commit-watcher");
            thread.start();
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join(10_000);
        }

        int samples() {
            return samples;
        }

        List<String> violations() {
            return violations;
        }
    }
}
