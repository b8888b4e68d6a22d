package io.freshet.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One consumer against a real broker: order, parallelism, commits, failures, the memory bound. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrderedParallelConsumerTest {

    @RegisterExtension
    static final FreshetExtension FRESHET = Broker.extension();

    @ParameterizedTest(name = "group.protocol={0}")
    @EnumSource(GroupProtocol.class)
    void shouldProcessEveryRecordOnceInKeyOrderOnSeveralThreads(GroupProtocol protocol) throws Exception {
        String bootstrap = FRESHET.bootstrapServers();
        String topic = Broker.unique("ordered");
        String group = Broker.unique("ordered-group");
        Broker.createTopic(bootstrap, topic, 4);
        Map<String, Integer> perKey = Broker.produce(bootstrap, topic, 4_000, 200);
        Journal journal = new Journal();

        try (OrderedParallelConsumer<String, String> consumer = consumer(bootstrap, group, protocol, topic)
                .concurrency(8)
                .handler(journal.handler("a", 1))
                .build().start()) {
            Map<TopicPartition, Long> end = Broker.endOffsets(bootstrap, topic);
            Awaitility.await("all offsets committed").atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> Broker.committed(bootstrap, group), end::equals);
            assertThat(consumer.failure()).isEmpty();
        }

        List<Journal.Processed> processed = journal.processed();
        assertThat(processed).hasSize(4_000);
        assertThat(journal.distinctRecords()).as("each record once").hasSize(4_000);
        assertThat(journal.outOfOrder()).as("keys whose records ran out of order").isEmpty();
        perKey.forEach((key, count) -> assertThat(processed.stream().filter(p -> p.key().equals(key)).count())
                .as("records of %s", key).isEqualTo(count.longValue()));
        assertThat(journal.maxRunning()).as("handlers running at once").isGreaterThan(1);
        Set<String> threads = new HashSet<>();
        processed.forEach(p -> threads.add(p.thread()));
        assertThat(threads).as("worker threads that ran records").hasSizeGreaterThan(1)
                .allSatisfy(t -> assertThat(t).startsWith("freshet-parallel-worker-"));
    }

    @Test
    void shouldRunNullKeyRecordsOfAPartitionInOffsetOrder() throws Exception {
        String bootstrap = FRESHET.bootstrapServers();
        String topic = Broker.unique("null-keys");
        String group = Broker.unique("null-keys-group");
        Broker.createTopic(bootstrap, topic, 1);
        try (KafkaProducer<String, String> producer = Broker.producer(bootstrap)) {
            for (int i = 0; i < 300; i++) {
                producer.send(new ProducerRecord<>(topic, null, Integer.toString(i)));
            }
        }
        List<Integer> seen = new ArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        try (OrderedParallelConsumer<String, String> consumer = consumer(bootstrap, group, GroupProtocol.CLASSIC, topic)
                .concurrency(8)
                .handler(record -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    synchronized (seen) {
                        seen.add(Integer.parseInt(record.value()));
                    }
                    running.decrementAndGet();
                })
                .build().start()) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> consumer.stats().processedRecords() == 300);
        }
        assertThat(seen).as("null-key records in offset order").isSorted().hasSize(300);
        assertThat(maxRunning.get()).isEqualTo(1);
    }

    @Test
    void shouldStopWithoutCommittingARecordThatFailedEveryAttempt() throws Exception {
        String bootstrap = FRESHET.bootstrapServers();
        String topic = Broker.unique("failing");
        String group = Broker.unique("failing-group");
        Broker.createTopic(bootstrap, topic, 1);
        Broker.produce(bootstrap, topic, 100, 10);
        AtomicInteger attemptsOfPoison = new AtomicInteger();
        Journal journal = new Journal();
        RecordHandler<String, String> ok = journal.handler("a", 0);

        OrderedParallelConsumer<String, String> consumer = consumer(bootstrap, group, GroupProtocol.CLASSIC, topic)
                .concurrency(4)
                .retry(3, Duration.ofMillis(1))
                .handler(record -> {
                    if (record.offset() == 42) {
                        attemptsOfPoison.incrementAndGet();
                        throw new IllegalStateException("poison");
                    }
                    ok.handle(record);
                })
                .build().start();
        Awaitility.await("the consumer stops").atMost(Duration.ofSeconds(20)).until(() -> !consumer.isRunning());
        consumer.close();

        assertThat(consumer.failure()).get().extracting(Throwable::getMessage).isEqualTo("poison");
        assertThat(attemptsOfPoison.get()).isEqualTo(3);
        // Records of other keys queued when it stopped are not run: the commit may stop before the poison record.
        long committed = Broker.committed(bootstrap, group).getOrDefault(new TopicPartition(topic, 0), 0L);
        assertThat(committed).as("committed offset: never past the poison record").isLessThanOrEqualTo(42L);
        assertThat(journal.offsetsDone(new TopicPartition(topic, 0))).as("records below the commit")
                .containsAll(java.util.stream.LongStream.range(0, committed).boxed().toList());
        String poisonKey = "k" + (42 % 10);
        assertThat(journal.processed()).as("records of the poison record's key after it")
                .noneMatch(p -> p.key().equals(poisonKey) && p.offset() > 42);
    }

    @Test
    void shouldStopWhenAHandlerThrowsAnError() throws Exception {
        String bootstrap = FRESHET.bootstrapServers();
        String topic = Broker.unique("erroring");
        String group = Broker.unique("erroring-group");
        Broker.createTopic(bootstrap, topic, 1);
        Broker.produce(bootstrap, topic, 50, 5);

        OrderedParallelConsumer<String, String> consumer = consumer(bootstrap, group, GroupProtocol.CLASSIC, topic)
                .handler(record -> {
                    if (record.offset() == 7) {
                        throw new AssertionError("broken");
                    }
                })
                .build().start();
        Awaitility.await("the consumer stops").atMost(Duration.ofSeconds(20)).until(() -> !consumer.isRunning());
        consumer.close();

        assertThat(consumer.failure()).get().extracting(Throwable::getCause).isInstanceOf(AssertionError.class);
        assertThat(Broker.committed(bootstrap, group).getOrDefault(new TopicPartition(topic, 0), 0L))
                .as("committed offset: never past the failed record").isLessThanOrEqualTo(7L);
    }

    @Test
    void shouldSkipARecordThatFailedEveryAttemptWhenTheFailureHandlerSaysSo() throws Exception {
        String bootstrap = FRESHET.bootstrapServers();
        String topic = Broker.unique("skipping");
        String group = Broker.unique("skipping-group");
        Broker.createTopic(bootstrap, topic, 1);
        Broker.produce(bootstrap, topic, 100, 10);
        List<Long> skipped = new ArrayList<>();
        Journal journal = new Journal();
        RecordHandler<String, String> ok = journal.handler("a", 0);

        try (OrderedParallelConsumer<String, String> consumer = consumer(bootstrap, group, GroupProtocol.CLASSIC, topic)
                .retry(2, Duration.ZERO)
                .handler(record -> {
                    if (record.offset() == 42) {
                        throw new IllegalStateException("poison");
                    }
                    ok.handle(record);
                })
                .onFailure((record, error) -> {
                    synchronized (skipped) {
                        skipped.add(record.offset());
                    }
                    return FailureHandler.Decision.SKIP;
                })
                .build().start()) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Broker.committed(bootstrap, group),
                    c -> Long.valueOf(100).equals(c.get(new TopicPartition(topic, 0))));
            assertThat(consumer.failure()).isEmpty();
        }
        assertThat(skipped).containsExactly(42L);
        assertThat(journal.processed()).hasSize(99);
    }

    @Test
    void shouldNeverBufferMoreThanTheBoundBehindASlowHandler() throws Exception {
        String bootstrap = FRESHET.bootstrapServers();
        String topic = Broker.unique("backlog");
        String group = Broker.unique("backlog-group");
        Broker.createTopic(bootstrap, topic, 4);
        Broker.produce(bootstrap, topic, 20_000, 1_000);

        try (OrderedParallelConsumer<String, String> consumer = consumer(bootstrap, group, GroupProtocol.CLASSIC, topic)
                .concurrency(4)
                .maxBuffered(100)
                .handler(record -> Thread.sleep(2))
                .build().start()) {
            Awaitility.await("paused behind the backlog").atMost(Duration.ofSeconds(20))
                    .until(() -> consumer.stats().pausedPartitions() == 4);
            Awaitility.await("it keeps processing").atMost(Duration.ofSeconds(20))
                    .until(() -> consumer.stats().processedRecords() >= 1_000);
            ParallelStats stats = consumer.stats();
            assertThat(stats.peakBufferedRecords()).as("most records buffered at once").isBetween(1, 100);
            assertThat(stats.processedRecords()).isLessThan(20_000);
        }
    }

    @Test
    void shouldPauseAtTheByteBound() throws Exception {
        String bootstrap = FRESHET.bootstrapServers();
        String topic = Broker.unique("big-records");
        String group = Broker.unique("big-records-group");
        Broker.createTopic(bootstrap, topic, 2);
        String kilobyte = "x".repeat(1_000);
        try (KafkaProducer<String, String> producer = Broker.producer(bootstrap)) {
            for (int i = 0; i < 2_000; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + (i % 50), kilobyte));
            }
        }
        Map<String, Object> props = Broker.consumerProps(bootstrap, group, GroupProtocol.CLASSIC);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
        try (OrderedParallelConsumer<String, String> consumer = OrderedParallelConsumer
                .builder(props, new StringDeserializer(), new StringDeserializer())
                .topics(topic)
                .concurrency(2)
                .maxBufferedBytes(50_000)
                .handler(record -> Thread.sleep(2))
                .build().start()) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> consumer.stats().processedRecords() >= 300);
            ParallelStats stats = consumer.stats();
            assertThat(stats.peakBufferedBytes()).as("bytes buffered at most: the bound plus one poll of 20 records")
                    .isBetween(1_000L, 50_000L + 20 * (1_000 + 3));
            assertThat(stats.peakBufferedRecords()).isLessThan(100);
        }
    }

    private static OrderedParallelConsumer.Builder<String, String> consumer(String bootstrap, String group,
            GroupProtocol protocol, String topic) {
        return OrderedParallelConsumer
                .builder(Broker.consumerProps(bootstrap, group, protocol), new StringDeserializer(),
                        new StringDeserializer())
                .topics(topic);
    }
}
