package io.freshet.coordinator.share;

/**
 * Where archived records go (KIP-1191): called on the share coordinator thread once an archive is durable, for
 * records REJECTed or past the delivery count limit, when the group has a dead-letter topic. The broker implements
 * it (checks the topic's rules, reads the records, writes copies or references); it must not block.
 */
@FunctionalInterface
public interface DeadLetters {

    enum Reason { REJECTED, DELIVERY_COUNT_EXCEEDED }

    void archived(ShareKey key, long firstOffset, long lastOffset, short deliveryCount, Reason reason,
                  ShareGroupSettings settings);

    DeadLetters NONE = (key, first, last, count, reason, settings) -> { };
}
