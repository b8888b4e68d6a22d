package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Kafka Streams 4.4 application with processing.guarantee=exactly_once_v2 ({@link EosStreamsTopology}, run by
 * {@link StreamsAppMain} in a JVM of its own) against the broker: its output, read with read_committed, equals the
 * output of the same topology in {@link TopologyTestDriver} fed the same records, although the application is killed
 * with SIGKILL mid-stream (input still arriving, a third of it processed) and restarted on the same state directory.
 *
 * <p>What is compared, exactly: alerts and transformed records per key, in order (stateless, one output per input:
 * a duplicate or a loss shows); per room and window, the LAST aggregate in the output topic. Streams emits updates of
 * a window as its cache flushes and commits, so how many intermediate updates appear depends on timing, but the last
 * update of a window is its final count/sum/average; a duplicated input would show there (a count too high), a lost
 * one too. (suppress(untilWindowCloses) would also make the updates exact, but it needs stream time to pass every
 * window's end plus grace on every partition, i.e. extra sentinel records, and hides the changelog's role.)
 */
class StreamsEosTest {

    private static final int READINGS = 20_000;
    private static final int DEVICES = 40;
    private static final int PARTITIONS = 3;
    /** Event time advances 30 ms per reading: 10 minutes, 10 windows per room. */
    private static final long EVENT_TIME_STEP_MS = 30;
    private static final int READINGS_PER_SECOND = 4_000;

    @RegisterExtension
    static final FreshetExtension freshet = GroupBrokers.extension();

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void exactlyOnceOutputEqualsTheTopologyTestDriverAcrossAKill() throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String app = GroupBrokers.unique("eos-streams");
        EosStreamsTopology.Topics topics = new EosStreamsTopology.Topics(app + "-readings", app + "-alerts",
                app + "-windows", app + "-transformed");
        Path dir = DataDirs.create("streams-eos");
        long seed = System.nanoTime();
        List<ProducerRecord<String, String>> input = readings(topics.input(), seed);
        Oracle expected = oracle(topics, input);
        System.out.printf("streams eos: seed %d, %d readings, %d alerts, %d windows expected%n", seed, input.size(),
                expected.alerts().values().stream().mapToInt(List::size).sum(), expected.windows().size());

