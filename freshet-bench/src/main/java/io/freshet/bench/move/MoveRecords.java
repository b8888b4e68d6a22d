package io.freshet.bench.move;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The records a move carries: record {@code id} (0 to count - 1) goes to topic {@code id % topics}, with key
 * {@code device-(id % keys)} (so each key's records stay in one partition, in order) and a value that starts with the
 * id, padded to {@code valueBytes}.
 */
record MoveRecords(int topics, int partitions, long count, int keys, int valueBytes) {

    static final String TOPIC_PREFIX = "move-";

    String topic(long id) {
        return topicName((int) (id % topics));
    }

    static String topicName(int index) {
        return TOPIC_PREFIX + index;
    }

    byte[] key(long id) {
        return ("device-" + id % keys).getBytes(StandardCharsets.UTF_8);
    }

    byte[] value(long id) {
        return ByteBuffer.allocate(valueBytes).putLong(id).array();
    }

    static long idOf(byte[] value) {
        return ByteBuffer.wrap(value).getLong();
    }

    long bytes() {
        return count * valueBytes;
    }
}
