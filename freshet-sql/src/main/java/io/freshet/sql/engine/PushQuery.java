package io.freshet.sql.engine;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import io.freshet.sql.plan.AnalyzedQuery;
import io.freshet.sql.plan.QueryPlanner;
import io.freshet.sql.schema.MetaStore;
import io.freshet.sql.session.RowSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transient push query ({@code SELECT ... EMIT CHANGES}): a Kafka Streams application of its own ({@code
 * _freshet_sql_transient_<random>}, at_least_once, a temporary state directory) whose rows the caller's thread
 * hands to the {@link RowSink} until the LIMIT or a cancel; then it is closed and its local state, internal topics
 * and consumer group deleted. Kafka Streams' thread only puts rows in a queue.
 */
final class PushQuery {

    private static final Logger LOG = LoggerFactory.getLogger(PushQuery.class);
    private static final Object END = new Object();

    private PushQuery() {
    }

    /** @return the number of rows delivered */
    static long run(AnalyzedQuery query, MetaStore metaStore, RowSink rows, String bootstrap,
                    Map<String, Object> clientProperties, Map<String, String> sessionProperties,
                    ClusterTopics topics) {
        String applicationId = "_freshet_sql_transient_" + UUID.randomUUID().toString().replace("-", "");
        LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>(10_000);
        Topology topology = new QueryPlanner(metaStore).transientQuery(query, row -> {
            try {
                queue.put(row);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, applicationId);
        Path stateDir = tempDir();
        KafkaStreams streams = new KafkaStreams(topology, StreamsSettings.transientQuery(applicationId, bootstrap,
            stateDir, clientProperties, sessionProperties));
        String[] failure = new String[1];
        streams.setUncaughtExceptionHandler(e -> {
            failure[0] = e.getMessage() != null ? e.getMessage() : e.toString();
            queue.offer(END);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        rows.header(query.selectOrder());
        long delivered = 0;
        long limit = query.query().limit().isPresent() ? query.query().limit().getAsInt() : Long.MAX_VALUE;
        try {
            streams.start();
            while (delivered < limit && !rows.cancelled()) {
                Object next = queue.poll(100, TimeUnit.MILLISECONDS);
                if (next == END) {
                    throw new SqlException(Position.UNKNOWN, "push query failed: " + failure[0]);
                }
                if (next != null) {
                    @SuppressWarnings("unchecked")
                    List<Object> row = (List<Object>) next;
                    rows.row(row);
                    delivered++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            queue.clear();
            close(streams, applicationId, stateDir, topics);
        }
        return delivered;
    }

    private static void close(KafkaStreams streams, String applicationId, Path stateDir, ClusterTopics topics) {
        try {
            streams.close(CloseOptions.timeout(Duration.ofSeconds(10))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            streams.cleanUp();
            topics.deleteApplication(applicationId);
        } catch (RuntimeException e) {
            LOG.warn("push query {}: clean-up failed: {}", applicationId, e.getMessage());
        }
        MalformedRecordHandler.unregister(applicationId);
        MalformedRecordHandler.forget(applicationId);
        deleteRecursively(stateDir);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("freshet-sql-push-");
        } catch (IOException e) {
            throw new SqlException(Position.UNKNOWN, "cannot create a state directory for the push query: " + e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", dir, e.getMessage());
        }
    }
}
