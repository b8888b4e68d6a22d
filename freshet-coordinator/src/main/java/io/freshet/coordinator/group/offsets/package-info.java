/**
 * Committed offsets and pending transactional offsets: OffsetCommit, OffsetFetch, OffsetDelete, TxnOffsetCommit and
 * the completion of a transaction's offsets, offsets retention and the offsets of deleted topics. Their stores are
 * plain key-value state the runtime applies and reverts by itself; OffsetFetch reads the committed view, so it
 * never shows an offset that is not durable, and with require_stable holds back a partition whose offset a
 * transaction has pending, durably or not yet. Group coordinator thread only.
 */
package io.freshet.coordinator.group.offsets;
