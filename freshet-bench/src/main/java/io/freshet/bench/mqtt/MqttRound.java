package io.freshet.bench.mqtt;

import io.freshet.bench.mqtt.client.ClientErrors;
import io.freshet.bench.mqtt.client.LoadClients;
import io.freshet.bench.report.Percentiles;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One round: both brokers started afresh and running side by side; memory with idle clients measured first on
 * each (on the fresh process, so the baseline is not the heap the load left); a warm-up of each; then every
 * throughput case on one broker and then the other; then latency in slices, alternating between the brokers;
 * both stopped. A failed case is recorded and the next one runs; a broker that died is skipped. Harness thread
 * only.
 *
 * <p>Design note: the machine is shared and its noise comes in bursts of seconds, so the brokers take turns case
 * by case (and latency slice by slice) instead of one broker's whole set of cases after the other's: a burst then
 * falls on both. The idle broker costs nothing meanwhile (each case first waits until both use under 5% of a
 * core). The warm-up (unreported: QoS 0 and QoS 1 with 10 publishers and a subscriber, then QoS 1 at a fixed
 * rate to a QoS 1 subscriber) runs every measured path once, so that a JVM broker's JIT compiler is done before
 * the clock runs: without it, C2 took over half a core of the two during Freshet's first QoS 1 case.
 */
final class MqttRound {

    private static final long QUIET_MAX_MILLIS = 10_000;
    private static final String WARM_UP = "warm-up";
    private static final int WARM_UP_PUBLISHERS = 10;

    private final MqttBenchOptions options;
    private final int round;
    private final LoadClients clients;
    private final List<MqttMeasurement> measurements;
    private final List<String> failures;
    private final List<String> anomalies;
    private final Map<MqttTarget, MqttBroker> brokers = new LinkedHashMap<>();

    /** @param anomalies what went wrong on the client side in cases that still produced numbers */
    MqttRound(MqttBenchOptions options, int round, LoadClients clients, List<MqttMeasurement> measurements,
              List<String> failures, List<String> anomalies) {
        this.options = options;
        this.round = round;
        this.clients = clients;
        this.measurements = measurements;
        this.failures = failures;
        this.anomalies = anomalies;
    }

    /** @param launchers in the order the brokers take their turns this round */
    void run(List<MqttBrokerLauncher> launchers) {
        try {
            for (MqttBrokerLauncher launcher : launchers) {
                start(launcher);
            }
            forEachBroker(options.idleCaseName(), this::idle);
            forEachBroker(WARM_UP, this::warmUp);
            for (ThroughputCase c : options.throughputCases()) {
                forEachBroker(c.name(), broker -> throughput(broker, c));
            }
            latency();
        } finally {
            brokers.values().forEach(MqttBroker::close);
        }
    }

    private void start(MqttBrokerLauncher launcher) {
        try {
            MqttBroker broker = launcher.start(round);
            brokers.put(launcher.target(), broker);
            add(broker, "start-up", MqttMetric.STARTUP_S, broker.startupSeconds());
            log(broker, String.format("started (pid %d, MQTT port %d) in %.2f s", broker.pid(), broker.port(),
                broker.startupSeconds()));
        } catch (Exception e) {
            fail(launcher.target(), "start-up", e);
        }
    }

    private void idle(MqttBroker broker) throws Exception {
        IdleConnectionsRun.Result r = IdleConnectionsRun.run(clients, broker, round, options.idleClients());
        String name = options.idleCaseName();
        add(broker, name, MqttMetric.RSS_BEFORE_MIB, r.rssBeforeMib());
        add(broker, name, MqttMetric.RSS_AFTER_MIB, r.rssAfterMib());
        add(broker, name, MqttMetric.KIB_PER_CONNECTION, r.kibPerConnection());
        add(broker, name, MqttMetric.CONNECTS_PER_S, r.connectsPerS());
        note(broker, name, r.errors(), r.open() < options.idleClients()
            ? (options.idleClients() - r.open()) + " of " + options.idleClients() + " clients not connected" : "");
        log(broker, String.format("%s: %,d open, RSS %.1f -> %.1f MiB, %.2f KiB per connection, %,.0f connects/s",
            name, r.open(), r.rssBeforeMib(), r.rssAfterMib(), r.kibPerConnection(), r.connectsPerS()));
    }

