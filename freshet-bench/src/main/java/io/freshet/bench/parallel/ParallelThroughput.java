package io.freshet.bench.parallel;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.freshet.bench.launch.FreshetLauncher;
import io.freshet.bench.launch.JavaCommand;
import io.freshet.bench.launch.RunningBroker;
import io.freshet.bench.proc.LoadAverage;
import io.freshet.bench.report.MachineInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.LoggerFactory;

/**
 * Per-key ordered processing with a 1 ms handler (a sleep): a plain KafkaConsumer loop on one thread, this
 * library's OrderedParallelConsumer and Confluent's parallel-consumer (ProcessingOrder.KEY) at 16 and 64 threads,
 * each case a new group reading the same pre-produced topic from the start. On a Freshet broker it starts itself,
 * and on an Apache Kafka broker already running when {@code --kafka BOOTSTRAP} is given. Rate: records from the
 * first handled to the last, divided by that time (group join not counted). Writes the report to {@code --out}.
 *
 * <p>Arguments: --repo DIR --out FILE [--kafka BOOTSTRAP] [--records N] [--keys N] [--partitions N]
 * [--plain-records N] [--load-before TEXT].
 */
public final class ParallelThroughput {

    private static final long WORK_MS = 1;
    private static final long TIMEOUT_S = 120;
    private static final List<String> PRODUCE_NOTES = new ArrayList<>();

    private ParallelThroughput() {
    }

    record Result(String broker, Case kase, int records, double perSecond, int outOfOrder, int repeated,
                  String note) {
    }

