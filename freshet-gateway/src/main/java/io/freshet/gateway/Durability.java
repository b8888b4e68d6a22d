package io.freshet.gateway;

/** When an append's future completes. */
public enum Durability {
    /** Appended: readers see it, the page cache has it (a produce with acks=1). */
    APPENDED,
    /** Appended and fsynced: survives a power loss (a produce with acks=all). */
    DURABLE
}
