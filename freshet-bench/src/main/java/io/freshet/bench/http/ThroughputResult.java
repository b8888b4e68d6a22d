package io.freshet.bench.http;

/**
 * One produce throughput case: {@code records} 100 B records acknowledged in {@code seconds} (first send to last
 * acknowledgement), what failed, what the topic holds afterwards (Kafka's count, warm-up included), the CPU
 * split over the measured time, and the client's troubles.
 *
 * @param failure why the case gave no figure, or null
 */
record ThroughputResult(String name, String shape, long records, double seconds, long failed, long topicRecords,
                        long expectedTopicRecords, CpuMeter.Usage cpu, double loadAverage, String clientErrors,
                        String failure) {

    double recordsPerSecond() {
        return seconds > 0 ? records / seconds : Double.NaN;
    }

    /** MB = 2^20 bytes of record values, as Kafka's perf tools count. */
    double megabytesPerSecond() {
        return recordsPerSecond() * ProduceThroughput.RECORD_BYTES / (1024.0 * 1024.0);
    }

    static ThroughputResult failed(String name, String shape, String failure, String clientErrors) {
        return new ThroughputResult(name, shape, 0, Double.NaN, 0, -1, -1, null, Double.NaN, clientErrors, failure);
    }
}
