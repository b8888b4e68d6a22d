package io.freshet.sql.format;


/** A source without key columns (KEY_FORMAT NONE, or no KEY column): the key is written as null and never read. */
final class NoKeyFormat extends RowFormat {

    private static final Object[] EMPTY = new Object[0];

    @Override
    public byte[] serialize(String topic, Object[] row) {
        return null;
    }

    @Override
    public Object[] deserialize(String topic, byte[] data) {
        return EMPTY;
    }
}
