package io.freshet.bench.rebalance;

/** What is timed, in the order the report lists them. */
public enum RebalanceCase {
    FIRST_JOIN("first join of an empty group", "A's subscribe() until A owns all 6 partitions"),
    JOIN("join", "B's subscribe() until A and B together own all 6, disjoint, both non-empty"),
    LEAVE("leave", "A.close() (clean leave, on another thread) until B owns all 6"),
    DIE("die", "SIGKILL of A's JVM until B owns all 6 (bounded below by the session timeout)");

    private final String label;
    private final String definition;

    RebalanceCase(String label, String definition) {
        this.label = label;
        this.definition = definition;
    }

    public String label() {
        return label;
    }

    public String definition() {
        return definition;
    }
}
