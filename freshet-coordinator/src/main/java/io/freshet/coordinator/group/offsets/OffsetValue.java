package io.freshet.coordinator.group.offsets;

/** A committed offset as stored: the offset, the leader epoch and metadata the client sent, and when. */
public record OffsetValue(long offset, int leaderEpoch, String metadata, long commitTimestampMs) {
}
