package io.freshet.bench.workload;

/** What a throughput workload did: records and value bytes moved in a wall-clock time. */
public record Throughput(long records, long bytes, double seconds, double busiestClientThread) {

    /** A result whose client threads were not measured ({@code busiestClientThread} NaN). */
    public Throughput(long records, long bytes, double seconds) {
        this(records, bytes, seconds, Double.NaN);
    }

    /**
     * This and {@code other} as one run: records, bytes and time summed; the busiest client thread's share weighted
     * by time.
     */
    public Throughput plus(Throughput other) {
        double totalSeconds = seconds + other.seconds;
        return new Throughput(records + other.records, bytes + other.bytes, totalSeconds,
            (busiestClientThread * seconds + other.busiestClientThread * other.seconds) / totalSeconds);
    }

    public double recordsPerSecond() {
        return records / seconds;
    }

    /** MB = 2^20 bytes of record values, as Kafka's perf tools count. */
    public double megabytesPerSecond() {
        return bytes / (1024.0 * 1024.0) / seconds;
    }
}
