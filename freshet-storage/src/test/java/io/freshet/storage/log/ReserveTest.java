package io.freshet.storage.log;

import io.freshet.storage.testing.ManualClock;
import io.freshet.storage.file.FaultyStorageIo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The free-space reserve {@code log.dir.min.free.bytes}: client appends are refused before they would leave less
 * than it, the coordinators' appends and transaction markers may use it, and client appends resume as soon as
 * space comes back. The free space is injected ({@link FaultyStorageIo#setUsableSpace}), no small disk needed.
 */
class ReserveTest {

    private static final long RESERVE = 1024 * 1024;

    @TempDir
    Path dir;
    final FaultyStorageIo io = new FaultyStorageIo();
    final AtomicLong usable = new AtomicLong(1L << 40);
    LogFixture fixture;

    @BeforeEach
    void open() throws IOException {
        io.setUsableSpace(usable::get);
        fixture = new LogFixture(dir, LogStoreConfig.defaults().withStorageIo(io).withMinFreeBytes(RESERVE));
    }

    @AfterEach
    void close() throws IOException {
        fixture.close();
    }

    @Test
    void shouldRefuseClientAppendsThatWouldUseTheReserveAndAdmitTheCoordinators() {
        DiskLog log = fixture.log(Map.of());
        log.append(Batches.batch(1_000, "before"));
        setUsable(RESERVE + 10);

        assertThatThrownBy(() -> log.append(Batches.batch(1_000, "client")))
            .isInstanceOf(KafkaStorageException.class)
            .hasMessageContaining("log.dir.min.free.bytes=" + RESERVE)
            .hasMessageContaining(dir.toString());
        assertThat(log.append(Batches.batch(1_000, "offsets commit"), AppendOrigin.COORDINATOR).firstOffset())
            .isEqualTo(1);
        assertThat(log.appendTransactionMarker(42, (short) 0, true, 0).firstOffset()).isEqualTo(2);

        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(Batches.readAll(log, 0)).hasSize(3).startsWith("0:before", "1:offsets commit"); // 2: the marker
        assertThat(log.hasStorageFailed()).isFalse();
        assertThat(fixture.store.refusedWriteCount()).isEqualTo(1);
    }

    @Test
    void shouldResumeClientAppendsWhenSpaceComesBackWithoutARestart() {
        DiskLog log = fixture.log(Map.of());
        setUsable(RESERVE - 1);
        assertThatThrownBy(() -> log.append(Batches.batch(1_000, "a"))).isInstanceOf(KafkaStorageException.class);

        usable.set(1L << 30); // retention or the operator freed space
        fixture.time.sleep(DiskSpace.REFRESH_MIN_INTERVAL_MS);

        assertThat(log.append(Batches.batch(1_000, "a")).firstOffset()).isZero();
    }

    @Test
    void shouldNoticeFreedSpaceWithinAboutASecondEvenWithoutAppends() {
        DiskLog log = fixture.log(Map.of());
        setUsable(0);
        assertThatThrownBy(() -> log.append(Batches.batch(1_000, "a"))).isInstanceOf(KafkaStorageException.class);

        usable.set(1L << 30);

        // The manual clock does not move, so only the store's periodic refresh can see the space.
        await().atMost(Duration.ofSeconds(2)).until(() -> fixture.store.usableBytes() == 1L << 30);
        assertThat(log.append(Batches.batch(1_000, "a")).firstOffset()).isZero();
    }

    @Test
    void shouldExposeFreeSpaceTheReserveAndTheRefusedCount() {
        DiskLog log = fixture.log(Map.of());
        setUsable(RESERVE * 10);
        int bytes = Batches.batch(1_000, "x").sizeInBytes();

        log.append(Batches.batch(1_000, "x"));

        assertThat(fixture.store.usableBytes()).isEqualTo(RESERVE * 10 - bytes); // the estimate, lowered by appends
        assertThat(fixture.store.totalBytes()).isPositive();
        assertThat(fixture.store.minFreeBytes()).isEqualTo(RESERVE);
        assertThat(fixture.store.refusedWriteCount()).isZero();
    }

    @Test
    void shouldNotReadTheFilesystemPerAppendAndAtMostEvery100MsNearTheReserve() throws IOException {
        AtomicInteger statfs = new AtomicInteger();
        AtomicLong free = new AtomicLong(1L << 40);
        io.setUsableSpace(() -> {
            statfs.incrementAndGet();
            return free.get();
        });
        ManualClock time = new ManualClock();
        DiskSpace space = new DiskSpace(dir, io.fileStore(dir), RESERVE, time);
        TopicPartition tp = new TopicPartition("t", 0);
        statfs.set(0);

        for (int i = 0; i < 1_000; i++) {
            space.admit(tp, 1_000, AppendOrigin.CLIENT);
            space.onWritten(1_000, AppendOrigin.CLIENT);
        }
        assertThat(statfs.get()).as("far from the reserve: no statfs").isZero();

        free.set(RESERVE + 2 * DiskSpace.NEAR_RESERVE_BYTES / 3);
        time.sleep(DiskSpace.REFRESH_MIN_INTERVAL_MS);
        space.admit(tp, 1_000, AppendOrigin.CLIENT); // the estimate is still far: it does not know yet
        space.refresh();
        statfs.set(0);
        for (int i = 0; i < 100; i++) {
            space.admit(tp, 1_000, AppendOrigin.CLIENT);
        }
        assertThat(statfs.get()).as("near the reserve: one refresh per 100 ms").isZero();
        time.sleep(DiskSpace.REFRESH_MIN_INTERVAL_MS);
        space.admit(tp, 1_000, AppendOrigin.CLIENT);
        space.admit(tp, 1_000, AppendOrigin.CLIENT);
        assertThat(statfs.get()).isEqualTo(1);
    }

    private void setUsable(long bytes) {
        usable.set(bytes);
        fixture.store.refreshDiskSpace();
    }
}
