package io.freshet.coordinator.runtime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * JSON for state records. A key is written with its registered type name ({@code {"type":"offset",...}}), which
 * fixes the type of the value. Unknown fields are ignored so that a newer Freshet's records stay readable by this one
 * where they only add fields.
 *
 * <p>Design note: the codec lists no key type itself. Each coordinator registers its own ({@link #register}) before
 * its log is replayed, so the runtime does not depend on the group or transaction packages, and a new coordinator
 * (share groups, MQTT sessions) brings its types without touching this class. Registration happens on the thread
 * that starts the coordinator, before any record is read or written.
 */
public final class StateRecordCodec {

    private final ObjectMapper json = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final Map<Class<?>, Class<?>> valueTypes = new HashMap<>();

    /**
     * Adds a key type: records whose key is a {@code keyType} carry a {@code valueType}, and the key's JSON names
     * it {@code typeName}. The name is the on-disk format: never change it.
     */
    public StateRecordCodec register(String typeName, Class<? extends StateKey> keyType, Class<?> valueType) {
        json.registerSubtypes(new NamedType(keyType, typeName));
        valueTypes.put(keyType, valueType);
        return this;
    }

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
            return new StateRecord(stateKey, json.readValue(value, valueTypes.get(stateKey.getClass())));
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