        for (String topic : List.of(topics.input(), topics.alerts(), topics.windows(), topics.transformed())) {
            KafkaClients.createTopic(bootstrap, topic, PARTITIONS);
        }
        List<String> appArgs = List.of(bootstrap, app, dir.resolve("state").toString(), topics.input(),
                topics.alerts(), topics.windows(), topics.transformed());
        Path log = dir.resolve("streams-app.log");
        AtomicReference<TestJvm> streams = new AtomicReference<>(
                TestJvm.start("streams-app", StreamsAppMain.class, log, appArgs));
        Feeder feeder = new Feeder(bootstrap, input);
        try (Admin admin = KafkaClients.admin(bootstrap)) {
            feeder.start();
            Awaitility.await("a third processed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .failFast("the Streams application died", () -> !streams.get().isAlive())
                    .until(() -> endOffsetSum(bootstrap, topics.transformed()) >= READINGS / 3);
            System.out.printf("streams eos: killing the application with %d of %d readings sent%n", feeder.sent(),
                    READINGS);
            streams.get().kill();
            streams.set(TestJvm.start("streams-app", StreamsAppMain.class, log, appArgs));

            feeder.join(60_000);
            assertThat(feeder.failure()).as("feeding the input").isNull();
            // The windows come from a second sub-topology (behind the repartition topic): the output is complete
            // when it equals the oracle. Until then it may only be short; a duplicate or a loss never converges.
            Awaitility.await("the output equals the TopologyTestDriver's").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .failFast("the Streams application died", () -> !streams.get().isAlive())
                    .untilAsserted(() -> assertOutputEquals(readOutput(bootstrap, topics), expected));
            Map<Integer, Long> inputEnd = GroupBrokers.endOffsets(bootstrap, topics.input());
            Awaitility.await("the application committed all input").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> committed(admin, app, topics.input()), inputEnd::equals);
            Thread.sleep(1_000); // a late duplicate would show now
            assertOutputEquals(readOutput(bootstrap, topics), expected);
        } catch (Throwable t) {
            System.err.println("streams eos failed (seed " + seed + "); application log " + log + ":\n"
                    + streams.get().logTail(6_000));
            throw t;
        } finally {
            feeder.interrupt();
            streams.get().kill();
        }
        DataDirs.deleteRecursively(dir);
    }

    private static void assertOutputEquals(Oracle actual, Oracle expected) {
        assertThat(actual.transformed()).as("transformed stream per key").isEqualTo(expected.transformed());
        assertThat(actual.alerts()).as("alerts per key").isEqualTo(expected.alerts());
        assertThat(actual.windows()).as("last aggregate per room and window").isEqualTo(expected.windows());
    }

    /** Readings of devices in turn, integers 0..100 drawn from the seed, event times from two hours ago. */
    private static List<ProducerRecord<String, String>> readings(String topic, long seed) {
        Random random = new Random(seed);
        // Two hours ago: recent enough that time-based retention (7 days) never deletes the input.
        long base = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
        List<ProducerRecord<String, String>> out = new ArrayList<>(READINGS);
        for (int i = 0; i < READINGS; i++) {
            String device = String.format("device-%02d", i % DEVICES);
            out.add(new ProducerRecord<>(topic, null, base + i * EVENT_TIME_STEP_MS, device,
                    Integer.toString(random.nextInt(101))));
        }
        return out;
    }

    /** The output, as per-key lists (alerts, transformed) and the last value per key (windows). */
    private record Oracle(Map<String, List<String>> alerts, Map<String, String> windows,
            Map<String, List<String>> transformed) {
    }

    private static Oracle oracle(EosStreamsTopology.Topics topics, List<ProducerRecord<String, String>> input) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "oracle");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Its own state directory: the default, /tmp/kafka-streams, is shared by every build on the machine, and one
        // killed in the middle left it unreadable for the next.
        props.put(StreamsConfig.STATE_DIR_CONFIG, DataDirs.create("streams-oracle").toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(EosStreamsTopology.build(topics), props)) {
            TestInputTopic<String, String> in = driver.createInputTopic(topics.input(), new StringSerializer(),
                    new StringSerializer());
            input.forEach(r -> in.pipeInput(r.key(), r.value(), Instant.ofEpochMilli(r.timestamp())));
            return new Oracle(
                    perKey(driver.createOutputTopic(topics.alerts(), new StringDeserializer(),
                            new StringDeserializer()).readKeyValuesToList()),
                    new TreeMap<>(driver.createOutputTopic(topics.windows(), new StringDeserializer(),
                            new StringDeserializer()).readKeyValuesToMap()),
                    perKey(driver.createOutputTopic(topics.transformed(), new StringDeserializer(),
                            new StringDeserializer()).readKeyValuesToList()));
        }
    }

    private static Oracle readOutput(String bootstrap, EosStreamsTopology.Topics topics) {
        Duration timeout = Duration.ofSeconds(30);
        Map<String, String> lastPerWindow = new TreeMap<>();
        Transactions.readAll(bootstrap, topics.windows(), IsolationLevel.READ_COMMITTED, timeout)
                .forEach(r -> lastPerWindow.put(r.key(), r.value())); // per partition in offset order
        return new Oracle(
                perKey(asKeyValues(Transactions.readAll(bootstrap, topics.alerts(), IsolationLevel.READ_COMMITTED,
                        timeout))),
                lastPerWindow,
                perKey(asKeyValues(Transactions.readAll(bootstrap, topics.transformed(),
                        IsolationLevel.READ_COMMITTED, timeout))));
    }

    private static List<KeyValue<String, String>> asKeyValues(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> KeyValue.pair(r.key(), r.value())).toList();
    }

    private static Map<String, List<String>> perKey(List<KeyValue<String, String>> records) {
        Map<String, List<String>> out = new TreeMap<>();
        records.forEach(kv -> out.computeIfAbsent(kv.key, k -> new ArrayList<>()).add(kv.value));
        return out;
    }

    private static long endOffsetSum(String bootstrap, String topic) {
        return Transactions.endOffsets(bootstrap, topic, IsolationLevel.READ_COMMITTED).values().stream()
                .mapToLong(Long::longValue).sum();
    }

    private static Map<Integer, Long> committed(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<Integer, Long> out = new TreeMap<>();
        offsets.forEach((tp, om) -> {
            if (om != null && tp.topic().equals(topic)) {
                out.put(tp.partition(), om.offset());
            }
        });
        return out;
    }

    /** Sends the input in order at about {@value #READINGS_PER_SECOND} readings/s (idempotent, acks=all). */
    private static final class Feeder extends Thread {
        private final String bootstrap;
        private final List<ProducerRecord<String, String>> input;
        private final AtomicInteger sent = new AtomicInteger();
        private volatile Throwable failure;

        Feeder(String bootstrap, List<ProducerRecord<String, String>> input) {
            super("streams-eos-feeder");
            this.bootstrap = bootstrap;
            this.input = input;
            setDaemon(true);
        }

        @Override
        public void run() {
            int chunk = READINGS_PER_SECOND / 20;
            try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap)) {
                for (int i = 0; i < input.size(); i += chunk) {
                    for (ProducerRecord<String, String> r : input.subList(i, Math.min(i + chunk, input.size()))) {
                        producer.send(r, (md, e) -> {
                            if (e != null) {
                                failure = e;
                            }
                        });
                    }
                    producer.flush();
                    sent.set(Math.min(i + chunk, input.size()));
                    Thread.sleep(50);
                }
            } catch (Throwable t) {
                failure = t;
            }
        }

        int sent() {
            return sent.get();
        }

        Throwable failure() {
            return failure;
        }
    }
}
