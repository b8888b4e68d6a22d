package io.freshet.sql.plan;

import io.freshet.sql.schema.SqlType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Rows between the stages of one query, never seen by users: repartition topics (GROUP BY, a join on a column
 * that is not the key) and state-store keys. Typed by the slot types, so it is compact and exact (a BIGINT stays a
 * Long, unlike JSON).
 *
 * <p>Layout: a version byte (1), then per slot a presence byte (0 null, 1 present) followed, when present, by the
 * value: BOOLEAN 1 byte, INTEGER 4 bytes, BIGINT 8, DOUBLE 8 (IEEE 754), STRING a 4-byte length then UTF-8 bytes,
 * all big-endian. Equal rows give equal bytes, which store keys rely on.
 */
final class InternalRowSerde implements Serde<Object[]> {

    private static final byte VERSION = 1;

    private final List<SqlType> types;

    InternalRowSerde(List<SqlType> types) {
        this.types = List.copyOf(types);
    }

    @Override
    public Serializer<Object[]> serializer() {
        return (topic, row) -> row == null ? null : write(row);
    }

    @Override
    public Deserializer<Object[]> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    private byte[] write(Object[] row) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 8 * row.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            for (int i = 0; i < types.size(); i++) {
                writeValue(out, types.get(i), row[i]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static void writeValue(DataOutputStream out, SqlType type, Object v) throws IOException {
        if (v == null) {
            out.writeByte(0);
            return;
        }
        out.writeByte(1);
        switch (type) {
            case BOOLEAN -> out.writeBoolean((Boolean) v);
            case INTEGER -> out.writeInt(((Number) v).intValue());
            case BIGINT -> out.writeLong(((Number) v).longValue());
            case DOUBLE -> out.writeDouble(((Number) v).doubleValue());
            case STRING -> {
                byte[] utf8 = ((String) v).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
        }
    }

    private Object[] read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("internal row of unknown version " + version);
            }
            Object[] row = new Object[types.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = readValue(in, types.get(i));
            }
            return row;
        } catch (IOException e) {
            throw new SerializationException("truncated internal row", e);
        }
    }

    static Object readValue(DataInputStream in, SqlType type) throws IOException {
        if (in.readByte() == 0) {
            return null;
        }
        return switch (type) {
            case BOOLEAN -> in.readBoolean();
            case INTEGER -> in.readInt();
            case BIGINT -> in.readLong();
            case DOUBLE -> in.readDouble();
            case STRING -> {
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new SerializationException("internal row string of " + length + " bytes");
                }
                byte[] utf8 = in.readNBytes(length);
                yield new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
            }
        };
    }
}