    private void warmUp(MqttBroker broker) throws Exception {
        Duration warm = options.throughputWarmUp();
        Duration measured = options.throughputMeasured().dividedBy(2);
        for (MqttQoS qos : List.of(MqttQoS.AT_MOST_ONCE, MqttQoS.AT_LEAST_ONCE)) {
            ThroughputCase c = ThroughputCase.of(qos, WARM_UP_PUBLISHERS, options.qos1Window());
            ThroughputRun.Result r = ThroughputRun.run(clients, broker, c, round, warm, measured);
            note(broker, WARM_UP + ", " + c.name(), r.errors(), "");
        }
        LatencyRun.Result r = LatencyRun.run(clients, broker, round, "warmlat", options.latencyRate(), warm, measured);
        note(broker, WARM_UP + ", latency", r.errors(), "");
        log(broker, "warmed up");
    }

    private void throughput(MqttBroker broker, ThroughputCase c) throws Exception {
        ThroughputRun.Result r = ThroughputRun.run(clients, broker, c, round, options.throughputWarmUp(),
            options.throughputMeasured());
        add(broker, c.name(), MqttMetric.MESSAGES_PER_S, r.messagesPerS());
        add(broker, c.name(), MqttMetric.UNDELIVERED, r.undelivered());
        add(broker, c.name(), MqttMetric.STALLED_S, r.stalledSeconds());
        add(broker, c.name(), MqttMetric.BROKER_CPU_PER_M, r.brokerCpuPerMillion());
        add(broker, c.name(), MqttMetric.CLIENT_CPU_PER_M, r.clientCpuPerMillion());
        note(broker, c.name(), r.errors(), Stream.of(
                r.stalledSeconds() > 0 ? r.stalledSeconds() + " s without progress" : "",
                r.ackedNotInLog() > 0 ? r.ackedNotInLog() + " messages PUBACKed but not in the Kafka topic ("
                    + r.acked() + " PUBACKed, " + r.logRecords() + " records)" : "")
            .filter(s -> !s.isEmpty()).collect(Collectors.joining("; ")));
        log(broker, String.format("%s: %,.0f messages/s (published %,.0f/s, delivered %,.0f/s), %,d not delivered"
                + " after the drain, %d s stalled, CPU s/1M: broker %.2f, client %.2f%s%s", c.name(), r.messagesPerS(),
            r.publishedPerS(), r.deliveredPerS(), r.undelivered(), r.stalledSeconds(), r.brokerCpuPerMillion(),
            r.clientCpuPerMillion(), r.logRecords() < 0 ? "" : String.format("; log holds %,d records, %,d PUBACKed",
                r.logRecords(), r.acked()),
            r.errors().total() > 0 ? "; client errors: " + r.errors().summary() : ""));
    }

    /** The latency slices, alternating between the brokers; each broker's samples pooled over its slices. */
    private void latency() {
        String name = options.latencyCaseName();
        Map<MqttTarget, List<LatencyRun.Result>> slices = new LinkedHashMap<>();
        for (int slice = 1; slice <= options.latencySlices(); slice++) {
            String tag = "lat" + slice;
            forEachBroker(name, broker -> slices.computeIfAbsent(broker.target(), t -> new ArrayList<>())
                .add(LatencyRun.run(clients, broker, round, tag, options.latencyRate(), options.latencyWarmUp(),
                    options.latencySlice())));
        }
        slices.forEach((target, results) -> pool(brokers.get(target), name, results));
    }

