package io.freshet.storage.file;

import io.freshet.storage.file.FaultyStorageIo.Errno;
import io.freshet.storage.file.FaultyStorageIo.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A small file replaced through a disk that fails: the old content stands, no temporary file is left. */
class AtomicFileTest {

    @TempDir
    Path dir;
    final FaultyStorageIo io = new FaultyStorageIo();

    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"CREATE", "WRITE", "FORCE", "RENAME"})
    void shouldKeepTheOldContentAndNoTmpWhenAStepBeforeTheRenameFails(Op op) throws IOException {
        Path file = dir.resolve("state");
        AtomicFile atomic = new AtomicFile(io);
        atomic.write(file, "old".getBytes(StandardCharsets.UTF_8));
        FaultyStorageIo.Fault fault = io.inject(op, path -> path.getFileName().toString().startsWith("state"),
            Errno.ENOSPC).tornAfter(1);

        assertThatThrownBy(() -> atomic.write(file, "new content".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("No space left on device")
            .satisfies(e -> assertThat(DiskFull.isDiskFull(e)).isTrue());

        assertThat(fault.hits()).isEqualTo(1);
        assertThat(Files.readString(file)).isEqualTo("old");
        assertThat(AtomicFile.tmpFor(file)).doesNotExist();
        fault.disarm();
        atomic.write(file, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(file)).isEqualTo("new");
    }

    @Test
    void shouldReportAFailedDirectoryFsyncAfterTheRename() throws IOException {
        Path file = dir.resolve("state");
        io.inject(Op.FORCE, path -> path.equals(dir), Errno.EIO);

        assertThatThrownBy(() -> new AtomicFile(io).write(file, new byte[]{1}))
            .hasMessageContaining("Input/output error")
            .satisfies(e -> assertThat(DiskFull.isDiskFull(e)).isFalse());
        assertThat(AtomicFile.tmpFor(file)).doesNotExist();
    }

    @Test
    void shouldFailOnlyTheNthMatchingOperationAndCountHits() throws IOException {
        CheckedLongFile value = new CheckedLongFile(io, dir.resolve("value"), 0x1234);
        FaultyStorageIo.Fault fault = io.inject(Op.FORCE, FaultyStorageIo.suffix(".tmp"), Errno.EIO).onNth(2);

        value.write(1);
        assertThatThrownBy(() -> value.write(2)).hasMessageContaining("Input/output error");
        value.write(3);

        assertThat(fault.hits()).isEqualTo(1);
        assertThat(value.read()).isEqualTo(OptionalLong.of(3));
    }

    @Test
    void shouldTellDiskFullFromOtherErrorsByTheKernelMessage() {
        assertThat(DiskFull.isDiskFull(new IOException("No space left on device"))).isTrue();
        assertThat(DiskFull.isDiskFull(new IOException("/x: Disk quota exceeded"))).isTrue();
        assertThat(DiskFull.isDiskFull(new RuntimeException(new IOException("No space left on device")))).isTrue();
        assertThat(DiskFull.isDiskFull(new IOException("Input/output error"))).isFalse();
        assertThat(DiskFull.isDiskFull(new IOException((String) null))).isFalse();
    }
}
