package io.freshet.sql.plan;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The framing shared by the bytes a query keeps for itself (internal rows, aggregate accumulators): a version byte
 * (1), then each slot of the {@code Object[]} as the subclass writes it. The version check and the mapping of
 * truncated input to {@link SerializationException} live here once. The layout is part of a query's durable state:
 * a change to it needs a new version, read alongside the old.
 */
abstract class VersionedSlotsSerde implements Serde<Object[]> {

    private static final byte VERSION = 1;

    /** What the bytes hold, for error messages ("internal row", "aggregate state"). */
    private final String what;
    private final int slots;

    VersionedSlotsSerde(String what, int slots) {
        this.what = what;
        this.slots = slots;
    }

    abstract void writeSlot(int slot, Object value, DataOutput out) throws IOException;

    abstract Object readSlot(int slot, DataInput in) throws IOException;

    @Override
    public final Serializer<Object[]> serializer() {
        return (topic, values) -> values == null ? null : write(values);
    }

    @Override
    public final Deserializer<Object[]> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    private byte[] write(Object[] values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 8 * slots);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            for (int i = 0; i < slots; i++) {
                writeSlot(i, values[i], out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private Object[] read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException(what + " of unknown version " + version);
            }
            Object[] values = new Object[slots];
            for (int i = 0; i < slots; i++) {
                values[i] = readSlot(i, in);
            }
            return values;
        } catch (IOException e) {
            throw new SerializationException("truncated or corrupt " + what, e);
        }
    }
}
