package io.freshet.coordinator.runtime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The simplest state store: name -> number, keyed by {@link Key}. */
final class MapStore implements StateStore {

    record Key(String name) implements StateKey {
    }

    final Map<String, Integer> values = new HashMap<>();

    static StateRecord put(String name, int value) {
        return new StateRecord(new Key(name), value);
    }

    static StateRecord delete(String name) {
        return StateRecord.tombstone(new Key(name));
    }

    @Override
    public Object valueOf(StateKey key) {
        return values.get(((Key) key).name());
    }

    @Override
    public void replay(StateKey key, Object value) {
        if (value == null) {
            values.remove(((Key) key).name());
        } else {
            values.put(((Key) key).name(), (Integer) value);
        }
    }

    @Override
    public void snapshotInto(List<StateRecord> out) {
        values.forEach((name, value) -> out.add(put(name, value)));
    }
}
