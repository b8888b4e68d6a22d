package io.freshet.gateway;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.util.List;

/** A record read from a partition: its offset, timestamp, key and value (either may be null) and headers. */
public record LogRecord(TopicPartition partition, long offset, long timestamp, byte[] key, byte[] value,
                        List<Header> headers) {
}
