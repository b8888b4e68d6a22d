package io.freshet.coordinator.runtime;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The key of a state record: what the record is about. The latest record for a key is its state; a tombstone (no
 * value) removes it. Each coordinator defines its own key types (records) and registers them, with their JSON type
 * names and value types, in its {@link StateRecordCodec}; the runtime only needs {@code equals} and
 * {@code hashCode} to tell keys apart.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface StateKey {
}
