package io.freshet.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code log.flush.inline}: a produce's fsync runs on the appending thread when its partition's flusher is idle,
 * and goes to the fsync pool otherwise (a flush under way, segments to seal, the setting off).
 */
class InlineFlushTest {

    private static final TopicPartition TP = new TopicPartition("inline", 0);

    @TempDir
    Path dir;

    private final List<String> fsyncThreads = new CopyOnWriteArrayList<>();

    private LogStore open(boolean inline, FlushObserver extra) throws Exception {
        LogStoreConfig config = LogStoreConfig.defaults().withFlushInline(inline).withFlushObserver((nanos, waiters) -> {
            fsyncThreads.add(Thread.currentThread().getName());
            extra.flushed(nanos, waiters);
        });
        return LogStore.open(dir, AppendListener.NONE, Time.SYSTEM, config);
    }

    @Test
    void anIdlePartitionIsFsyncedOnTheAppendingThreadAndTheAnswerIsReadyOnReturn() throws Exception {
        try (LogStore store = open(true, FlushObserver.NONE)) {
            DiskLog log = (DiskLog) store.createLog(TP, LogConfig.defaults());
            log.append(Batches.batch(1_000, "a"));
            log.awaitDurable(0).get(10, TimeUnit.SECONDS); // the new directory entry too: the pool's work
            fsyncThreads.clear();
            log.append(Batches.batch(1_000, "b", "c"));

            CompletableFuture<Void> durable = log.awaitDurableMayFsyncHere(2);

            assertThat(durable).isCompleted();
            assertThat(fsyncThreads).containsExactly(Thread.currentThread().getName());
            assertThat(log.flushedOffset()).isEqualTo(3);
        }
    }

    @Test
    void withTheSettingOffTheFsyncPoolDoesIt() throws Exception {
        try (LogStore store = open(false, FlushObserver.NONE)) {
            PartitionLog log = store.createLog(TP, LogConfig.defaults());
            log.append(Batches.batch(1_000, "a"));

            log.awaitDurableMayFsyncHere(0).get(10, TimeUnit.SECONDS);

            assertThat(fsyncThreads).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith("freshet-fsync-"));
        }
    }

    @Test
    void aRolledSegmentToSealGoesToThePool() throws Exception {
        try (LogStore store = open(true, FlushObserver.NONE)) {
            PartitionLog log = store.createLog(TP, LogConfig.defaults().withOverrides(Map.of("segment.bytes", "1024")));
            log.append(Batches.batch(1_000, "w"));
            log.awaitDurable(0).get(10, TimeUnit.SECONDS);
            fsyncThreads.clear();
            log.append(Batches.batch(1_000, "x".repeat(700)));
            log.append(Batches.batch(1_000, "y".repeat(700))); // rolls: the first segment waits to be sealed

            log.awaitDurableMayFsyncHere(2).get(10, TimeUnit.SECONDS);

            assertThat(fsyncThreads).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith("freshet-fsync-"));
        }
    }

    @Test
    void whileAnFsyncOfThePartitionRunsTheNextWaitsForThePoolInsteadOfFsyncingBesideIt() throws Exception {
        CountDownLatch poolFlushing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FlushObserver blockPool = (nanos, waiters) -> {
            if (Thread.currentThread().getName().startsWith("freshet-fsync-")) {
                poolFlushing.countDown();
                awaitQuietly(release);
            }
        };
        try (LogStore store = open(true, blockPool)) {
            DiskLog log = (DiskLog) store.createLog(TP, LogConfig.defaults());
            log.append(Batches.batch(1_000, "a"));
            CompletableFuture<Void> first = log.awaitDurable(0); // the pool's fsync, held inside its report
            assertThat(poolFlushing.await(10, TimeUnit.SECONDS)).isTrue();
            log.append(Batches.batch(1_000, "b"));

            CompletableFuture<Void> second = log.awaitDurableMayFsyncHere(1);

            assertThat(second).isNotDone();
            assertThat(fsyncThreads).doesNotContain(Thread.currentThread().getName());
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            assertThat(log.flushedOffset()).isEqualTo(2);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
