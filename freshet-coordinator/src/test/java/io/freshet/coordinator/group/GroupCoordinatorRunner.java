package io.freshet.coordinator.group;

import io.freshet.coordinator.runtime.ScriptedStateLog;
import io.freshet.coordinator.runtime.TopicView;
import io.freshet.storage.file.StorageIo;
import io.freshet.storage.log.AppendListener;
import io.freshet.storage.log.LogStore;
import io.freshet.storage.log.LogStoreConfig;
import io.freshet.storage.testing.ManualClock;
import org.apache.kafka.common.utils.Time;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@link GroupCoordinator} on a manual clock, on real storage (a temporary directory, its file operations
 * through a {@link StorageIo}: a fault-injecting one in disk-fault tests) or on a {@link ScriptedStateLog} that fails
 * writes on demand; restarted as a restart would, its timers run by moving the clock. What the test fixtures of both
 * group protocols share.
 */
public final class GroupCoordinatorRunner implements AutoCloseable {

    private final ManualClock clock = new ManualClock();
    private final TopicView topics;
    private final GroupConfig config;
    private final Path dir;
    private final StorageIo io;
    private ScriptedStateLog scripted;
    private LogStore store;
    private GroupCoordinator coordinator;

    private GroupCoordinatorRunner(TopicView topics, GroupConfig config, Path dir, StorageIo io,
                                   ScriptedStateLog scripted) {
        this.topics = topics;
        this.config = config;
        this.dir = dir;
        this.io = io;
        this.scripted = scripted;
    }

    public static GroupCoordinatorRunner onStorage(Path dir, StorageIo io, TopicView topics, GroupConfig config)
        throws IOException {
        GroupCoordinatorRunner runner = new GroupCoordinatorRunner(topics, config, dir, io, null);
        runner.start();
        return runner;
    }

    public static GroupCoordinatorRunner onScriptedLog(ScriptedStateLog log, TopicView topics, GroupConfig config) {
        GroupCoordinatorRunner runner = new GroupCoordinatorRunner(topics, config, null, null, log);
        runner.coordinator = GroupCoordinator.start(log, topics, config, runner.clock);
        return runner;
    }

    private void start() throws IOException {
        if (scripted != null) {
            coordinator = GroupCoordinator.start(scripted, topics, config, clock);
        } else {
            store = LogStore.open(dir, AppendListener.NONE, Time.SYSTEM, LogStoreConfig.defaults().withStorageIo(io));
            coordinator = GroupCoordinator.start(store, topics, config, clock);
        }
    }

    /**
     * Stops and starts again: on real storage as a clean shutdown would (after a storage failure, as a crash would),
     * on the same directory; on a scripted log with what survives a crash (its durable records).
     */
    public void restart() throws Exception {
        close();
        if (scripted != null) {
            scripted = scripted.afterCrash();
        }
        start();
    }

    /**
     * Moves the clock and runs the coordinator's timers that became due. Requests sent before are handled first, at
     * the old time (the first round trip queues behind them).
     */
    public void advance(long ms) throws Exception {
        coordinator.runDueTimers().get(10, TimeUnit.SECONDS);
        clock.advance(ms);
        coordinator.runDueTimers().get(10, TimeUnit.SECONDS);
    }

    public GroupCoordinator coordinator() {
        return coordinator;
    }

    /** The log store; null on a scripted log. */
    public LogStore store() {
        return store;
    }

    public ManualClock clock() {
        return clock;
    }

    @Override
    public void close() throws Exception {
        coordinator.close();
        if (store != null) {
            store.close();
        }
    }
}
