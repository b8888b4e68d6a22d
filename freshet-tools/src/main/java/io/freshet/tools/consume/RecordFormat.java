package io.freshet.tools.consume;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** How {@code freshet consume} prints one record: a kcat format string or JSON. */
interface RecordFormat {

    /** Appends the record's text, with its own line end (a format string has it in the format). */
    void append(ConsumerRecord<byte[], byte[]> record, StringBuilder out);
}
