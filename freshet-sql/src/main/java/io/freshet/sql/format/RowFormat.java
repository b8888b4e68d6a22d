package io.freshet.sql.format;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** One way of writing rows to bytes and back; each format is both halves of its serde, with nothing to configure. */
abstract class RowFormat implements Serializer<Object[]>, Deserializer<Object[]> {

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }
}
