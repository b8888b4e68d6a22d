package io.freshet.sql.function;

import io.freshet.sql.schema.SqlType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes one value of a known type, or null, in the bytes a query keeps for itself: accumulators in state stores and
 * the internal rows of repartition topics and store keys (plan's InternalRowSerde), one layout for both. Layout: one
 * byte, 0 for null and 1 for a value, then the value as {@link DataOutput} writes it, big-endian: BOOLEAN 1 byte,
 * INTEGER 4, BIGINT 8, DOUBLE 8 (IEEE 754); a string is a 4-byte length then its UTF-8 bytes (DataOutput's own
 * writeUTF stops at 65,535 bytes). Equal values give equal bytes, which store keys rely on. Numbers are written
 * through {@link Number} so a value of a narrower Java type than its slot is widened, not refused.
 */
public final class ValueCodec {

    private ValueCodec() {
    }

    public static void write(SqlType type, Object value, DataOutput out) throws IOException {
        if (value == null) {
            out.writeByte(0);
            return;
        }
        out.writeByte(1);
        switch (type) {
            case BOOLEAN -> out.writeBoolean((Boolean) value);
            case INTEGER -> out.writeInt(((Number) value).intValue());
            case BIGINT -> out.writeLong(((Number) value).longValue());
            case DOUBLE -> out.writeDouble(((Number) value).doubleValue());
            case STRING -> writeString((String) value, out);
        }
    }

    public static Object read(SqlType type, DataInput in) throws IOException {
        if (in.readByte() == 0) {
            return null;
        }
        return switch (type) {
            case BOOLEAN -> in.readBoolean();
            case INTEGER -> in.readInt();
            case BIGINT -> in.readLong();
            case DOUBLE -> in.readDouble();
            case STRING -> readString(in);
        };
    }

    private static void writeString(String s, DataOutput out) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 64 * 1024 * 1024) {
            throw new IOException("corrupt value: string length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
