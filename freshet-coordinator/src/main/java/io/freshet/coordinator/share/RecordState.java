package io.freshet.coordinator.share;

/**
 * The state of a record in a share partition's in-flight window (KIP-932), with Kafka's codes as the share-group
 * state log writes them. ACQUIRED is never written: locks do not outlive the broker, so a record acquired when it
 * stopped is AVAILABLE at the next start.
 */
enum RecordState {
    AVAILABLE((byte) 0),
    ACQUIRED((byte) 1),
    ACKNOWLEDGED((byte) 2),
    ARCHIVED((byte) 4);

    final byte code;

    RecordState(byte code) {
        this.code = code;
    }

    /** Acknowledged and archived records are done: the start offset moves past them and they are never delivered. */
    boolean isTerminal() {
        return this == ACKNOWLEDGED || this == ARCHIVED;
    }

    static RecordState of(byte code) {
        for (RecordState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        throw new IllegalArgumentException("Unknown share record state " + code);
    }
}
