/**
 * The coordinator's internal log: typed state records (a key and the latest value for it, or a tombstone),
 * encoded as JSON in ordinary record batches of one partition log, replayed at start-up, and checkpointed so that
 * the log does not grow without bound while compaction does not exist.
 */
package io.freshet.coordinator.log;
