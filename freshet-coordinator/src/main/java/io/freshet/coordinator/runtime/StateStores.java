package io.freshet.coordinator.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registered stores, found by the class of a record's key. Coordinator thread only. */
final class StateStores {

    private final Map<Class<?>, StateStore> byKeyType = new LinkedHashMap<>();

    void register(Class<? extends StateKey> keyType, StateStore store) {
        if (byKeyType.putIfAbsent(keyType, store) != null) {
            throw new IllegalStateException("A store is already registered for " + keyType.getSimpleName());
        }
    }

    StateStore of(StateKey key) {
        StateStore store = byKeyType.get(key.getClass());
        if (store == null) {
            throw new IllegalStateException("No store registered for " + key.getClass().getSimpleName());
        }
        return store;
    }

    Object valueOf(StateKey key) {
        return of(key).valueOf(key);
    }

    void replay(StateRecord record) {
        of(record.key()).replay(record.key(), record.value());
    }

    /** Each key's value before these records, in the order the keys are first written; null values kept. */
    Map<StateKey, Object> undoOf(List<StateRecord> records) {
        Map<StateKey, Object> undo = new LinkedHashMap<>();
        for (StateRecord record : records) {
            if (!undo.containsKey(record.key())) {
                undo.put(record.key(), valueOf(record.key()));
            }
        }
        return undo;
    }

    void onWrite(List<StateRecord> records) {
        records.forEach(r -> of(r.key()).onWrite(r.key(), r.value()));
    }

    /** Puts every key of a write back to its value before it, last written key first. */
    void revert(Map<StateKey, Object> undo) {
        List<Map.Entry<StateKey, Object>> entries = new ArrayList<>(undo.entrySet());
        for (int i = entries.size() - 1; i >= 0; i--) {
            StateKey key = entries.get(i).getKey();
            of(key).revert(key, entries.get(i).getValue());
        }
    }

    /** Every store's live records, for a checkpoint. */
    List<StateRecord> snapshot() {
        List<StateRecord> live = new ArrayList<>();
        byKeyType.values().forEach(store -> store.snapshotInto(live));
        return live;
    }
}
