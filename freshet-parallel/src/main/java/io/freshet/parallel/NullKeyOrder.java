package io.freshet.parallel;

/** How records without a key are ordered. */
public enum NullKeyOrder {
    /** As one key per partition: null-key records of a partition run one at a time, in offset order (the default). */
    PARTITION,
    /** Each null-key record on its own: they run in parallel, in no particular order. */
    UNORDERED
}
