package io.freshet.coordinator.group.classic;

/** The states of a classic group, named as Kafka reports them in ListGroups and DescribeGroups. */
enum ClassicGroupState {
    /** No members; may still have committed offsets. */
    EMPTY("Empty"),
    /** A rebalance is under way: waiting for every member to (re)join. */
    PREPARING_REBALANCE("PreparingRebalance"),
    /** Everyone joined; waiting for the leader's assignment in SyncGroup. */
    COMPLETING_REBALANCE("CompletingRebalance"),
    /** Members have their assignments and heartbeat. */
    STABLE("Stable"),
    /** Deleted; any request gets an error while the id is reused. */
    DEAD("Dead");

    private final String kafkaName;

    ClassicGroupState(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    String kafkaName() {
        return kafkaName;
    }
}
