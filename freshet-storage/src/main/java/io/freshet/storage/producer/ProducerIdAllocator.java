package io.freshet.storage.producer;

import io.freshet.storage.file.CheckedLongFile;
import io.freshet.storage.file.DiskFull;
import io.freshet.storage.file.StorageIo;
import org.apache.kafka.common.errors.KafkaStorageException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Hands out producer ids that are never reused, across restarts too: ids are reserved in blocks, and the end of
 * the current block is made durable before the first id of it is given out. A crash wastes at most one block.
 * A block that cannot be written (disk full, I/O error) is not used: InitProducerId fails with
 * KAFKA_STORAGE_ERROR and the next one writes the same block end again.
 * Thread-safe (synchronized: InitProducerId is rare).
 */
public final class ProducerIdAllocator {

    public static final String FILE = "producer-ids";
    private static final int MAGIC = 0x46525049; // "FRPI"
    private static final int BLOCK = 1000;

    private final CheckedLongFile file;
    private long next;
    private long blockEnd;

    private ProducerIdAllocator(CheckedLongFile file, long next) {
        this.file = file;
        this.next = next;
        this.blockEnd = next;
    }

    /** Fails on a damaged file rather than risk handing out an id twice. */
    public static ProducerIdAllocator open(StorageIo io, Path dataDir) throws IOException {
        CheckedLongFile file = new CheckedLongFile(io, dataDir.resolve(FILE), MAGIC);
        return new ProducerIdAllocator(file, file.read().orElse(0));
    }

    public synchronized long nextProducerId() {
        if (next == blockEnd) {
            try {
                file.write(blockEnd + BLOCK);
            } catch (IOException e) {
                throw new KafkaStorageException("Cannot reserve producer ids (" + DiskFull.describe(e) + "): "
                    + e.getMessage(), e);
            }
            blockEnd += BLOCK;
        }
        return next++;
    }
}
