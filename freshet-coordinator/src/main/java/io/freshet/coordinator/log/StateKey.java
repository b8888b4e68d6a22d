package io.freshet.coordinator.log;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The key of a state record: what the record is about. The latest record for a key is the state; a tombstone
 * (no value) removes it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = StateKey.Offset.class, name = "offset"),
    @JsonSubTypes.Type(value = StateKey.Group.class, name = "group")
})
public sealed interface StateKey {

    String group();

    /** A committed offset of one group for one partition; the value is an {@link OffsetValue}. */
    record Offset(String group, String topic, int partition) implements StateKey {
    }

    /** A group's membership (classic or consumer protocol); the value is a {@link GroupValue}. */
    record Group(String group) implements StateKey {
    }
}
