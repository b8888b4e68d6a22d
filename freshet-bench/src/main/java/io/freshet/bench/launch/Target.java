package io.freshet.bench.launch;

/** The things the harness measures, in the order the report lists them. */
public enum Target {
    FRESHET("Freshet", true),
    /** Freshet with {@code metrics.enabled=false}: only {@code bench/run.sh --metrics-cost} measures it. */
    FRESHET_NO_METRICS("Freshet, metrics off", true),
    /** Freshet with the {@code --ab} settings: only {@code bench/run.sh --ab KEY=VALUE} measures it. */
    FRESHET_B("Freshet B", true),
    KAFKA("Kafka", true),
    KAFKA_FSYNC("Kafka fsync", true),
    /** The sink: the client alone; it serves the produce and consume cases. */
    CEILING("ceiling", false);

    private final String label;
    private final boolean storesRecords;

    Target(String label, boolean storesRecords) {
        this.label = label;
        this.storesRecords = storesRecords;
    }

    public String label() {
        return label;
    }

    /**
     * False for the sink: it keeps one batch per partition and answers fetches with copies of it, so it serves the
     * throughput cases but not e2e (whose records carry their send time), and its start-up and memory mean nothing.
     */
    public boolean storesRecords() {
        return storesRecords;
    }
}
