package io.freshet.coordinator.runtime;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What the runtime needs of a coordinator's internal log, and all it may do with storage: {@link CoordinatorLog} is
 * the one implementation on the storage engine; tests use one that fails appends and fsyncs on demand. Called on
 * the coordinator thread only.
 *
 * <p>Durability is a prefix of the log: an fsync that covers an offset covers everything before it, and once a
 * write could not be made durable nothing after it will be (the storage takes the partition offline).
 */
public interface StateLog {

    /** Reads every record from the log start, in order, before the coordinator serves anything; returns the count. */
    int replay(Consumer<StateRecord> apply);

    /**
     * Appends the records as one batch, so that a crash keeps all of them or none; returns the log end offset after
     * them. Throws (a KafkaStorageException, for example on a full disk) when nothing was appended.
     */
    long append(List<StateRecord> records);

    /** Completes once every record before {@code endOffset} is durable; fails when that cannot be. */
    CompletableFuture<Void> awaitDurable(long endOffset);

    long logEndOffset();

    /** Bytes appended since the log was opened: the checkpoint routine's measure of growth. */
    long bytesAppended();

    /** Drops every record before {@code offset}: a durable checkpoint at {@code offset} has superseded them. */
    void deleteRecordsBefore(long offset);
}
