package io.freshet.bench;

import io.freshet.bench.proc.ProcCpu;
import io.freshet.bench.proc.ProcStatus;
import io.freshet.bench.report.Measurement;
import io.freshet.bench.report.Metric;
import io.freshet.bench.report.Percentiles;
import io.freshet.bench.launch.BrokerLauncher;
import io.freshet.bench.launch.RunningBroker;
import io.freshet.bench.launch.Target;
import io.freshet.bench.workload.ConsumeWorkload;
import io.freshet.bench.workload.EndToEndWorkload;
import io.freshet.bench.workload.ProduceCase;
import io.freshet.bench.workload.ProduceWorkload;
import io.freshet.bench.workload.Throughput;
import io.freshet.bench.workload.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * One round against one target: start the broker, warm up, run every case on a fresh topic, read its memory,
 * stop it (always). A failed case is recorded and the next one runs; a broker that does not start fails the
 * whole round of that target.
 */
final class TargetRun {

    private static final String BROKER_CASE = "broker";

    private final BenchOptions options;
    private final int round;
    private final Target target;
    private final List<Measurement> measurements = new ArrayList<>();
    private final List<String> failures;

    TargetRun(BenchOptions options, int round, Target target, List<String> failures) {
        this.options = options;
        this.round = round;
        this.target = target;
        this.failures = failures;
    }

    List<Measurement> run(BrokerLauncher launcher) {
        log("starting");
        try (RunningBroker broker = launcher.start(round)) {
            log(String.format("pid %d answered %.3f s after launch", broker.pid(), broker.startupSeconds()));
            TimeUnit.SECONDS.sleep(1);
            if (target.storesRecords()) {
                ProcStatus idle = ProcStatus.of(broker.pid());
                add(BROKER_CASE, Metric.STARTUP_S, broker.startupSeconds());
                add(BROKER_CASE, Metric.RSS_IDLE_MIB, idle.rssMib());
            }
            runCases(broker);
            if (target.storesRecords()) {
                ProcStatus after = ProcStatus.of(broker.pid());
                add(BROKER_CASE, Metric.RSS_AFTER_MIB, after.rssMib());
                add(BROKER_CASE, Metric.HWM_AFTER_MIB, after.hwmMib());
            }
        } catch (Exception e) {
            fail("round " + round, e);
        }
        return measurements;
    }

    private void runCases(RunningBroker broker) throws Exception {
        ProduceWorkload.warmUp(broker.bootstrapServers(), options.warmUpRecords());
        // The consumer's code is cold in the harness's JVM until the first consume case otherwise: the target that
        // came first in round 1 measured it at a third of its later speed.
        ConsumeWorkload.run(broker.bootstrapServers(), ProduceWorkload.WARM_UP_TOPIC, 1, options.warmUpRecords(),
            BenchOptions.CONSUME_TIMEOUT);
        for (ProduceCase produceCase : options.produceCases()) {
            if (options.runs(produceCase.name())) {
                attempt(produceCase.name(), () -> produce(broker, produceCase));
            }
        }
        for (ProduceCase source : options.produceCases()) { // each consume case loads a topic of its own
            if (source.acks().equals("all") && options.runs(source.consumeName())) {
                attempt(source.consumeName(), () -> consume(broker, source));
            }
        }
        if (!target.storesRecords()) {
            return; // the sink's copies carry the first batch's send times: no e2e
        }
        for (int rate : BenchOptions.E2E_RATES) {
            if (!options.runs(e2eName(rate))) {
                continue;
            }
            attempt(e2eName(rate), () -> endToEnd(broker, rate));
        }
    }

    private boolean produce(RunningBroker broker, ProduceCase produceCase) throws Exception {
        String topic = topic(produceCase);
        Topics.create(broker.bootstrapServers(), topic, produceCase.partitions());
        double cpu = ProcCpu.seconds(broker.pid());
        Throughput result = ProduceWorkload.run(broker.bootstrapServers(), topic, produceCase);
        double cpuUsed = ProcCpu.seconds(broker.pid()) - cpu;
        addThroughput(produceCase.name(), result, cpuUsed);
        return true;
    }

    private boolean consume(RunningBroker broker, ProduceCase source) throws Exception {
        String topic = topic(source) + "-consume";
        long records = loadConsumeTopic(broker.bootstrapServers(), topic, source);
        double cpu = ProcCpu.seconds(broker.pid());
        Throughput result = ConsumeWorkload.runPasses(broker.bootstrapServers(), topic, source.partitions(), records,
            BenchOptions.CONSUME_PASSES, BenchOptions.CONSUME_TIMEOUT);
        addThroughput(source.consumeName(), result, ProcCpu.seconds(broker.pid()) - cpu);
        return true;
    }

