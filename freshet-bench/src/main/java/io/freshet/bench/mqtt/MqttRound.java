package io.freshet.bench.mqtt;

import io.freshet.bench.mqtt.client.ClientErrors;
import io.freshet.bench.mqtt.client.LoadClients;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One broker's turn in one round: start it, measure memory with idle clients first (on a fresh process, so the
 * baseline is not the heap the load left), warm up, then the throughput cases, then latency, stop it. A failed
 * case is recorded and the next one runs; a broker that died ends its turn. Harness thread only.
 *
 * <p>Design note: the warm-up (unreported: QoS 0 and QoS 1 with 10 publishers and a subscriber, then QoS 1 at a
 * fixed rate to a QoS 1 subscriber) runs every path the cases measure once before them, so a JVM broker's JIT
 * compiler is done before the clock runs: measured without it, C2 took over half a core of the two during the
 * first QoS 1 case. Mosquitto gets the same warm-up.
 */
final class MqttRound {

    private static final long QUIET_MAX_MILLIS = 10_000;
    private static final String WARM_UP = "warm-up";
    private static final int WARM_UP_PUBLISHERS = 10;

    private final MqttBenchOptions options;
    private final int round;
    private final MqttTarget target;
    private final LoadClients clients;
    private final List<MqttMeasurement> measurements;
    private final List<String> failures;
    private final List<String> anomalies;

    /** @param anomalies what went wrong on the client side in cases that still produced numbers */
    MqttRound(MqttBenchOptions options, int round, MqttTarget target, LoadClients clients,
              List<MqttMeasurement> measurements, List<String> failures, List<String> anomalies) {
        this.options = options;
        this.round = round;
        this.target = target;
        this.clients = clients;
        this.measurements = measurements;
        this.failures = failures;
        this.anomalies = anomalies;
    }

    void run(MqttBrokerLauncher launcher) {
        try (MqttBroker broker = launcher.start(round)) {
            add("start-up", MqttMetric.STARTUP_S, broker.startupSeconds());
            log(String.format("started (pid %d, MQTT port %d) in %.2f s", broker.pid(), broker.port(),
                broker.startupSeconds()));
            attempt(broker, options.idleCaseName(), () -> idle(broker));
            attempt(broker, WARM_UP, () -> warmUp(broker));
            for (ThroughputCase c : options.throughputCases()) {
                attempt(broker, c.name(), () -> throughput(broker, c));
            }
            attempt(broker, options.latencyCaseName(), () -> latency(broker));
        } catch (Exception e) {
            fail("start-up", e);
        }
    }

    private void idle(MqttBroker broker) throws Exception {
        IdleConnectionsRun.Result r = IdleConnectionsRun.run(clients, broker, round, options.idleClients());
        String name = options.idleCaseName();
        add(name, MqttMetric.RSS_BEFORE_MIB, r.rssBeforeMib());
        add(name, MqttMetric.RSS_AFTER_MIB, r.rssAfterMib());
        add(name, MqttMetric.KIB_PER_CONNECTION, r.kibPerConnection());
        add(name, MqttMetric.CONNECTS_PER_S, r.connectsPerS());
        note(name, r.errors(), r.open() < options.idleClients()
            ? (options.idleClients() - r.open()) + " of " + options.idleClients() + " clients not connected" : "");
        log(String.format("%s: %,d open, RSS %.1f -> %.1f MiB, %.2f KiB per connection, %,.0f connects/s", name,
            r.open(), r.rssBeforeMib(), r.rssAfterMib(), r.kibPerConnection(), r.connectsPerS()));
    }

    private void warmUp(MqttBroker broker) throws Exception {
        Duration warm = options.throughputWarmUp();
        Duration measured = options.throughputMeasured().dividedBy(2);
        for (ThroughputCase c : List.of(new ThroughputCase(MqttQoS.AT_MOST_ONCE, WARM_UP_PUBLISHERS),
                new ThroughputCase(MqttQoS.AT_LEAST_ONCE, WARM_UP_PUBLISHERS))) {
            ThroughputRun.Result r = ThroughputRun.run(clients, broker, c, round, warm, measured);
            note(WARM_UP + ", " + c.name(), r.errors(), "");
        }
        LatencyRun.Result r = LatencyRun.run(clients, broker, round, "warmlat", options.latencyRate(), warm, measured);
        note(WARM_UP + ", latency", r.errors(), "");
        log("warmed up");
    }

