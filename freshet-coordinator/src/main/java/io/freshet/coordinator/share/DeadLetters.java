package io.freshet.coordinator.share;

import java.util.concurrent.CompletableFuture;

/**
 * Where archived records go (KIP-1191): called on the share coordinator thread once an archive is durable, for
 * records REJECTed or past the delivery count limit, when the group has a dead-letter topic. The broker implements
 * it (checks the topic's rules, reads the records, writes copies or references); it must not block.
 *
 * <p>The coordinator calls {@link #write}: until its future completes, the range stays in the share partition's
 * snapshot as a pending dead letter (Kafka's ARCHIVING), and a restart hands it over again. So dead letters are
 * written at least once: a crash after the append but before the pending mark is cleared writes them twice.
 */
@FunctionalInterface
public interface DeadLetters {

    enum Reason { REJECTED, DELIVERY_COUNT_EXCEEDED }

    void archived(ShareKey key, long firstOffset, long lastOffset, short deliveryCount, Reason reason,
                  ShareGroupSettings settings);

    /**
     * Writes the dead letters of an archived range. The future completes once they are durable in the dead-letter
     * topic or the rules decided that none is written (no topic, a topic refused, the feature off); it completes
     * exceptionally when they could not be written now (then the coordinator hands them over again at its next
     * start). Added after the first version: the default calls {@link #archived} and reports done at once.
     */
    default CompletableFuture<Void> write(ShareKey key, long firstOffset, long lastOffset, short deliveryCount,
                                          Reason reason, ShareGroupSettings settings) {
        archived(key, firstOffset, lastOffset, deliveryCount, reason, settings);
        return CompletableFuture.completedFuture(null);
    }

    DeadLetters NONE = (key, first, last, count, reason, settings) -> { };
}
