package io.freshet.broker.fetch;

import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Records;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Turns records read from a log into something kafka-clients' {@code ByteBufferAccessor} can write into a
 * response: {@link MemoryRecords} pass through, a {@link FileRecords} slice is read into a heap buffer.
 *
 * <p>Design note: this copy is the one place to replace with zero-copy ({@code FileRegion}) later; nothing else
 * in the fetch path assumes records live in memory.
 */
public final class ResponseRecords {

    private ResponseRecords() {
    }

    public static MemoryRecords inMemory(Records records) {
        if (records instanceof MemoryRecords memory) {
            return memory;
        }
        if (records instanceof FileRecords file) {
            ByteBuffer buffer = ByteBuffer.allocate(file.sizeInBytes());
            try {
                file.readInto(buffer, 0);
            } catch (IOException e) {
                throw new KafkaStorageException("Cannot read " + file.file() + ": " + e.getMessage(), e);
            }
            return MemoryRecords.readableRecords(buffer);
        }
        throw new IllegalArgumentException("Unexpected records type " + records.getClass().getName());
    }
}
