package io.freshet.sql.plan;

import org.apache.kafka.streams.kstream.ValueTransformerWithKey;
import org.apache.kafka.streams.processor.ProcessorContext;

/**
 * A table's update as an input row (key columns, value columns, ROWTIME, ROWPARTITION, ROWOFFSET); a deleted key
 * (null value) stays null so the delete flows on. Kafka Streams offers record metadata on a KTable only through
 * this (older) transformer interface.
 */
final class TableRowTransformer implements ValueTransformerWithKey<Object[], Object[], Object[]> {

    private final int keyCount;
    private final int valueCount;
    private ProcessorContext context;

    TableRowTransformer(int keyCount, int valueCount) {
        this.keyCount = keyCount;
        this.valueCount = valueCount;
    }

    @Override
    public void init(ProcessorContext context) {
        this.context = context;
    }

    @Override
    public Object[] transform(Object[] key, Object[] value) {
        if (value == null) {
            return null;
        }
        Object[] row = new Object[keyCount + valueCount + SourceRef.PSEUDO_COUNT];
        if (key != null) {
            System.arraycopy(key, 0, row, 0, Math.min(keyCount, key.length));
        }
        System.arraycopy(value, 0, row, keyCount, Math.min(valueCount, value.length));
        int p = keyCount + valueCount;
        row[p] = context.timestamp();
        row[p + 1] = context.partition();
        row[p + 2] = context.offset();
        return row;
    }

    @Override
    public void close() {
    }
}
