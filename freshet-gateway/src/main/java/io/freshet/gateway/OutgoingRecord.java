package io.freshet.gateway;

import org.apache.kafka.common.header.Header;

import java.util.List;

/**
 * A record to append. {@code key} and {@code value} may be null (a null value is a tombstone on a compacted topic);
 * {@code timestamp} -1 means the time of the append.
 */
public record OutgoingRecord(byte[] key, byte[] value, List<Header> headers, long timestamp) {

    public OutgoingRecord {
        headers = List.copyOf(headers);
    }

    public static OutgoingRecord of(byte[] key, byte[] value) {
        return new OutgoingRecord(key, value, List.of(), -1);
    }
}
