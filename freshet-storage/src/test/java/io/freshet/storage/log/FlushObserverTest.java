package io.freshet.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store tells its {@link FlushObserver} of each fsync that made appends durable, with the waiters it released
 * (what the metrics show as fsync time and group-commit batch size), and of none when nothing was written.
 */
class FlushObserverTest {

    private record Flush(long nanos, int waiters) {
    }

    @TempDir
    Path dir;

    @Test
    void shouldReportEachFsyncWithTheWaitersItReleased() throws Exception {
        List<Flush> flushes = new CopyOnWriteArrayList<>();
        LogStoreConfig config = LogStoreConfig.defaults()
            .withFlushObserver((nanos, waiters) -> flushes.add(new Flush(nanos, waiters)));
        try (LogStore store = LogStore.open(dir, AppendListener.NONE, Time.SYSTEM, config)) {
            PartitionLog log = store.createLog(new TopicPartition("flushed", 0), LogConfig.defaults());
            log.append(Batches.batch(1_000, "a", "b"));
            log.append(Batches.batch(1_000, "c"));
            log.awaitDurable(2).get(10, TimeUnit.SECONDS);

            assertThat(flushes).isNotEmpty();
            assertThat(flushes).allSatisfy(flush -> assertThat(flush.nanos()).isPositive());
            assertThat(flushes.stream().mapToInt(Flush::waiters).sum()).isEqualTo(1);

            int before = flushes.size();
            log.awaitDurable(2).get(10, TimeUnit.SECONDS); // already durable: nothing to fsync
            assertThat(flushes).hasSize(before);
        }
    }
}