    private void throughput(MqttBroker broker, ThroughputCase c) throws Exception {
        ThroughputRun.Result r = ThroughputRun.run(clients, broker, c, round, options.throughputWarmUp(),
            options.throughputMeasured());
        add(c.name(), MqttMetric.MESSAGES_PER_S, r.messagesPerS());
        add(c.name(), MqttMetric.UNDELIVERED, r.undelivered());
        add(c.name(), MqttMetric.STALLED_S, r.stalledSeconds());
        add(c.name(), MqttMetric.BROKER_CPU_PER_M, r.brokerCpuPerMillion());
        add(c.name(), MqttMetric.CLIENT_CPU_PER_M, r.clientCpuPerMillion());
        note(c.name(), r.errors(), Stream.of(
                r.stalledSeconds() > 0 ? r.stalledSeconds() + " s without progress" : "",
                r.ackedNotInLog() > 0 ? r.ackedNotInLog() + " messages PUBACKed but not in the Kafka topic ("
                    + r.acked() + " PUBACKed, " + r.logRecords() + " records)" : "")
            .filter(s -> !s.isEmpty()).collect(Collectors.joining("; ")));
        log(String.format("%s: %,.0f messages/s (published %,.0f/s, delivered %,.0f/s), %,d not delivered after"
                + " the drain, %d s stalled, CPU s/1M: broker %.2f, client %.2f%s%s", c.name(), r.messagesPerS(),
            r.publishedPerS(), r.deliveredPerS(), r.undelivered(), r.stalledSeconds(), r.brokerCpuPerMillion(),
            r.clientCpuPerMillion(), r.logRecords() < 0 ? "" : String.format("; log holds %,d records, %,d PUBACKed",
                r.logRecords(), r.acked()),
            r.errors().total() > 0 ? "; client errors: " + r.errors().summary() : ""));
    }

    private void latency(MqttBroker broker) throws Exception {
        LatencyRun.Result r = LatencyRun.run(clients, broker, round, "lat", options.latencyRate(), options.latencyWarmUp(),
            options.latencyMeasured());
        String name = options.latencyCaseName();
        add(name, MqttMetric.P50_MS, r.p50Ms());
        add(name, MqttMetric.P99_MS, r.p99Ms());
        add(name, MqttMetric.P999_MS, r.p999Ms());
        add(name, MqttMetric.MAX_MS, r.maxMs());
        add(name, MqttMetric.ACHIEVED_RATE, r.achievedRate());
        add(name, MqttMetric.MISSING, r.missing());
        note(name, r.errors(), r.duplicates() > 0 ? r.duplicates() + " duplicates" : "");
        log(String.format("%s: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms at %,.0f msg/s, %d missing,"
                + " %d duplicates", name, r.p50Ms(), r.p99Ms(), r.p999Ms(), r.maxMs(), r.achievedRate(), r.missing(),
            r.duplicates()));
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    private void attempt(MqttBroker broker, String caseName, Body body) {
        if (!options.runs(caseName) && !caseName.equals(WARM_UP)) {
            return;
        }
        if (!broker.alive()) {
            fail(caseName, new IllegalStateException("the broker " + broker.state() + " before the case;"
                + " its log ends:\n" + broker.logTail(15)));
            return;
        }
        try {
            if (!broker.awaitQuiet(QUIET_MAX_MILLIS)) {
                anomalies.add(target.label() + ", round " + round + ", " + caseName + ": the broker still used over 5%"
                    + " of a core " + QUIET_MAX_MILLIS / 1000 + " s after the previous case");
            }
            body.run();
        } catch (Exception e) {
            fail(caseName, e);
        }
        if (!broker.alive()) {
            fail(caseName, new IllegalStateException("the broker " + broker.state() + " during the case; its log"
                + " ends:\n" + broker.logTail(15)));
        }
    }

    private void add(String caseName, MqttMetric metric, double value) {
        measurements.add(new MqttMeasurement(round, target, caseName, metric, value));
    }

    private void note(String caseName, ClientErrors errors, String extra) {
        String summary = errors.summary();
        if (summary.isEmpty() && extra.isEmpty()) {
            return;
        }
        String message = target.label() + ", round " + round + ", " + caseName + ": "
            + String.join("; ", Stream.of(extra, summary).filter(s -> !s.isEmpty()).toList());
        anomalies.add(message);
        System.err.println("mqtt-bench: NOTE " + message);
    }

    private void fail(String what, Exception e) {
        String message = target.label() + ", round " + round + ", " + what + ": " + e;
        failures.add(message);
        System.err.println("mqtt-bench: FAILED " + message);
    }

    private void log(String message) {
        System.out.println("mqtt-bench: round " + round + ", " + target.label() + ": " + message);
    }
}
