package io.freshet.sql.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine thread ({@code freshet-sql-engine}): waits for the command topic, replays it, starts
 * every persistent query it defines, then follows the log (a new query starts, a terminated one stops and its
 * internal topics go) and reports a query's status when it changes (state, error, counters: checked every 500 ms),
 * and every 30 s regardless. It owns its {@link CommandLog} and the
 * running {@link QueryRunner}s; nothing else touches them.
 */
final class QueryEngineLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryEngineLoop.class);
    private static final Duration FOLLOW_POLL = Duration.ofMillis(200);
    /** Counters are compared this often and written when they changed; unchanged, a status is written again
     *  every {@link #STATUS_REFRESH_MS} (a sign of life for SHOW QUERIES' readers). */
    private static final long STATUS_CHECK_MS = 500;
    private static final long STATUS_REFRESH_MS = 30_000;
    private static final long RETRY_MS = 1_000;

    private final String bootstrap;
    private final Path stateDir;
    private final Map<String, Object> clientProperties;
    private final Map<String, Object> clientConfig;
    private final Map<String, QueryRunner> running = new LinkedHashMap<>();
    private volatile boolean closing;
    /** Counted down by {@link #close()}: a waiting engine (no command topic yet) stops at once, not after its pause. */
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    private volatile CommandLog log;

    QueryEngineLoop(String bootstrap, Path stateDir, Map<String, Object> clientProperties) {
        this.bootstrap = bootstrap;
        this.stateDir = stateDir;
        this.clientProperties = clientProperties;
        this.clientConfig = StreamsSettings.clientConfig(bootstrap, clientProperties);
    }

    @Override
    public void run() {
        try (ClusterTopics topics = new ClusterTopics(clientConfig)) {
            if (!ensureTopics(topics)) {
                return;
            }
            try (CommandLog commands = new CommandLog(clientConfig);
                 StatusReporter reporter = new StatusReporter(clientConfig)) {
                log = commands;
                if (!closing) {
                    follow(commands, reporter, topics);
                }
                stopAll();
            }
        } catch (RuntimeException e) {
            if (!closing) {
                LOG.error("SQL engine stopped: {}", e.toString(), e);
            }
            stopAll();
        }
    }

    /**
     * Waits for the command topic: the first statement a session submits creates it. A cluster that never sees
     * SQL gets no topics of the engine's, and the engine only asks once a second whether it exists.
     */
    private boolean ensureTopics(ClusterTopics topics) {
        boolean warned = false;
        while (!closing) {
            try {
                // A short wait: close() must not be held up by an unreachable cluster.
                if (topics.partitions(ClusterTopics.COMMAND_TOPIC, 2).isPresent()) {
                    topics.ensureEngineTopics();
                    return true;
                }
            } catch (RuntimeException e) {
                if (!warned) {
                    LOG.warn("SQL engine: cannot reach the cluster yet ({}); retrying", e.getMessage());
                    warned = true;
                }
            }
            pause(RETRY_MS);
        }
        return false;
    }

    private void follow(CommandLog commands, StatusReporter reporter, ClusterTopics topics) {
        List<CommandLog.Applied> replayed = commands.catchUp();
        for (String terminated : commands.state().terminatedQueries()) {
            cleanUpQuietly(terminated, topics);
        }
        for (PersistentQuery query : commands.state().queries()) {
            start(query, commands, reporter);
        }
        LOG.info("SQL engine: replayed {} commands, running {} queries", replayed.size(), running.size());
        long nextStatus = 0;
        long nextRefresh = 0;
        while (!closing) {
            try {
                for (CommandLog.Applied applied : commands.follow(FOLLOW_POLL)) {
                    onApplied(applied, commands, reporter, topics);
                }
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                // The cluster went away for a while: the running queries have their own clients; keep following.
                LOG.warn("SQL engine: cannot read {} ({}); retrying", ClusterTopics.COMMAND_TOPIC, e.getMessage());
                pause(RETRY_MS);
            }
            long now = System.currentTimeMillis();
            if (now >= nextStatus) {
                boolean refresh = now >= nextRefresh;
                running.values().forEach(r -> reporter.report(r.status(), refresh));
                nextStatus = now + STATUS_CHECK_MS;
                nextRefresh = refresh ? now + STATUS_REFRESH_MS : nextRefresh;
            }
        }
    }

    private void onApplied(CommandLog.Applied applied, CommandLog commands, StatusReporter reporter,
                           ClusterTopics topics) {
        if (!(applied.outcome() instanceof CommandOutcome.Applied done)) {
            return;
        }
        done.startedQuery().flatMap(id -> commands.state().query(id))
            .ifPresent(query -> start(query, commands, reporter));
        for (String id : done.terminatedQueries()) {
            QueryRunner runner = running.remove(id);
            try {
                if (runner != null) {
                    runner.stop(true, topics);
                } else {
                    topics.deleteApplication(PersistentQuery.applicationId(id));
                }
            } catch (RuntimeException e) {
                LOG.warn("query {}: terminated, but its clean-up failed: {}", id, e.getMessage());
            }
            reporter.remove(id);
        }
    }

    private void start(PersistentQuery query, CommandLog commands, StatusReporter reporter) {
        try {
            running.put(query.id(), QueryRunner.start(query, commands.state(), bootstrap, stateDir,
                clientProperties, reporter));
        } catch (RuntimeException e) {
            LOG.error("query {} cannot start: {}", query.id(), e.toString(), e);
            reporter.report(new QueryStatus(query.id(), "ERROR", java.util.Optional.of("cannot start: "
                + e.getMessage()), 0, 0, System.currentTimeMillis()), true);
        }
    }

    private static void cleanUpQuietly(String queryId, ClusterTopics topics) {
        try {
            topics.deleteApplication(PersistentQuery.applicationId(queryId));
        } catch (RuntimeException e) {
            LOG.debug("query {}: clean-up after termination failed: {}", queryId, e.getMessage());
        }
    }

    private void stopAll() {
        // Every query starts its shutdown (commit, leave the group) at once, then each is waited for.
        running.values().forEach(QueryRunner::beginStop);
        for (QueryRunner runner : running.values()) {
            try {
                runner.stop(false, null);
            } catch (RuntimeException e) {
                LOG.warn("query {} did not stop cleanly: {}", runner.query().id(), e.getMessage());
            }
        }
        running.clear();
    }

    private void pause(long ms) {
        try {
            closed.await(ms, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    /** Asks the thread to stop its queries (without terminating them) and end. */
    void close() {
        closing = true;
        closed.countDown();
        CommandLog current = log;
        if (current != null) {
            current.wakeup();
        }
    }
}
