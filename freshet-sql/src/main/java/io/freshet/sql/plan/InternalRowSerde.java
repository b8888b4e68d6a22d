package io.freshet.sql.plan;

import io.freshet.sql.function.ValueCodec;
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
 * <p>Layout: a version byte (1), then per slot the value as {@link ValueCodec} writes it (a presence byte,
 * then the value big-endian; the same layout as accumulators). Equal rows give equal bytes, which store keys rely on.
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
                ValueCodec.write(types.get(i), row[i], out);
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
                throw new SerializationException("internal row of unknown version " + version);
            }
            Object[] row = new Object[types.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = ValueCodec.read(types.get(i), in);
            }
            return row;
        } catch (IOException e) {
            throw new SerializationException("truncated or corrupt internal row", e);
        }
    }
}
