package io.freshet.sql.plan;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time from a source's TIMESTAMP column: the BIGINT (epoch ms) at {@code valueIndex} of the deserialized
 * value (Kafka Streams extracts after deserializing). A tombstone (null value) keeps the record's timestamp, so a
 * table's deletes still flow. A null or negative column value gives -1: Kafka Streams then skips the record,
 * logs a warning and counts it in the task's {@code dropped-records} metric, as ksqlDB does by default — a
 * record without its event time cannot be placed in a window.
 */
final class ColumnTimestampExtractor implements TimestampExtractor {

    private final int valueIndex;

    ColumnTimestampExtractor(int valueIndex) {
        this.valueIndex = valueIndex;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (!(record.value() instanceof Object[] value)) {
            return record.timestamp();
        }
        Object ts = valueIndex < value.length ? value[valueIndex] : null;
        if (ts instanceof Number n && n.longValue() >= 0) {
            return n.longValue();
        }
        return -1;
    }
}
