package io.freshet.bench.scale;

import io.freshet.bench.launch.JvmProcesses;
import io.freshet.bench.launch.Target;
import io.freshet.bench.proc.ProcCpu;
import io.freshet.bench.proc.ProcStatus;
import io.freshet.bench.scale.ScaleResults.Metric;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The three scale cases, each run against one broker on a fresh data directory, every wait bounded; a failure
 * (the broker dies, a bound passes) is recorded as that case's result for that broker, and the case's broker is
 * stopped and its data deleted whatever happens.
 */
final class ScaleCases {

    static final String MANY = "many partitions";
    static final String CONNECTIONS = "connections";
    static final String LARGE = "large start-up";

    private static final long STEP_TIMEOUT_MS = 300_000;
    private static final long LARGE_STEP_TIMEOUT_MS = 600_000;

    private final ScaleSettings settings;
    private final ScaleResults results;
    private final Path workDir;

    ScaleCases(ScaleSettings settings, ScaleResults results, Path workDir) {
        this.settings = settings;
        this.results = results;
        this.workDir = workDir;
    }

    // ------------------------------------------------------------------------------------------ names of metrics

    private Metric m(String name, String unit, boolean lower, String target) {
        return new Metric(name, unit, lower, target);
    }

    private String many() {
        return String.format("%,d partitions", settings.topics() * 10);
    }

    private String large() {
        return String.format("%,d partitions", settings.largeTopics() * 10);
    }

    // ------------------------------------------------------------------------------------------------ the cases

    /** Creation, spread produce, RSS, clean and unclean restart at {@code topics x 10} partitions. */
    void manyPartitions(ScaleBroker broker, int round) {
        Target t = broker.target();
        int partitions = settings.topics() * 10;
        Path data = workDir.resolve(t.name().toLowerCase() + "-many-r" + round);
        String prefix = "s-";
        try {
            ScaleBroker.Launched l = broker.launch(data, "many-r" + round);
            long ready = MetadataProbe.awaitLeaders(l.port(), prefix, 0, STEP_TIMEOUT_MS, broker::alive);
            results.add(m("empty broker: start-up to first Metadata answer", "s", true, ""), t,
                (ready - l.launchedNanos()) / 1e9);

            long createStart = System.nanoTime();
            PartitionCreator.create(l.bootstrap(), prefix, settings.topics(), 10, 100, STEP_TIMEOUT_MS);
            long led = MetadataProbe.awaitLeaders(l.port(), prefix, partitions, STEP_TIMEOUT_MS, broker::alive);
            results.add(m(many() + ": create " + settings.topics() + " topics x 10 (100 topics a request) until all"
                + " have a leader", "s", true, "<= 0.2x"), t, (led - createStart) / 1e9);
            memory(t, l.pid(), many() + ": broker RSS after creation", "<= 0.3x");

            double cpuBefore = ProcCpu.seconds(l.pid());
            SpreadProducer.Result produced = SpreadProducer.run(l.bootstrap(), prefix, settings.topics(), 10,
                settings.produceSeconds() * 1000L, settings.valueBytes(), STEP_TIMEOUT_MS);
            results.add(m(many() + ": produce acks=all " + settings.valueBytes() + " B, keys over all partitions",
                "records/s", false, ">= 1.25x"), t, produced.recordsPerSecond());
            results.add(m(many() + ": produce: broker CPU per second of produce", "cores", true, ""), t,
                (ProcCpu.seconds(l.pid()) - cpuBefore) / produced.seconds());
            results.add(m(many() + ": produce: client (harness JVM) CPU per second of produce", "cores", true, ""),
                t, produced.clientCpuSeconds() / produced.seconds());
            memory(t, l.pid(), many() + ": broker RSS after produce", "<= 0.3x");
            results.add(m(many() + ": broker open file descriptors after produce", "fds", true, ""), t,
                openFiles(l.pid()));

            results.add(m(many() + ": graceful stop (SIGTERM to exit)", "s", true, ""), t, broker.stopGracefully());
            l = broker.launch(data, "many-r" + round + "-restart");
            led = MetadataProbe.awaitLeaders(l.port(), prefix, partitions, STEP_TIMEOUT_MS, broker::alive);
            results.add(m(many() + ": clean restart, launch to all partitions led in Metadata", "s", true,
                "<= 0.2x"), t, (led - l.launchedNanos()) / 1e9);
            memory(t, l.pid(), many() + ": broker RSS after clean restart", "<= 0.3x");

            if (settings.unclean()) {
                broker.kill();
                l = broker.launch(data, "many-r" + round + "-unclean");
                led = MetadataProbe.awaitLeaders(l.port(), prefix, partitions, STEP_TIMEOUT_MS, broker::alive);
                results.add(m(many() + ": restart after kill -9, launch to all partitions led", "s", true, ""), t,
                    (led - l.launchedNanos()) / 1e9);
            }
        } catch (Exception e) {
            results.fail(many() + " (round " + round + ")", t, describe(e) + hint(broker));
        } finally {
            finish(broker, data);
        }
    }

