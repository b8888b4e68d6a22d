package io.freshet.sql.function;

import io.freshet.sql.schema.SqlType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes one value of a known type, or null, for accumulators in state stores. Layout: one byte, 0 for null and 1
 * for a value, then the value as {@link DataOutput} writes it; a string is a 4-byte length then its UTF-8 bytes
 * (DataOutput's own writeUTF stops at 65,535 bytes).
 */
final class ValueCodec {

    private ValueCodec() {
    }

    static void write(SqlType type, Object value, DataOutput out) throws IOException {
        if (value == null) {
            out.writeByte(0);
            return;
        }
        out.writeByte(1);
        switch (type) {
            case BOOLEAN -> out.writeBoolean((Boolean) value);
            case INTEGER -> out.writeInt((Integer) value);
            case BIGINT -> out.writeLong((Long) value);
            case DOUBLE -> out.writeDouble((Double) value);
            case STRING -> writeString((String) value, out);
        }
    }

    static Object read(SqlType type, DataInput in) throws IOException {
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
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 64 * 1024 * 1024) {
            throw new IOException("corrupt accumulator: string length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
