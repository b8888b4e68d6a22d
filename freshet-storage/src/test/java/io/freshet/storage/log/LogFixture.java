package io.freshet.storage.log;

import io.freshet.storage.testing.ManualClock;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A log store on a temporary directory, with a mock clock, reopened as a restart would. */
final class LogFixture implements AutoCloseable {

    static final TopicPartition TP = new TopicPartition("events", 0);

    final Path dir;
    final ManualClock time = new ManualClock();
    /** No cleaner thread: tests run the cleaner themselves ({@link LogStore#cleanLogs}), at known points. */
    LogStoreConfig config;
    LogStore store;

    LogFixture(Path dir) throws IOException {
        this(dir, LogStoreConfig.defaults());
    }

    LogFixture(Path dir, LogStoreConfig config) throws IOException {
        this.dir = dir;
        this.config = config.withCleanerBackoffMs(0);
        this.store = open();
    }

    private LogStore open() throws IOException {
        return LogStore.open(dir, AppendListener.NONE, time, config);
    }

    DiskLog log(Map<String, String> overrides) {
        return (DiskLog) store.openLog(TP, LogConfig.defaults().withOverrides(overrides));
    }

    /** Clean restart: close (marker written) and open again. */
    DiskLog restart(Map<String, String> overrides) throws IOException {
        store.close();
        store = open();
        return log(overrides);
    }

    /**
     * What a kill -9 leaves: the files as they are, no clean-shutdown marker, nothing closed. The old store's
     * threads are stopped without closing its logs.
     */
    DiskLog crashAndReopen(Map<String, String> overrides, Runnable tamper) throws IOException {
        store.halt();
        tamper.run();
        store = open();
        return log(overrides);
    }

    /** The partition as a memory topic's ({@code freshet.storage=memory}) with these overrides. */
    MemoryLog memoryLog(Map<String, String> overrides) {
        Map<String, String> memory = new HashMap<>(overrides);
        memory.put(LogConfig.STORAGE_CONFIG, LogConfig.STORAGE_MEMORY);
        return (MemoryLog) store.openLog(TP, LogConfig.defaults().withOverrides(memory));
    }

    /** {@link #restart} of a memory partition. */
    MemoryLog restartMemory(Map<String, String> overrides) throws IOException {
        store.close();
        store = open();
        return memoryLog(overrides);
    }

    /** {@link #crashAndReopen} of a memory partition: nothing closed, no clean-shutdown marker. */
    MemoryLog crashAndReopenMemory(Map<String, String> overrides) throws IOException {
        store.halt();
        store = open();
        return memoryLog(overrides);
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
