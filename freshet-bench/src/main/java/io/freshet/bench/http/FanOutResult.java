package io.freshet.bench.http;

/**
 * What one fan-out case measured. Latencies (ms) are over the measured records that were delivered, across every
 * subscriber: arrival in the client minus the time the producer's schedule said the record was due.
 *
 * @param connected         subscribers whose stream the broker accepted
 * @param perSubscriber     measured records each subscriber should get
 * @param complete          subscribers that got every measured record
 * @param minReceived       the fewest measured records a subscriber got
 * @param medianReceived    the median over subscribers
 * @param delivered         measured records delivered, all subscribers together
 * @param eventsPerSecond   records pushed to all subscribers per second during the measured time
 * @param medianBehind      records the median subscriber lacked of those sent when the measured time ended
 * @param mostBehind        the same for the subscriber furthest behind
 * @param notAfterPrevious  records whose sequence number was not above the previous one (duplicates, reordering)
 * @param skipped           records a subscriber jumped over without a gap event telling it
 * @param rssBeforeMib      broker RSS before the subscribers connected
 * @param rssIdleMib        with the subscribers connected, before the producer started
 * @param rssPeakMib        the highest per-second sample during warm-up and measured time
 * @param bytesOnDisk       what the topic's partition directories hold at the end (0 for a memory topic)
 * @param failure           why the case gave no figures, or null
 */
record FanOutResult(FanOutCase fanOutCase, int connected, double connectSeconds, double achievedRate,
                    long producerFailed, long perSubscriber, long complete, long minReceived, long medianReceived,
                    long delivered, double eventsPerSecond, long medianBehind, long mostBehind, long latencyCount,
                    double p50Ms, double p99Ms,
                    double p999Ms, double maxMs, long notAfterPrevious, long skipped, long gapEvents, long gapMissed,
                    long unparsed, double rssBeforeMib, double rssIdleMib, double rssPeakMib, CpuMeter.Usage cpu,
                    double loadAverage, long bytesOnDisk, double drainSeconds, String clientErrors, String failure) {

    static FanOutResult failed(FanOutCase c, String failure, String clientErrors) {
        return new FanOutResult(c, 0, Double.NaN, Double.NaN, 0, c.measuredRecords(), 0, 0, 0, 0, Double.NaN, 0, 0, 0,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, null,
            Double.NaN, -1, Double.NaN, clientErrors, failure);
    }

    /** The share of what should have been delivered (every connected subscriber, every measured record) that was. */
    double deliveredFraction() {
        return connected == 0 ? 0 : delivered / (double) (connected * perSubscriber);
    }
}
