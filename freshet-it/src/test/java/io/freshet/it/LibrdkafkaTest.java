package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * librdkafka against the broker: Debian's {@code kcat} (librdkafka 2.0.2) and python3-confluent-kafka through the
 * system interpreter. Both are installed by scripts/install-test-deps.sh; a missing binary skips loudly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LibrdkafkaTest {

    private static final String KCAT = "/usr/bin/kcat";
    private static final String SYSTEM_PYTHON = "/usr/bin/python3";
    private static final int LINES = 1_000;

    @RegisterExtension
    static final FreshetExtension freshet = FreshetExtension.perClass();

    @TempDir
    Path temp;

    @Test
    void kcatShouldProduceAndConsumeBackEveryLineInOrder() throws Exception {
        requireKcat();
        String topic = "kcat-round-trip";
        KafkaClients.createTopic(freshet.bootstrapServers(), topic, 1);
        List<String> lines = IntStream.range(0, LINES).mapToObj(i -> "key-" + i + ":value-" + i).toList();

        Result produced = run(List.of(KCAT, "-b", freshet.bootstrapServers(), "-P", "-t", topic, "-K:",
                "-X", "acks=all"), String.join("\n", lines) + "\n");
        assertThat(produced.exit).as("kcat -P exit code; stderr: %s", produced.stderr).isZero();

        List<String> consumed = kcatConsume(topic, "%k:%s\\n");
        assertThat(consumed).containsExactlyElementsOf(lines);
        List<String> offsets = kcatConsume(topic, "%o\\n");
        assertThat(offsets).containsExactlyElementsOf(IntStream.range(0, LINES).mapToObj(Integer::toString).toList());
    }

    @Test
    void kcatShouldProduceToATopicThatIsCreatedOnFirstUse() throws Exception {
        requireKcat();
        String topic = "kcat-auto-created";
        Result produced = run(List.of(KCAT, "-b", freshet.bootstrapServers(), "-P", "-t", topic, "-K:"),
                "a:1\nb:2\nc:3\n");
        assertThat(produced.exit).as("kcat -P exit code; stderr: %s", produced.stderr).isZero();
        assertThat(KafkaClients.readAll(freshet.bootstrapServers(), topic, Duration.ofSeconds(30)))
                .extracting(r -> r.key() + ":" + r.value())
                .containsExactlyInAnyOrder("a:1", "b:2", "c:3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void javaConsumerShouldReadWhatKcatProducedCompressed(String codec) throws Exception {
        requireKcat();
        String topic = "kcat-" + codec;
        KafkaClients.createTopic(freshet.bootstrapServers(), topic, 1);
        List<String> lines = IntStream.range(0, LINES)
                .mapToObj(i -> "k" + i + ":" + ("compressible " + codec + " line " + i + " ").repeat(3)).toList();
        Result produced = run(List.of(KCAT, "-b", freshet.bootstrapServers(), "-P", "-t", topic, "-K:",
                "-X", "compression.codec=" + codec, "-X", "linger.ms=20"), String.join("\n", lines) + "\n");
        assertThat(produced.exit).as("kcat -P exit code; stderr: %s", produced.stderr).isZero();

        List<ConsumerRecord<String, String>> read = KafkaClients.readAll(freshet.bootstrapServers(), topic,
                Duration.ofSeconds(30));
        assertThat(read).extracting(r -> r.key() + ":" + r.value()).containsExactlyElementsOf(lines);
        assertThat(read).extracting(ConsumerRecord::offset)
                .containsExactlyElementsOf(IntStream.range(0, LINES).mapToObj(Long::valueOf).toList());
    }

    @Test
    void kcatShouldConsumeWhatTheJavaProducerWrote() throws Exception {
        requireKcat();
        String topic = "java-to-kcat";
        KafkaClients.createTopic(freshet.bootstrapServers(), topic, 3);
        Map<String, String> expected = new HashMap<>(); // "partition|offset" -> "key:value"
        try (KafkaProducer<String, String> producer = KafkaClients.producer(freshet.bootstrapServers())) {
            List<java.util.concurrent.Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < LINES; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, "jk" + i, "jv" + i)));
            }
            for (int i = 0; i < LINES; i++) {
                RecordMetadata md = acks.get(i).get(30, TimeUnit.SECONDS);
                expected.put(md.partition() + "|" + md.offset(), "jk" + i + ":jv" + i);
            }
        }
        List<String> consumed = kcatConsume(topic, "%p|%o|%k:%s\\n");
        assertThat(consumed).hasSize(LINES);
        Map<String, String> actual = consumed.stream().collect(Collectors.toMap(
                l -> l.substring(0, l.lastIndexOf('|')), l -> l.substring(l.lastIndexOf('|') + 1)));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void confluentKafkaPythonShouldProduceIdempotentlyAndConsumeWithAssign() throws Exception {
        Assumptions.assumeTrue(pythonClientAvailable(), () -> loud("python3-confluent-kafka for " + SYSTEM_PYTHON));
        String topic = "python-round-trip";
        KafkaClients.createTopic(freshet.bootstrapServers(), topic, 2);
        Path script = temp.resolve("round_trip.py");
        Files.writeString(script, PYTHON_SCRIPT);

        Result result = run(List.of(SYSTEM_PYTHON, script.toString(), freshet.bootstrapServers(), topic,
                Integer.toString(LINES)), "");
        assertThat(result.exit).as("python exit code; stderr: %s", result.stderr).isZero();
        List<String> consumed = result.stdout.lines().filter(l -> l.startsWith("R|")).toList();
        assertThat(consumed).hasSize(LINES);

        Map<Integer, List<String[]>> byPartition = new HashMap<>();
        for (String line : consumed) {
            String[] f = line.split("\\|"); // R|partition|offset|key|value
            byPartition.computeIfAbsent(Integer.parseInt(f[1]), p -> new ArrayList<>()).add(f);
        }
        List<String> keys = new ArrayList<>();
        for (List<String[]> partition : byPartition.values()) {
            int previous = -1;
            for (int n = 0; n < partition.size(); n++) {
                String[] f = partition.get(n);
                assertThat(Long.parseLong(f[2])).as("offset in partition %s", f[1]).isEqualTo(n);
                int seq = Integer.parseInt(f[3]);
                assertThat(seq).isGreaterThan(previous);
                previous = seq;
                assertThat(f[4]).isEqualTo("py-" + seq);
                keys.add(f[3]);
            }
        }
        assertThat(keys).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, LINES).mapToObj(Integer::toString).toList());
        assertThat(KafkaClients.readAll(freshet.bootstrapServers(), topic, Duration.ofSeconds(30)))
                .as("the Java consumer sees the same records").hasSize(LINES);
    }

    private List<String> kcatConsume(String topic, String format) throws Exception {
        Result consumed = run(List.of(KCAT, "-b", freshet.bootstrapServers(), "-C", "-t", topic, "-o", "beginning",
                "-e", "-q", "-f", format), null);
        assertThat(consumed.exit).as("kcat -C exit code; stderr: %s", consumed.stderr).isZero();
        return consumed.stdout.lines().toList();
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private Result run(List<String> command, String stdin) throws IOException, InterruptedException {
        ProcessRun.Output output = ProcessRun.run(temp, command, stdin);
        return new Result(output.exit(), output.stdout(), output.stderr());
    }

    private static void requireKcat() {
        Assumptions.assumeTrue(new File(KCAT).canExecute(), () -> loud(KCAT));
    }

    private static boolean pythonClientAvailable() throws IOException, InterruptedException {
        if (!new File(SYSTEM_PYTHON).canExecute()) {
            return false;
        }
        Process p = new ProcessBuilder(SYSTEM_PYTHON, "-c", "import confluent_kafka").redirectErrorStream(true).start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static String loud(String what) {
        String message = "!!!!! SKIPPING librdkafka test: " + what + " is missing. Run scripts/install-test-deps.sh !!!!!";
        System.err.println(message);
        System.out.println(message);
        return message;
    }

    private static final String PYTHON_SCRIPT = """
            import sys, time
            from confluent_kafka import Producer, Consumer, TopicPartition, OFFSET_BEGINNING

            bootstrap, topic, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
            errors = []
            acked = [0]
            def on_delivery(err, msg):
                if err is not None:
                    errors.append(str(err))
                else:
                    acked[0] += 1

            producer = Producer({'bootstrap.servers': bootstrap, 'acks': 'all', 'enable.idempotence': True,
                                 'linger.ms': 5})
            for i in range(count):
                producer.produce(topic, key=str(i), value='py-%d' % i, on_delivery=on_delivery)
                producer.poll(0)
            remaining = producer.flush(30)
            print('produced: acked=%d errors=%s remaining=%d' % (acked[0], errors[:5], remaining), file=sys.stderr)
            if errors or remaining or acked[0] != count:
                sys.exit(1)

            # group.id is mandatory for the Python consumer; nothing here uses the group (assign, no commits).
            consumer = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'unused-assign-only',
                                 'enable.auto.commit': False, 'enable.auto.offset.store': False})
            partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
            consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in partitions])
            seen = 0
            deadline = time.time() + 40
            while seen < count and time.time() < deadline:
                msg = consumer.poll(0.5)
                if msg is None:
                    continue
                if msg.error():
                    print('consume error: %s' % msg.error(), file=sys.stderr)
                    continue
                print('R|%d|%d|%s|%s' % (msg.partition(), msg.offset(), msg.key().decode(), msg.value().decode()))
                seen += 1
            consumer.close()
            print('consumed: %d' % seen, file=sys.stderr)
            sys.exit(0 if seen == count else 2)
            """;
}
