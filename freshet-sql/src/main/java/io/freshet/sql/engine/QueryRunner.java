package io.freshet.sql.engine;

import io.freshet.sql.plan.QueryPlanner;
import io.freshet.sql.schema.MetaStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One persistent query running as its own Kafka Streams application ({@code _freshet_sql_query_<ID>}). A restarted
 * engine starts it again under the same application.id, so it resumes from its committed offsets and restores its
 * stores from their changelogs. An uncaught error stops it (state ERROR, the error reported) rather than
 * restarting it in a loop. Owned by the engine thread; Kafka Streams' threads only report through it.
 */
final class QueryRunner {

    private static final Logger LOG = LoggerFactory.getLogger(QueryRunner.class);

    private final PersistentQuery query;
    private final StatusReporter reporter;
    private final KafkaStreams streams;
    private volatile String error;

    private QueryRunner(PersistentQuery query, StatusReporter reporter, KafkaStreams streams) {
        this.query = query;
        this.reporter = reporter;
        this.streams = streams;
    }

    static QueryRunner start(PersistentQuery query, MetaStore metaStore, String bootstrap, Path stateDir,
                             Map<String, Object> clientProperties, StatusReporter reporter) {
        Topology topology = new QueryPlanner(metaStore).persistent(query.query(), query.sink(), query.id());
        KafkaStreams streams = new KafkaStreams(topology, StreamsSettings.persistent(query.applicationId(),
            query.id(), bootstrap, stateDir, clientProperties, query.properties()));
        QueryRunner runner = new QueryRunner(query, reporter, streams);
        streams.setStateListener((now, before) -> reporter.report(runner.status(), false));
        streams.setUncaughtExceptionHandler(e -> {
            runner.error = oneLine(e);
            LOG.error("query {} failed: {}", query.id(), runner.error, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        LOG.info("query {} started: {}", query.id(), query.sql());
        return runner;
    }

    PersistentQuery query() {
        return query;
    }

    QueryStatus status() {
        long malformed = MalformedRecordHandler.count(query.id());
        return new QueryStatus(query.id(), state(streams.state()), Optional.ofNullable(error),
            malformed, lateRecords(malformed), System.currentTimeMillis());
    }

    private String state(KafkaStreams.State state) {
        if (error != null) {
            return "ERROR";
        }
        return switch (state) {
            case RUNNING, REBALANCING -> "RUNNING";
            case CREATED -> "PENDING";
            case PENDING_ERROR, ERROR -> "ERROR";
            case PENDING_SHUTDOWN, NOT_RUNNING -> "NOT_RUNNING";
        };
    }

    /**
     * Records Kafka Streams dropped for their time (a window's grace passed, or no usable event time), summed over
     * the query's tasks. Its {@code dropped-records} metric also counts the records the deserialization handler
     * skipped, which are reported as malformed, so those are taken off.
     */
    private long lateRecords(long malformed) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            if (e.getKey().name().equals("dropped-records-total")
                    && e.getValue().metricValue() instanceof Number n) {
                total += n.doubleValue();
            }
        }
        return Math.max(0, (long) total - malformed);
    }

    /** Starts the query's shutdown without waiting for it (so that many queries stop in parallel). */
    void beginStop() {
        streams.close(CloseOptions.timeout(Duration.ZERO)
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }

    /** Stops the query; {@code terminate}: it will not run again, so its local state and internal topics go. */
    void stop(boolean terminate, ClusterTopics topics) {
        // Leave the group (Kafka Streams stays by default): a terminated query's empty group can be deleted, and a
        // query restarted by a new engine process joins at once instead of waiting out the old member's session.
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        if (terminate) {
            streams.cleanUp();
            topics.deleteApplication(query.applicationId());
            MalformedRecordHandler.forget(query.id());
            MalformedRecordHandler.unregister(query.applicationId());
        }
        LOG.info("query {} {}", query.id(), terminate ? "terminated" : "stopped");
    }

    private static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        return (t == e ? "" : e.getClass().getSimpleName() + " caused by ") + t.getClass().getSimpleName() + ": "
            + message.replace('\n', ' ');
    }
}
