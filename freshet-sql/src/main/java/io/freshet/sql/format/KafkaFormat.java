package io.freshet.sql.format;

import io.freshet.sql.schema.Column;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;

/**
 * One column in Kafka's own primitive encodings, byte for byte what StringSerializer, IntegerSerializer,
 * LongSerializer and DoubleSerializer write: UTF-8; 4 bytes big-endian; 8 bytes big-endian; the IEEE 754 bits in
 * 8 bytes big-endian. A null column is a null record key or value. BOOLEAN has no KAFKA encoding (refused when the
 * serde is made).
 */
final class KafkaFormat extends RowFormat {

    private final Column column;
    private final boolean key;

    KafkaFormat(Column column, boolean key) {
        this.column = column;
        this.key = key;
    }

    @Override
    public byte[] serialize(String topic, Object[] row) {
        if (row == null || row[0] == null) {
            return null;
        }
        Object v = row[0];
        return switch (column.type()) {
            case STRING -> ((String) v).getBytes(StandardCharsets.UTF_8);
            case INTEGER -> ByteBuffer.allocate(4).putInt(((Number) v).intValue()).array();
            case BIGINT -> ByteBuffer.allocate(8).putLong(((Number) v).longValue()).array();
            case DOUBLE -> ByteBuffer.allocate(8).putDouble(((Number) v).doubleValue()).array();
            case BOOLEAN -> throw new SerializationException("column " + column.name()
                    + ": the KAFKA format has no BOOLEAN");
        };
    }

    @Override
    public Object[] deserialize(String topic, byte[] data) {
        if (data == null) {
            return key ? new Object[1] : null;
        }
        return new Object[] {switch (column.type()) {
            case STRING -> new String(data, StandardCharsets.UTF_8);
            case INTEGER -> ByteBuffer.wrap(exactly(4, data)).getInt();
            case BIGINT -> ByteBuffer.wrap(exactly(8, data)).getLong();
            case DOUBLE -> ByteBuffer.wrap(exactly(8, data)).getDouble();
            case BOOLEAN -> throw new SerializationException("column " + column.name()
                    + ": the KAFKA format has no BOOLEAN");
        }};
    }

    private byte[] exactly(int size, byte[] data) {
        if (data.length != size) {
            throw new SerializationException("column " + column.name() + ": a KAFKA " + column.type().displayName()
                    + " is " + size + " bytes, got " + data.length);
        }
        return data;
    }
}
