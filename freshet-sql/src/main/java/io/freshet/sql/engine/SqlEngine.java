package io.freshet.sql.engine;

import io.freshet.sql.session.QueryInfo;
import io.freshet.sql.session.SqlSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL engine: statements are kept in the cluster's command topic (the source of truth, so a restarted engine,
 * or one against another cluster, replays them), and an engine with {@code runQueries} runs every persistent query
 * in it as a Kafka Streams application (exactly_once_v2, in-memory stores with changelogs) until terminated.
 *
 * <p>Threads: with {@code runQueries}, the engine thread ({@link QueryEngineLoop}, {@code freshet-sql-engine})
 * and one Kafka Streams thread per query; sessions run on their callers' threads and share one
 * {@link CommandSubmitter}. Thread-safe.
 */
public final class SqlEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqlEngine.class);

    private final SqlEngineConfig config;
    private final Map<String, Object> clientConfig;
    private final CommandSubmitter submitter;
    private final QueryEngineLoop loop;
    private final Thread thread;
    private volatile boolean closed;

    private SqlEngine(SqlEngineConfig config) {
        this.config = config;
        this.clientConfig = StreamsSettings.clientConfig(config.bootstrapServers(), config.clientProperties());
        this.submitter = new CommandSubmitter(clientConfig);
        if (config.runQueries()) {
            loop = new QueryEngineLoop(config.bootstrapServers(), stateDir(config), config.clientProperties());
            thread = new Thread(loop, "freshet-sql-engine");
            thread.setDaemon(true);
        } else {
            loop = null;
            thread = null;
        }
    }

    /** Returns at once; replaying the command topic and starting queries happen on the engine's own thread. */
    public static SqlEngine start(SqlEngineConfig config) {
        SqlEngine engine = new SqlEngine(config);
        if (engine.thread != null) {
            engine.thread.start();
        }
        return engine;
    }

    private static Path stateDir(SqlEngineConfig config) {
        if (config.stateDir() == null) {
            throw new IllegalArgumentException("an engine that runs queries needs a state directory");
        }
        return config.stateDir();
    }

    public SqlSession newSession() {
        return new EngineSession(submitter, config, clientConfig);
    }

    /** The query as SHOW QUERIES shows it (state as its engine last reported), or empty when there is none. */
    public Optional<QueryInfo> query(String queryId) {
        return submitter.read(view -> view.state().query(queryId).map(view::info));
    }

    public boolean runsQueries() {
        return config.runQueries();
    }

    /** Stops the running queries (they resume on the next start) and the engine thread; waits up to a minute. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (loop != null) {
            loop.close();
            try {
                thread.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("SQL engine thread still running after 60 s");
            }
        }
        submitter.close();
    }
}