    /**
     * Creates {@code topic} for the consume case of {@code source} and fills it untimed, as every target's is filled:
     * {@link BenchOptions#CONSUME_RECORDS_FACTOR} times the produce case's records in full batches, then written back
     * ({@link #writeBack}). Returns the number of records loaded.
     */
    static long loadConsumeTopic(String bootstrap, String topic, ProduceCase source) throws Exception {
        Topics.create(bootstrap, topic, source.partitions());
        long records = source.records() * BenchOptions.CONSUME_RECORDS_FACTOR;
        ProduceWorkload.loadFullBatches(bootstrap, topic, new ProduceCase(source.recordSize(), source.partitions(),
            "1", records));
        writeBack();
        return records;
    }

    /**
     * The page cache's dirty pages written to disk ({@code sync}) before a timed read, so that the read does not race
     * the write-back of what was just loaded: Freshet fsyncs acks=1 data within {@code flush.ms} (1 s), Kafka's fsync
     * variant did so during the load, Kafka's default leaves it to the kernel, and on this virtual machine writing
     * back takes CPU from the two cores the read needs. Every target reads its data at rest.
     */
    private static void writeBack() throws Exception {
        Process sync = new ProcessBuilder("sync").inheritIO().start();
        if (!sync.waitFor(120, TimeUnit.SECONDS)) {
            sync.destroyForcibly();
            throw new IllegalStateException("sync did not end within 120 s");
        }
    }

    private boolean endToEnd(RunningBroker broker, int rate) throws Exception {
        String topic = "bench-r" + round + "-e2e-" + rate;
        Topics.create(broker.bootstrapServers(), topic, 1);
        EndToEndWorkload.Result result = EndToEndWorkload.run(broker.bootstrapServers(), topic, rate,
            options.e2eWarmUp(), options.e2eMeasured());
        long[] sorted = result.sortedNanos();
        if (sorted.length < result.measuredSent()) {
            throw new IllegalStateException("received " + sorted.length + " of " + result.measuredSent() + " records");
        }
        String name = e2eName(rate);
        add(name, Metric.P50_MS, Percentiles.of(sorted, 50) / 1e6);
        add(name, Metric.P99_MS, Percentiles.of(sorted, 99) / 1e6);
        add(name, Metric.P999_MS, Percentiles.of(sorted, 99.9) / 1e6);
        add(name, Metric.ACHIEVED_RATE, result.achievedRate());
        log(String.format("%s: p50 %.3f p99 %.3f p99.9 %.3f ms", name, Percentiles.of(sorted, 50) / 1e6,
            Percentiles.of(sorted, 99) / 1e6, Percentiles.of(sorted, 99.9) / 1e6));
        return true;
    }

    private void addThroughput(String name, Throughput result, double brokerCpuSeconds) {
        add(name, Metric.RECORDS_PER_S, result.recordsPerSecond());
        add(name, Metric.MB_PER_S, result.megabytesPerSecond());
        add(name, Metric.BROKER_CPU_PER_M, brokerCpuSeconds / result.records() * 1e6);
        add(name, Metric.CLIENT_THREAD_BUSY, result.busiestClientThread());
        log(String.format("%s: %,.0f records/s, %.1f MB/s, broker CPU %.2f s, busiest client thread %.2f", name,
            result.recordsPerSecond(), result.megabytesPerSecond(), brokerCpuSeconds, result.busiestClientThread()));
    }

    private static String e2eName(int rate) {
        return "e2e " + rate / 1000 + "k/s acks=all 100 B";
    }

    private String topic(ProduceCase produceCase) {
        return "bench-r" + round + "-" + produceCase.topicSlug();
    }

    private boolean attempt(String caseName, Callable<Boolean> body) {
        try {
            return body.call();
        } catch (Exception e) {
            fail(caseName, e);
            return false;
        }
    }

    private void add(String caseName, Metric metric, double value) {
        measurements.add(new Measurement(round, target, caseName, metric, value));
    }

    private void fail(String what, Exception e) {
        String message = target.label() + ", " + what + ": " + e;
        failures.add(message);
        System.err.println("bench: FAILED " + message);
    }

    private void log(String message) {
        System.out.println("bench: round " + round + ", " + target.label() + ": " + message);
    }
}
