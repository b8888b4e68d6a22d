package io.freshet.bench.scale;

import io.freshet.bench.proc.LoadAverage;
import io.freshet.bench.rounds.BenchArgs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code bench/scale.sh}: Freshet beside Apache Kafka 4.4 (default settings, through the anchor) at scale, in one
 * run: each round runs each case on both brokers back to back, the order alternating by round (Freshet first in
 * odd rounds). The large start-up runs in the first {@code --large-rounds} rounds only (it is the slow one). A full
 * run rewrites docs/benchmarks-scale.md; {@code --quick} writes freshet-bench/target/scale-results/ only.
 */
public final class ScaleBench {

    private ScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
            .setLevel(ch.qos.logback.classic.Level.ERROR);
        BenchArgs parsed;
        try {
            parsed = BenchArgs.parse("bench/scale.sh", 3, ScaleSettings.OPTIONS, args);
        } catch (IllegalArgumentException e) {
            System.err.println("scale: " + e.getMessage());
            System.exit(2);
            return;
        }
        ScaleSettings settings = ScaleSettings.of(parsed);
        Path repo = BenchArgs.repoRoot();
        Path out = repo.resolve("freshet-bench/target/scale-results");
        Path logs = out.resolve("logs");
        Files.createDirectories(logs);
        Path work = Files.createTempDirectory("freshet-scale-");
        FreshetScaleBroker freshet = new FreshetScaleBroker(repo, logs);
        KafkaScaleBroker kafka = new KafkaScaleBroker(BenchArgs.anchorScript(), logs, BenchArgs.kafkaPort());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            freshet.cleanUp();
            kafka.cleanUp();
        }, "scale-shutdown"));

        ScaleResults results = new ScaleResults();
        ScaleCases cases = new ScaleCases(settings, results, work);
        Instant began = Instant.now();
        long started = System.nanoTime();
        double loadBefore = LoadAverage.oneMinute();
        for (int round = 1; round <= settings.rounds(); round++) {
            List<ScaleBroker> order = !settings.kafka() ? List.of(freshet)
                : round % 2 == 1 ? List.of(freshet, kafka) : List.of(kafka, freshet);
            System.err.printf("scale: round %d of %d (%s first)%n", round, settings.rounds(),
                order.get(0).target().label());
            int r = round;
            both(order, b -> cases.manyPartitions(b, r));
            both(order, b -> cases.connections(b, r));
            if (settings.largeTopics() > 0 && round <= settings.largeRounds()) {
                both(order, b -> cases.largeStartup(b, r));
            }
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        Path report = parsed.quick() ? out.resolve("scale-quick.md") : repo.resolve("docs/benchmarks-scale.md");
        String markdown = new ScaleReport(settings, results, parsed.command(), began, minutes, loadBefore,
            LoadAverage.oneMinute(), freshet.reportedCommand()).markdown(report);
        Files.writeString(report, markdown);
        System.err.printf("scale: report %s (%.1f min)%n", report, minutes);
        Files.deleteIfExists(work);
    }

    private static void both(List<ScaleBroker> order, java.util.function.Consumer<ScaleBroker> run) {
        for (ScaleBroker broker : order) {
            run.accept(broker);
        }
    }

}