    /** {@code connections} producer sockets at a low rate each: produce latency, achieved rate, RSS. */
    void connections(ScaleBroker broker, int round) {
        Target t = broker.target();
        Path data = workDir.resolve(t.name().toLowerCase() + "-conns-r" + round);
        String name = String.format("%,d connections x %d/s", settings.connections(), settings.ratePerConnection());
        try {
            ScaleBroker.Launched l = broker.launch(data, "conns-r" + round);
            MetadataProbe.awaitLeaders(l.port(), "iot-", 0, STEP_TIMEOUT_MS, broker::alive);
            PartitionCreator.create(l.bootstrap(), "iot-", 1, 10, 1, STEP_TIMEOUT_MS);
            MetadataProbe.awaitLeaders(l.port(), "iot-", 10, STEP_TIMEOUT_MS, broker::alive);
            double cpuBefore = ProcCpu.seconds(l.pid());
            long started = System.nanoTime();
            ConnectionSwarm.Result r = new ConnectionSwarm(PartitionCreator.topic("iot-", 0), 10,
                settings.valueBytes()).run(l.port(), settings.connections(), settings.ratePerConnection(),
                settings.warmupSeconds() * 1000L, settings.measureSeconds() * 1000L);
            double brokerCores = (ProcCpu.seconds(l.pid()) - cpuBefore) / ((System.nanoTime() - started) / 1e9);
            if (r.latency().count() == 0) {
                throw new IOException("no acknowledged produce in the measured window (" + r.errors() + " errors)");
            }
            results.add(m(name + ": produce latency p50 (write to answer)", "ms", true, ""), t,
                r.latency().percentile(50) / 1e6);
            results.add(m(name + ": produce latency p99", "ms", true, "p99 (no ratio target)"), t,
                r.latency().percentile(99) / 1e6);
            results.add(m(name + ": produce latency p99.9", "ms", true, ""), t, r.latency().percentile(99.9) / 1e6);
            results.add(m(name + ": produce latency max", "ms", true, ""), t, r.latency().max() / 1e6);
            results.add(m(name + ": acknowledged records/s (target " + (long) r.targetRate() + ")", "records/s",
                false, ""), t, r.ackedPerSecond());
            results.add(m(name + ": errors and unanswered", "count", true, ""), t, r.errors());
            results.add(m(name + ": sends more than 2 ms late (client behind)", "count", true, ""), t,
                r.lateSends());
            results.add(m(name + ": broker CPU (warm-up and window)", "cores", true, ""), t, brokerCores);
            results.add(m(name + ": client CPU in the window", "cores", true, ""), t,
                r.clientCpuSeconds() / r.seconds());
            memory(t, l.pid(), name + ": broker RSS with every connection open", "<= 0.3x");
        } catch (Exception e) {
            results.fail(name + " (round " + round + ")", t, describe(e) + hint(broker));
        } finally {
            finish(broker, data);
        }
    }

    /** {@code largeTopics x 10} partitions: creation, RSS, open files, clean restart. */
    void largeStartup(ScaleBroker broker, int round) {
        Target t = broker.target();
        int partitions = settings.largeTopics() * 10;
        Path data = workDir.resolve(t.name().toLowerCase() + "-large-r" + round);
        String prefix = "l-";
        String step = "start";
        try {
            ScaleBroker.Launched l = broker.launch(data, "large-r" + round);
            MetadataProbe.awaitLeaders(l.port(), prefix, 0, STEP_TIMEOUT_MS, broker::alive);
            step = "creating " + partitions + " partitions";
            long createStart = System.nanoTime();
            PartitionCreator.create(l.bootstrap(), prefix, settings.largeTopics(), 10, 500, LARGE_STEP_TIMEOUT_MS);
            long led = MetadataProbe.awaitLeaders(l.port(), prefix, partitions, LARGE_STEP_TIMEOUT_MS, broker::alive);
            results.add(m(large() + ": create " + settings.largeTopics() + " topics x 10 (500 topics a request)"
                + " until all have a leader", "s", true, ""), t, (led - createStart) / 1e9);
            memory(t, l.pid(), large() + ": broker RSS after creation", "<= 0.3x");
            results.add(m(large() + ": broker open file descriptors after creation", "fds", true, ""), t,
                openFiles(l.pid()));
            step = "graceful stop";
            results.add(m(large() + ": graceful stop (SIGTERM to exit)", "s", true, ""), t, broker.stopGracefully());
            step = "clean restart";
            l = broker.launch(data, "large-r" + round + "-restart");
            led = MetadataProbe.awaitLeaders(l.port(), prefix, partitions, LARGE_STEP_TIMEOUT_MS, broker::alive);
            results.add(m(large() + ": clean restart, launch to all partitions led in Metadata", "s", true,
                "<= 0.2x"), t, (led - l.launchedNanos()) / 1e9);
            memory(t, l.pid(), large() + ": broker RSS after clean restart", "<= 0.3x");
        } catch (Exception e) {
            results.fail(large() + " (round " + round + ")", t, step + ": " + describe(e) + hint(broker));
        } finally {
            finish(broker, data);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void memory(Target t, long pid, String name, String target) {
        results.add(m(name, "MiB", true, target), t, ProcStatus.of(pid).rssMib());
    }

    static double openFiles(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** After the broker is stopped (Kafka's log is copied then): why it failed, from its log. */
    private static String hint(ScaleBroker broker) {
        broker.cleanUp();
        return broker.failureHint();
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root == e ? e.toString() : e + " (cause: " + root + ")";
        return text.replace('\n', ' ');
    }

    private void finish(ScaleBroker broker, Path data) {
        broker.cleanUp();
        try {
            JvmProcesses.deleteTree(data);
        } catch (IOException e) {
            System.err.println("scale: could not delete " + data + ": " + e.getMessage());
        }
    }
}
