package io.freshet.sql.plan;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns a stream record (key columns, value columns) into an input row: key columns, value columns, ROWTIME,
 * ROWPARTITION, ROWOFFSET. A record with a null value is dropped: in a STREAM a null value is no event (ksqlDB
 * ignores it too). Runs on the stream thread of the record's task.
 */
final class SourceRowProcessor implements FixedKeyProcessor<Object[], Object[], Object[]> {

    private final int keyCount;
    private final int valueCount;
    private FixedKeyProcessorContext<Object[], Object[]> context;

    SourceRowProcessor(int keyCount, int valueCount) {
        this.keyCount = keyCount;
        this.valueCount = valueCount;
    }

    @Override
    public void init(FixedKeyProcessorContext<Object[], Object[]> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<Object[], Object[]> record) {
        if (record.value() == null) {
            return;
        }
        Object[] row = new Object[keyCount + valueCount + SourceRef.PSEUDO_COUNT];
        if (record.key() != null) {
            System.arraycopy(record.key(), 0, row, 0, Math.min(keyCount, record.key().length));
        }
        System.arraycopy(record.value(), 0, row, keyCount, Math.min(valueCount, record.value().length));
        int p = keyCount + valueCount;
        row[p] = record.timestamp();
        RecordMetadata meta = context.recordMetadata().orElse(null);
        row[p + 1] = meta == null ? null : meta.partition();
        row[p + 2] = meta == null ? null : meta.offset();
        context.forward(record.withValue(row));
    }
}
