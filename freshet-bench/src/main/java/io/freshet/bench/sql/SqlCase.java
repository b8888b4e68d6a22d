package io.freshet.bench.sql;

/** The cases of bench/sql.sh, in the order the report lists them; each runs on the broker of its round. */
enum SqlCase {
    ALERT_STREAMS("alert, Kafka Streams by hand", false),
    ALERT_SQL("alert, Freshet SQL in the broker", true),
    PER_MINUTE_STREAMS("per-minute, Kafka Streams by hand (in-memory store)", false),
    PER_MINUTE_STREAMS_NO_CACHE("per-minute, Kafka Streams by hand (in-memory, record cache off as the SQL engine has it)",
        false),
    PER_MINUTE_STREAMS_ROCKSDB("per-minute, Kafka Streams by hand (RocksDB store, its default)", false),
    PER_MINUTE_SQL("per-minute, Freshet SQL in the broker", true),
    LATENCY_STREAMS("alert latency, Kafka Streams by hand", false),
    LATENCY_SQL("alert latency, Freshet SQL in the broker", true);

    private final String label;
    private final boolean freshetOnly;

    SqlCase(String label, boolean freshetOnly) {
        this.label = label;
        this.freshetOnly = freshetOnly;
    }

    String label() {
        return label;
    }

    /** Freshet's SQL engine runs inside Freshet's broker only. */
    boolean freshetOnly() {
        return freshetOnly;
    }
}
