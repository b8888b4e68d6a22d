package io.freshet.storage.log;

import io.freshet.storage.file.FaultyStorageIo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the disk-fault tests share: a log store on a temporary directory whose file operations go through a
 * {@link FaultyStorageIo}, every fault disarmed before the store closes.
 */
abstract class FaultyLogTest {

    /** Topic settings under which the next append after a second rolls a segment (with the fixture's clock). */
    static final Map<String, String> ROLL_EVERY_SECOND = Map.of("segment.ms", "1000");

    @TempDir
    Path dir;
    final FaultyStorageIo io = new FaultyStorageIo();
    LogFixture fixture;

    @BeforeEach
    void open() throws IOException {
        fixture = new LogFixture(dir, LogStoreConfig.defaults().withStorageIo(io));
    }

    @AfterEach
    void close() throws IOException {
        io.disarmAll();
        fixture.close();
    }
}
