package io.freshet.server.metrics;

import io.freshet.storage.log.FlushObserver;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The storage's fsyncs: Kafka's {@code kafka.log:type=LogFlushStats,name=LogFlushRateAndTimeMs} as the histogram
 * {@code kafka_log_logflushstats_logflush_seconds}, and the group commit's batch, the acks=all appends one fsync
 * released, as {@code freshet_log_groupcommit_batch_size} (Kafka has none: it does not wait for fsync). Recorded on
 * the fsync threads, one record per fsync, never per append.
 */
final class FlushMeters implements FlushObserver {

    static final String FLUSH = "kafka.log.logflushstats.logflush";
    static final String BATCH = "freshet.log.groupcommit.batch.size";

    private static final Duration[] BUCKETS = {
        Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
        Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1)};
    private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

    private final Timer flush;
    private final DistributionSummary batch;

    FlushMeters(MeterRegistry registry) {
        this.flush = Timer.builder(FLUSH)
            .description("Time of one fsync of a partition log (segment, and its directory when it changed)")
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
        this.batch = DistributionSummary.builder(BATCH)
            .description("acks=all appends released by one fsync (group commit)")
            .serviceLevelObjectives(BATCH_BUCKETS)
            .register(registry);
    }

    @Override
    public void flushed(long nanos, int waiters) {
        flush.record(nanos, TimeUnit.NANOSECONDS);
        if (waiters > 0) {
            batch.record(waiters);
        }
    }
}