    private void pool(MqttBroker broker, String name, List<LatencyRun.Result> results) {
        long[] all = results.stream().flatMapToLong(r -> Arrays.stream(r.sortedNanos())).sorted().toArray();
        long missing = results.stream().mapToLong(LatencyRun.Result::missing).sum();
        int duplicates = results.stream().mapToInt(LatencyRun.Result::duplicates).sum();
        double rate = results.stream().mapToDouble(LatencyRun.Result::achievedRate).min().orElse(Double.NaN);
        results.forEach(r -> note(broker, name, r.errors(), ""));
        if (duplicates > 0) {
            note(broker, name, new ClientErrors(), duplicates + " duplicates");
        }
        if (all.length == 0) {
            fail(broker.target(), name, new IllegalStateException("no measured message arrived"));
            return;
        }
        double p50 = Percentiles.of(all, 50) / 1e6;
        double p99 = Percentiles.of(all, 99) / 1e6;
        double p999 = Percentiles.of(all, 99.9) / 1e6;
        double max = all[all.length - 1] / 1e6;
        add(broker, name, MqttMetric.P50_MS, p50);
        add(broker, name, MqttMetric.P99_MS, p99);
        add(broker, name, MqttMetric.P999_MS, p999);
        add(broker, name, MqttMetric.MAX_MS, max);
        add(broker, name, MqttMetric.ACHIEVED_RATE, rate);
        add(broker, name, MqttMetric.MISSING, missing);
        log(broker, String.format("%s: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms over %,d messages in %d"
                + " slices (slowest slice at %,.0f msg/s), %d missing, %d duplicates", name, p50, p99, p999, max,
            all.length, results.size(), rate, missing, duplicates));
    }

    @FunctionalInterface
    private interface Case {
        void run(MqttBroker broker) throws Exception;
    }

    /** Runs the case on each running broker in turn, if the run includes it; a failure is recorded, not thrown. */
    private void forEachBroker(String caseName, Case body) {
        if (!options.runs(caseName) && !caseName.equals(WARM_UP)) {
            return;
        }
        for (MqttBroker broker : brokers.values()) {
            if (!broker.alive()) {
                fail(broker.target(), caseName, new IllegalStateException("the broker " + broker.state()
                    + " before the case; its log ends:\n" + broker.logTail(15)));
                continue;
            }
            try {
                awaitQuiet(caseName);
                body.run(broker);
            } catch (Exception e) {
                fail(broker.target(), caseName, e);
            }
            if (!broker.alive()) {
                fail(broker.target(), caseName, new IllegalStateException("the broker " + broker.state()
                    + " during the case; its log ends:\n" + broker.logTail(15)));
            }
        }
    }

    /** Every running broker at rest, so that neither measures what the other or a previous case left behind. */
    private void awaitQuiet(String caseName) throws InterruptedException {
        for (MqttBroker broker : brokers.values()) {
            if (broker.alive() && !broker.awaitQuiet(QUIET_MAX_MILLIS)) {
                anomalies.add(broker.target().label() + ", round " + round + ", before " + caseName + ": the broker"
                    + " still used over 5% of a core after " + QUIET_MAX_MILLIS / 1000 + " s");
            }
        }
    }

    private void add(MqttBroker broker, String caseName, MqttMetric metric, double value) {
        measurements.add(new MqttMeasurement(round, broker.target(), caseName, metric, value));
    }

    private void note(MqttBroker broker, String caseName, ClientErrors errors, String extra) {
        String summary = errors.summary();
        if (summary.isEmpty() && extra.isEmpty()) {
            return;
        }
        String message = broker.target().label() + ", round " + round + ", " + caseName + ": "
            + String.join("; ", Stream.of(extra, summary).filter(s -> !s.isEmpty()).toList());
        anomalies.add(message);
        System.err.println("mqtt-bench: NOTE " + message);
    }

    private void fail(MqttTarget target, String what, Exception e) {
        String message = target.label() + ", round " + round + ", " + what + ": " + e;
        failures.add(message);
        System.err.println("mqtt-bench: FAILED " + message);
    }

    private void log(MqttBroker broker, String message) {
        System.out.println("mqtt-bench: round " + round + ", " + broker.target().label() + ": " + message);
    }
}
