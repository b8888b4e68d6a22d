package io.freshet.storage.log;

/**
 * Who is appending, Kafka's own distinction: it decides whether an append may use the free-space reserve
 * ({@code log.dir.min.free.bytes}). Client data is refused before it eats into the reserve; the coordinators'
 * state (committed offsets, group and transaction state, transaction markers) may use it, so that consumers can
 * still commit and transactions can still complete on a nearly full disk.
 */
public enum AppendOrigin {
    /** A producer's records (Produce). */
    CLIENT,
    /** The group or transaction coordinator's state, and transaction markers. */
    COORDINATOR
}
