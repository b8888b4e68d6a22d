package io.freshet.storage.log;

/**
 * What an append did.
 *
 * @param firstOffset      offset given to the first record of the first batch
 * @param lastOffset       offset of the last record appended
 * @param logAppendTimeMs  the broker time stamped on the batches, or -1 when the topic uses CreateTime
 * @param logStartOffset   the log start offset after the append
 * @param duplicate        the batch was a retry of one already in the log; nothing was appended and the offsets
 *                         are those of the original
 */
public record AppendResult(long firstOffset, long lastOffset, long logAppendTimeMs, long logStartOffset,
                           boolean duplicate) {
}
