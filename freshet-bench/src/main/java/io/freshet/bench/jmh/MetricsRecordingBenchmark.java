package io.freshet.bench.jmh;

import io.freshet.broker.metrics.BrokerMetrics;
import io.freshet.server.metrics.FreshetMetrics;
import org.apache.kafka.common.protocol.ApiKeys;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * What metrics add to one produce request, as the broker records it: the connection's two clock reads and its
 * request timer, the handler's topic lookup and the topic's adders (one batch appended). {@code enabled=false} is
 * {@link BrokerMetrics#disabled()}: what {@code metrics.enabled=false} leaves (the no-op lookup and adders; the
 * connection then reads no clock). Multiply by requests per second for the share of a core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MetricsRecordingBenchmark {

    @Param({"true", "false"})
    public boolean enabled;

    private FreshetMetrics registry;
    private BrokerMetrics metrics;
    /** A fresh string, as each request's decoded topic name is (its hash computed once per request). */
    private String topic;
    private long latency;

    @Setup
    public void setUp() {
        registry = enabled ? new FreshetMetrics() : null;
        metrics = enabled ? registry.brokerMetrics() : BrokerMetrics.disabled();
        topic = new String("bench-topic");
    }

    @TearDown
    public void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    @Benchmark
    public void recordProduceRequest() {
        long start = enabled ? System.nanoTime() : 0L;
        metrics.topic(topic).appended(600, 65_536);
        latency = (latency + 7_919) & 0xFFFFF; // spread over the timer's buckets
        if (enabled) {
            metrics.requests().answered(ApiKeys.PRODUCE, System.nanoTime() - start + latency);
        }
    }
}
