package io.freshet.storage.log;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A really full filesystem: an 8 MiB tmpfs filled by appends. Client appends stop at the reserve, the
 * coordinators' appends go on into it until the kernel says ENOSPC, reads keep working, and once a file is deleted
 * appends resume without a restart; a restart finds everything that was acknowledged. Needs root (mount); skipped
 * otherwise.
 */
@Timeout(120)
class TmpfsDiskFullTest {

    private static final long RESERVE = 1024 * 1024;
    private static final Map<String, String> CONFIG = Map.of("segment.bytes", Integer.toString(1024 * 1024));
    private static Path mountPoint;

    @BeforeAll
    static void mount() throws Exception {
        mountPoint = Files.createTempDirectory("freshet-tmpfs");
        String result = run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mountPoint.toString());
        if (result != null) {
            Files.deleteIfExists(mountPoint);
            Assumptions.abort("Skipped: cannot mount an 8 MiB tmpfs here (needs root): " + result);
        }
    }

    @AfterAll
    static void unmount() throws Exception {
        if (mountPoint != null && Files.exists(mountPoint)) {
            if (run("umount", mountPoint.toString()) != null) {
                run("umount", "-l", mountPoint.toString());
            }
            Files.deleteIfExists(mountPoint);
        }
    }

    @Test
    void shouldRefuseWritesWhenTheFilesystemIsFullAndResumeWhenSpaceIsFreed() throws Exception {
        Path filler = mountPoint.resolve("filler");
        Files.write(filler, new byte[2 * 1024 * 1024]);
        Path dataDir = mountPoint.resolve("data");
        LogFixture fixture = new LogFixture(dataDir, LogStoreConfig.defaults().withMinFreeBytes(RESERVE));
        List<String> acked = new ArrayList<>();
        try {
            DiskLog log = fixture.log(CONFIG);
            int n = 0;
            KafkaStorageException refused = null;
            while (refused == null) {
                try {
                    appendDurably(log, "client-" + n++, AppendOrigin.CLIENT, acked);
                } catch (KafkaStorageException e) {
                    refused = e;
                }
            }
            assertThat(refused).hasMessageContaining("log.dir.min.free.bytes=" + RESERVE);
            assertThat(acked).hasSizeGreaterThan(10);
            assertThat(fixture.store.usableBytes()).isLessThan(RESERVE + 70_000);

            KafkaStorageException full = null;
            while (full == null) { // the coordinators use the reserve, up to the last byte
                try {
                    appendDurably(log, "coordinator-" + n++, AppendOrigin.COORDINATOR, acked);
                } catch (KafkaStorageException e) {
                    full = e;
                }
            }
            assertThat(full).hasMessageContaining("No space left on device");
            assertThat(log.hasStorageFailed()).isFalse();
            assertThat(values(log)).isEqualTo(acked);
            assertThatThrownBy(() -> appendDurably(log, "more", AppendOrigin.CLIENT, new ArrayList<>()))
                .isInstanceOf(KafkaStorageException.class);
            assertThat(fixture.store.refusedWriteCount()).isGreaterThanOrEqualTo(3);

            Files.delete(filler);
            fixture.store.refreshDiskSpace();
            appendDurably(log, "after-" + n, AppendOrigin.CLIENT, acked);
            assertThat(values(log)).isEqualTo(acked);
        } finally {
            fixture.close();
        }
        try (LogFixture reopened = new LogFixture(dataDir)) {
            assertThat(values(reopened.log(CONFIG))).isEqualTo(acked);
        }
    }

    private static void appendDurably(DiskLog log, String value, AppendOrigin origin, List<String> acked)
        throws Exception {
        byte[] payload = new byte[64 * 1024];
        Arrays.fill(payload, (byte) 'x');
        byte[] tagged = (value + ":").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(tagged, 0, payload, 0, tagged.length);
        AppendResult result = log.append(MemoryRecords.withRecords(Compression.NONE,
            new SimpleRecord(1_000L, null, payload)), origin);
        log.awaitDurable(result.lastOffset()).get(10, TimeUnit.SECONDS);
        acked.add(result.firstOffset() + ":" + value);
    }

    private static List<String> values(DiskLog log) {
        return Batches.readAll(log, 0).stream()
            .map(entry -> entry.substring(0, entry.indexOf(':', entry.indexOf(':') + 1))).toList();
    }

    /** Runs a command; null when it succeeded, else what it said. */
    private static String run(String... command) throws Exception {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "timed out";
            }
            return process.exitValue() == 0 ? null : output + " (exit " + process.exitValue() + ")";
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
