package io.freshet.storage.log;

import io.freshet.storage.file.FaultyStorageIo;
import io.freshet.storage.file.FaultyStorageIo.Errno;
import io.freshet.storage.file.FaultyStorageIo.Op;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Many partitions opened and closed at once ({@link LogStore#openLogs}, {@link LogStore#close}), side by side on the
 * store's partition-I/O threads: each ends as a sequence of single opens and closes would leave it.
 */
class ManyPartitionsTest extends FaultyLogTest {

    private static final int PARTITIONS = 40;

    @Test
    void shouldOpenEveryPartitionAtOnceAndFindEachOneCleanAfterARestart() throws Exception {
        Map<TopicPartition, PartitionLog> logs = fixture.store.openLogs(partitions());
        assertThat(logs).hasSize(PARTITIONS);
        for (Map.Entry<TopicPartition, PartitionLog> e : logs.entrySet()) {
            e.getValue().append(Batches.batch(1_000, "v" + e.getKey().partition()));
        }

        fixture.store.close();
        assertThat(dir.resolve(LogStore.CLEAN_SHUTDOWN_FILE)).as("every log closed cleanly").exists();
        fixture.store = LogStore.open(dir, AppendListener.NONE, fixture.time, fixture.config);
        Map<TopicPartition, PartitionLog> reopened = fixture.store.openLogs(partitions());

        for (Map.Entry<TopicPartition, PartitionLog> e : reopened.entrySet()) {
            assertThat(Batches.readAll(e.getValue(), 0)).containsExactly("0:v" + e.getKey().partition());
        }
    }

    @Test
    void shouldFailWithThePartitionThatCouldNotBeCreatedAndKeepTheOthersOpen() {
        TopicPartition broken = new TopicPartition("events", 7);
        io.inject(Op.CREATE, FaultyStorageIo.under(dir.resolve("events-7")), Errno.EIO);

        assertThatThrownBy(() -> fixture.store.openLogs(partitions()))
            .isInstanceOf(KafkaStorageException.class).hasMessageContaining("events-7");

        assertThat(fixture.store.log(broken)).isEmpty();
        assertThat(fixture.store.log(new TopicPartition("events", 0))).isPresent();
        assertThat(fixture.store.log(new TopicPartition("events", PARTITIONS - 1))).isPresent();
    }

    @Test
    void shouldLeaveNoCleanShutdownMarkerWhenOnePartitionCannotBeFsyncedAtClose() throws Exception {
        Map<TopicPartition, PartitionLog> logs = fixture.store.openLogs(partitions());
        logs.values().forEach(log -> log.append(Batches.batch(1_000, "v")));
        io.inject(Op.FORCE, FaultyStorageIo.under(dir.resolve("events-13")), Errno.EIO);

        fixture.store.close();

        assertThat(dir.resolve(LogStore.CLEAN_SHUTDOWN_FILE)).as("the next start recovers as after a crash")
            .doesNotExist();
    }

    private static Map<TopicPartition, LogConfig> partitions() {
        Map<TopicPartition, LogConfig> configs = new LinkedHashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            configs.put(new TopicPartition("events", p), LogConfig.defaults());
        }
        return configs;
    }
}
