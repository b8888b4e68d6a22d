package io.freshet.bench.report;

/** What a number measures, its unit, and which direction is better for the broker. */
public enum Metric {
    RECORDS_PER_S("records/s", true),
    MB_PER_S("MB/s", true),
    BROKER_CPU_PER_M("broker CPU s / 1M records", false),
    /** The busiest client thread's CPU share: near 1.0 the client, not the broker, bounds the case. */
    CLIENT_THREAD_BUSY("busiest client thread, share of one core", false),
    P50_MS("p50 ms", false),
    P99_MS("p99 ms", false),
    P999_MS("p99.9 ms", false),
    ACHIEVED_RATE("achieved rate, records/s", true),
    STARTUP_S("launch to first answer, s", false),
    RSS_IDLE_MIB("RSS idle, MiB", false),
    RSS_AFTER_MIB("RSS after load, MiB", false),
    HWM_AFTER_MIB("peak RSS (VmHWM) after load, MiB", false),
    TRANSACTIONS_PER_S("transactions/s", true),
    GROUP_JOIN_S("group join, s (not in records/s)", false),
    FIRST_COMMIT_S("start to first commit, s (not in records/s)", false),
    CPU_PER_M("broker + app CPU s / 1M records", false);

    private final String label;
    private final boolean higherIsBetter;

    Metric(String label, boolean higherIsBetter) {
        this.label = label;
        this.higherIsBetter = higherIsBetter;
    }

    public String label() {
        return label;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }
}
