package io.freshet.coordinator.group;

import io.freshet.storage.file.FaultyStorageIo;
import io.freshet.storage.file.FaultyStorageIo.Errno;
import io.freshet.storage.file.FaultyStorageIo.Op;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static io.freshet.coordinator.group.CoordinatorFixture.client;
import static io.freshet.coordinator.group.CoordinatorFixture.errors;
import static io.freshet.coordinator.group.CoordinatorFixture.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Committed offsets on real storage whose files fail as disks do (a fault-injecting file layer under
 * {@code __consumer_offsets-0}): a commit whose write or fsync fails is answered COORDINATOR_NOT_AVAILABLE, never
 * shows in OffsetFetch, and is not there after a restart; a full disk passes without a restart, a failing one needs
 * the restart (the storage fences the partition), after which commits work again.
 */
@Timeout(60)
class OffsetsDiskFaultsTest {

    private static final short COORDINATOR_NOT_AVAILABLE = Errors.COORDINATOR_NOT_AVAILABLE.code();

    @TempDir
    Path dir;
    private final FaultyStorageIo io = new FaultyStorageIo();
    private CoordinatorFixture f;

    @AfterEach
    void close() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void aCommitWhoseFsyncFailsIsNeverShownAndNotThereAfterARestart() throws Exception {
        f = new CoordinatorFixture(dir, CoordinatorFixture.fastConfig(64L << 20), io);
        assertThat(errors(get(commit(595)))).containsOnly(Errors.NONE.code());

        FaultyStorageIo.Fault fsync = io.inject(Op.FORCE, offsetsLog(), Errno.EIO);
        assertThat(errors(get(commit(4785)))).containsOnly(COORDINATOR_NOT_AVAILABLE);
        assertThat(fsync.hits()).isPositive();
        assertThat(f.fetched("readers")).containsExactlyEntriesOf(Map.of("orders-0", 595L));
        assertThat(errors(get(commit(4800)))).as("fenced until a restart").containsOnly(COORDINATOR_NOT_AVAILABLE);
        assertThat(f.fetched("readers")).containsExactlyEntriesOf(Map.of("orders-0", 595L));

        io.disarmAll();
        f.restart();
        assertThat(f.fetched("readers")).as("after the restart").containsExactlyEntriesOf(Map.of("orders-0", 595L));
        assertThat(errors(get(commit(4800)))).containsOnly(Errors.NONE.code());
        assertThat(f.fetched("readers")).containsExactlyEntriesOf(Map.of("orders-0", 4800L));
    }

    @Test
    void aCommitWhoseWriteFailsWithEioIsNeverShownAndNotThereAfterARestart() throws Exception {
        f = new CoordinatorFixture(dir, CoordinatorFixture.fastConfig(64L << 20), io);
        assertThat(errors(get(commit(595)))).containsOnly(Errors.NONE.code());

        io.inject(Op.WRITE, offsetsLog(), Errno.EIO).once();
        assertThat(errors(get(commit(4785)))).containsOnly(COORDINATOR_NOT_AVAILABLE);
        assertThat(f.fetched("readers")).containsExactlyEntriesOf(Map.of("orders-0", 595L));

        f.restart();
        assertThat(f.fetched("readers")).containsExactlyEntriesOf(Map.of("orders-0", 595L));
        assertThat(errors(get(commit(4800)))).containsOnly(Errors.NONE.code());
    }

    @Test
    void aFullDiskRefusesCommitsUntilSpaceIsBackWithoutARestart() throws Exception {
        f = new CoordinatorFixture(dir, CoordinatorFixture.fastConfig(64L << 20), io);
        assertThat(errors(get(commit(595)))).containsOnly(Errors.NONE.code());

        FaultyStorageIo.Fault full = io.inject(Op.WRITE, offsetsLog(), Errno.ENOSPC).tornAfter(17);
        assertThat(errors(get(commit(4785)))).containsOnly(COORDINATOR_NOT_AVAILABLE);
        assertThat(errors(get(commit(4786)))).containsOnly(COORDINATOR_NOT_AVAILABLE);
        assertThat(f.fetched("readers")).containsExactlyEntriesOf(Map.of("orders-0", 595L));

        full.disarm();
        assertThat(errors(get(commit(4800)))).as("space is back: no restart needed").containsOnly(Errors.NONE.code());
        assertThat(f.fetched("readers")).containsExactlyEntriesOf(Map.of("orders-0", 4800L));
        f.restart();
        assertThat(f.fetched("readers")).as("the torn writes left nothing behind")
            .containsExactlyEntriesOf(Map.of("orders-0", 4800L));
    }

    @Test
    void aGroupWhoseDeletionFailedIsStillThereWithItsOffsets() throws Exception {
        f = new CoordinatorFixture(dir, CoordinatorFixture.fastConfig(64L << 20), io);
        assertThat(errors(get(commit(595)))).containsOnly(Errors.NONE.code());

        io.inject(Op.FORCE, offsetsLog(), Errno.EIO);
        DeleteGroupsResponseData refused = get(f.coordinator().deleteGroups(client((short) 2),
            new DeleteGroupsRequestData().setGroupsNames(List.of("readers"))));
        assertThat(refused.results().iterator().next().errorCode()).isEqualTo(COORDINATOR_NOT_AVAILABLE);
        assertThat(f.state("readers")).isEqualTo("Empty");
        assertThat(f.fetched("readers")).containsExactlyEntriesOf(Map.of("orders-0", 595L));

        io.disarmAll();
        f.restart();
        assertThat(f.state("readers")).isEqualTo("Empty");
        assertThat(f.fetched("readers")).containsExactlyEntriesOf(Map.of("orders-0", 595L));
    }

    private CompletableFuture<OffsetCommitResponseData> commit(long offset) {
        return f.commit("readers", -1, "", Map.of("orders", Map.of(0, offset)));
    }

    private Predicate<Path> offsetsLog() {
        return FaultyStorageIo.under(dir.resolve("__consumer_offsets-0"));
    }
}
