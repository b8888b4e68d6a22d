package io.freshet.coordinator.runtime;

/** One entry of the internal log: a key and its new value, or a tombstone when {@code value} is null. */
public record StateRecord(StateKey key, Object value) {

    public static StateRecord tombstone(StateKey key) {
        return new StateRecord(key, null);
    }

    public boolean isTombstone() {
        return value == null;
    }
}
