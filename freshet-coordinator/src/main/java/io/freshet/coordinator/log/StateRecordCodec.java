package io.freshet.coordinator.log;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON for state records: the key names its type, which fixes the type of the value. Unknown fields are ignored
 * so that a newer Freshet's records stay readable by this one where they only add fields.
 */
public final class StateRecordCodec {

    private final ObjectMapper json = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public byte[] encodeKey(StateKey key) {
        return write(key);
    }

    /** The value's bytes, or null for a tombstone. */
    public byte[] encodeValue(Object value) {
        return value == null ? null : write(value);
    }

    public StateRecord decode(byte[] key, byte[] value) {
        try {
            StateKey stateKey = json.readValue(key, StateKey.class);
            if (value == null) {
                return StateRecord.tombstone(stateKey);
            }
            return new StateRecord(stateKey, json.readValue(value, stateKey.valueType()));
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable state record: " + e.getMessage(), e);
        }
    }

    private byte[] write(Object o) {
        try {
            return json.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
