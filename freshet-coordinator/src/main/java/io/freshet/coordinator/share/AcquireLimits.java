package io.freshet.coordinator.share;

/**
 * How much one ShareFetch may acquire from one partition.
 *
 * @param maxRecords   ShareFetch's MaxRecords
 * @param maxBytes     bytes of record batches to read at most
 * @param recordLimit  share.acquire.mode=record_limit: never more than maxRecords; false (batch_optimized): whole
 *                     batches, so the count may exceed maxRecords for batch alignment, as KIP-932 allows
 */
public record AcquireLimits(int maxRecords, int maxBytes, boolean recordLimit) {
}
