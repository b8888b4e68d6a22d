package io.freshet.coordinator.group;

import io.freshet.coordinator.runtime.StateKey;

/** A group's membership (classic or consumer protocol); the value is a {@link GroupValue}. JSON type "group". */
public record GroupKey(String group) implements StateKey {
}
