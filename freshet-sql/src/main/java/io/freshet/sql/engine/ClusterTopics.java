package io.freshet.sql.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The engine's Admin calls: its own topics, source and sink topics, and the clean-up of a query's internal topics
 * and consumer group. Every call waits at most {@link #TIMEOUT_SECONDS}; failures surface as {@link KafkaException}.
 * Thread-safe (the Admin client is).
 */
final class ClusterTopics implements AutoCloseable {

    static final String COMMAND_TOPIC = "_freshet_sql_commands";
    static final String STATUS_TOPIC = "_freshet_sql_status";
    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;

    ClusterTopics(Map<String, Object> adminConfig) {
        this.admin = Admin.create(adminConfig);
    }

    /** The command topic (one partition, kept for ever) and the compacted status topic, created when missing. */
    void ensureEngineTopics() {
        create(new NewTopic(COMMAND_TOPIC, Optional.of(1), Optional.empty()).configs(Map.of("cleanup.policy", "delete",
            "retention.ms", "-1", "retention.bytes", "-1")));
        create(new NewTopic(STATUS_TOPIC, Optional.of(1), Optional.empty()).configs(Map.of("cleanup.policy", "compact")));
    }

    /** The topic's partition count, or empty when it does not exist. */
    OptionalInt partitions(String topic) {
        return partitions(topic, TIMEOUT_SECONDS);
    }

    /** As {@link #partitions(String)}, waiting at most {@code timeoutSeconds}. */
    OptionalInt partitions(String topic, long timeoutSeconds) {
        try {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(timeoutSeconds, TimeUnit.SECONDS).get(topic);
            return OptionalInt.of(d.partitions().size());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return OptionalInt.empty();
            }
            throw failure("describe topic " + topic, e);
        } catch (InterruptedException | TimeoutException e) {
            throw failure("describe topic " + topic, e);
        }
    }

    /** Creates the topic unless it exists. */
    void create(String topic, int partitions) {
        create(new NewTopic(topic, Optional.of(partitions), Optional.empty()));
    }

    private void create(NewTopic topic) {
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw failure("create topic " + topic.name(), e);
            }
        } catch (InterruptedException | TimeoutException e) {
            throw failure("create topic " + topic.name(), e);
        }
    }

    void delete(String topic) {
        deleteAll(List.of(topic));
    }

    /** Topic name -> partitions of every topic that is not internal, sorted by name. */
    Map<String, Integer> list() {
        try {
            Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(false)).names()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<String, Integer> result = new TreeMap<>();
            admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((name, d) -> result.put(name, d.partitions().size()));
            return result;
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw failure("list topics", e);
        }
    }

    /**
     * Deletes what a Kafka Streams application left in the cluster: its internal topics ({@code
     * <application.id>-...-changelog|-repartition}) and its consumer group. Missing ones are fine.
     */
    void deleteApplication(String applicationId) {
        try {
            List<String> internal = new ArrayList<>();
            for (String name : admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                if (name.startsWith(applicationId + "-")) {
                    internal.add(name);
                }
            }
            deleteAll(internal);
            admin.deleteConsumerGroups(List.of(applicationId)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)
                    && !(e.getCause() instanceof GroupNotEmptyException)) {
                throw failure("delete the internal topics of " + applicationId, e);
            }
        } catch (InterruptedException | TimeoutException e) {
            throw failure("delete the internal topics of " + applicationId, e);
        }
    }

    private void deleteAll(List<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        try {
            admin.deleteTopics(topics).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw failure("delete topics " + topics, e);
            }
        } catch (InterruptedException | TimeoutException e) {
            throw failure("delete topics " + topics, e);
        }
    }

    private static KafkaException failure(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return new KafkaException("cannot " + what + ": " + message, cause);
    }

    /** Every call waits for its answer, so nothing worth waiting for is pending: close at once (an unreachable
     *  cluster would otherwise hold a closing engine up). */
    @Override
    public void close() {
        admin.close(java.time.Duration.ZERO);
    }
}