    public static void main(String[] args) throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path repo = Path.of(opts.getOrDefault("repo", "."));
        Path out = Path.of(opts.getOrDefault("out", "docs/parallel-bench.md"));
        int records = Integer.parseInt(opts.getOrDefault("records", "100000"));
        int keys = Integer.parseInt(opts.getOrDefault("keys", "1000"));
        int partitions = Integer.parseInt(opts.getOrDefault("partitions", "8"));
        int plainRecords = Integer.parseInt(opts.getOrDefault("plain-records", "10000"));
        String kafka = opts.get("kafka");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RunningBroker.open().forEach(RunningBroker::close),
                "parallel-stop-brokers"));
        long started = System.nanoTime();
        List<Result> results = new ArrayList<>();
        Path logs = repo.resolve("freshet-bench/target/parallel-results");
        Files.createDirectories(logs);
        String loadAtStart = String.format(Locale.ROOT, "%.2f", LoadAverage.oneMinute());
        try (RunningBroker freshet = new FreshetLauncher(repo, logs).start(1)) {
            run("Freshet", freshet.bootstrapServers(), records, keys, partitions, plainRecords, List.of(Case.values()),
                    repo, results);
        }
        if (kafka != null) {
            // The library on Apache Kafka too; parallel-consumer only on Freshet, to keep the run short.
            run("Kafka 4.4", kafka, records, keys, partitions, plainRecords,
                    List.of(Case.PLAIN, Case.FRESHET_16, Case.FRESHET_64), repo, results);
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        Files.writeString(out, report(results, records, keys, partitions, plainRecords, minutes,
                opts.getOrDefault("load-before", "?"), loadAtStart));
        System.err.println("parallel: wrote " + out);
        System.exit(0); // parallel-consumer may leave non-daemon threads behind a failed close
    }

    private static void run(String broker, String bootstrap, int records, int keys, int partitions,
                            int plainRecords, List<Case> cases, Path repo, List<Result> results) throws Exception {
        String topic = "parallel-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> sendErrors = new ArrayList<>();
        int inTopic = produce(bootstrap, topic, records, keys, partitions, sendErrors);
        if (inTopic != records) {
            System.err.printf("parallel: %s holds %d of the %d records sent: %s%n", broker, inTopic, records,
                    sendErrors);
            PRODUCE_NOTES.add(broker + ": the topic holds " + inTopic + " of the " + records + " records sent ("
                    + String.join("; ", sendErrors) + "); the cases read those.");
        }
        for (Case kase : cases) {
            int expected = kase == Case.PLAIN ? Math.min(plainRecords, inTopic) : inTopic;
            Map<String, Object> props = new HashMap<>();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "parallel-" + kase.name().toLowerCase() + "-" + topic);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            System.err.printf("parallel: %s, %s ...%n", broker, kase.label());
            Result result = kase.ownJvm()
                    ? inOwnJvm(broker, kase, bootstrap, (String) props.get(ConsumerConfig.GROUP_ID_CONFIG), topic,
                            expected, repo)
                    : inThisJvm(broker, kase, props, topic, expected);
            System.err.printf("parallel: %s, %s: %.0f records/s over %d records %s%n", broker, kase.label(),
                    result.perSecond(), result.records(), result.note());
            results.add(result);
        }
    }

    private static Result inThisJvm(String broker, Case kase, Map<String, Object> props, String topic,
                                    int expected) {
        Tally tally = new Tally(expected);
        String note = "";
        try (AutoCloseable consumer = kase.start(props, topic, tally, WORK_MS)) {
            if (!tally.await(TIMEOUT_S)) {
                note = "timed out after " + TIMEOUT_S + " s at " + tally.processed() + " records ("
                        + tally.distinct() + " distinct)"
                        + (consumer instanceof io.freshet.parallel.OrderedParallelConsumer<?, ?> c ? "; " + c.stats()
                        : "");
            }
        } catch (Exception e) {
            note = "failed: " + e;
        }
        return new Result(broker, kase, tally.processed(), tally.recordsPerSecond(), tally.outOfOrder(),
                tally.repeated(), note);
    }

    /** {@link ConfluentMain} on this class path with kafka-clients 3.9.1 in place of 4.4. */
    private static Result inOwnJvm(String broker, Case kase, String bootstrap, String group, String topic,
                                   int expected, Path repo) throws Exception {
        Path bench = repo.resolve("freshet-bench/target");
        Path clients3;
        try (var jars = Files.list(bench.resolve("kafka-clients-3"))) {
            clients3 = jars.filter(j -> j.getFileName().toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        List<String> classpath = new ArrayList<>();
        classpath.add(clients3.toString());
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.contains("kafka-clients-4") && !entry.contains("freshet-broker")
                    && !entry.contains("freshet-storage") && !entry.contains("freshet-coordinator")) {
                classpath.add(entry);
            }
        }
        Path log = bench.resolve("parallel-results/" + kase.name().toLowerCase() + "-" + topic + ".log");
        Process process = new ProcessBuilder(JavaCommand.java(), "-Xmx512m", "-cp",
                String.join(java.io.File.pathSeparator, classpath), ConfluentMain.class.getName(), bootstrap, group,
                topic, Integer.toString(kase.threads()), Integer.toString(expected), Long.toString(WORK_MS),
                Long.toString(TIMEOUT_S))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(TIMEOUT_S + 30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        String result = Files.readAllLines(log).stream().filter(l -> l.startsWith("result ")).findFirst()
                .orElse(null);
        if (result == null) {
            List<String> lines = Files.readAllLines(log);
            return new Result(broker, kase, 0, 0, 0, 0, "failed, see " + log.getFileName() + ": "
                    + (lines.isEmpty() ? "no output" : lines.get(Math.min(lines.size() - 1, 5))));
        }
        String[] f = result.split(" ");
        int processed = Integer.parseInt(f[1]);
        return new Result(broker, kase, processed, Double.parseDouble(f[2]), Integer.parseInt(f[3]),
                Integer.parseInt(f[4]), processed < expected ? "timed out or failed at " + processed : "");
    }

    /**
     * Sends the records, waits for every acknowledgement and returns how many the topic holds (its end offsets):
     * the cases wait for that many. A send that failed is counted and its first error kept for the report.
     */
    private static int produce(String bootstrap, String topic, int records, int keys, int partitions,
                               List<String> sendErrors) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        int[] seq = new int[keys];
        AtomicInteger failed = new AtomicInteger();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 10),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                int key = i % keys;
                producer.send(new ProducerRecord<>(topic, "key-" + key, Integer.toString(seq[key]++)),
                        (metadata, error) -> {
                            if (error != null && failed.getAndIncrement() == 0) {
                                sendErrors.add(error.toString());
                            }
                        });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            sendErrors.add(failed.get() + " sends failed");
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            long total = admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
            return (int) total;
        }
    }

    private static String report(List<Result> results, int records, int keys, int partitions, int plainRecords,
                                 double minutes, String loadBefore, String loadAtStart) {
        MachineInfo machine = MachineInfo.current();
        StringBuilder md = new StringBuilder();
        md.append("# Ordered parallel processing: throughput with a 1 ms handler\n\n")
                .append("`bench/parallel.sh`, ").append(LocalDateTime.now().format(
                        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append(String.format(Locale.ROOT,
                        ", %.1f min. ", minutes))
                .append(records).append(" records over ").append(keys).append(" keys in ").append(partitions)
                .append(" partitions, produced before the cases run; each case a new consumer group reading from "
                        + "the start. The handler sleeps 1 ms per record (I/O-bound work: a call to another "
                        + "service), then checks the key's sequence number. Rate: records from the first handled to "
                        + "the last over that time (the group join is not counted). The plain loop (poll, handle "
                        + "each record in turn, commitAsync) reads the first ")
                .append(plainRecords).append(" records only: at 1 ms each it would take minutes.\n\n")
                .append("Machine: ").append(machine.cpus()).append(" CPUs (").append(machine.cpuModel())
                .append("), ").append(machine.java()).append(". **The 2 cores were shared with other work** "
                        + "(other helpers' builds and tests): 1-minute load ").append(loadBefore)
                .append(" before, ").append(loadAtStart).append(" at the start. With a sleeping handler the "
                        + "figures depend little on CPU, but the Kafka and Freshet broker, the producer and the "
                        + "consumers all ran on those cores.\n\n")
                .append("| broker | consumer | threads | records | records/s | vs. plain loop | out of key order | "
                        + "repeated | note |\n|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Result r : results) {
            double plain = results.stream().filter(p -> p.broker().equals(r.broker()) && p.kase() == Case.PLAIN)
                    .mapToDouble(Result::perSecond).findFirst().orElse(0);
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %,.0f | %s | %d | %d | %s |%n", r.broker(),
                    r.kase().label(), r.kase().threads(), r.records(), r.perSecond(),
                    plain > 0 ? String.format(Locale.ROOT, "%.1fx", r.perSecond() / plain) : "-",
                    r.outOfOrder(), r.repeated(), r.note()));
        }
        PRODUCE_NOTES.forEach(n -> md.append("\n").append(n).append("\n"));
        md.append("\nThe ceiling with N threads is N x ~900 records/s (a 1 ms sleep takes ~1.1 ms). "
                + "\"out of key order\" counts records handled after a later record of their key, \"repeated\" "
                + "records handled twice in a row; both must be 0.\n");
        return md.toString();
    }
}
