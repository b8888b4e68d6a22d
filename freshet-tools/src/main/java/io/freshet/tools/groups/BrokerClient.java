package io.freshet.tools.groups;

import io.freshet.tools.cli.CommandFailedException;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.protocol.Errors;

/**
 * The Admin client with bounded waits: every call gives up after {@link #TIMEOUT} with a message naming the broker,
 * instead of the client's default of a minute of retries. Broker errors reach the actions as kafka-clients'
 * {@link ApiException}s; {@link #explain} turns one into text with its error code.
 */
final class BrokerClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;
    private final String bootstrapServers;

    private BrokerClient(Admin admin, String bootstrapServers) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
    }

    /** {@code commandConfig}: the {@code --command-config} properties, under the command's own settings. */
    static BrokerClient connect(String bootstrapServers, Properties commandConfig) {
        Properties config = new Properties();
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "freshet-groups");
        config.putAll(commandConfig);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try {
            return new BrokerClient(Admin.create(config), bootstrapServers);
        } catch (KafkaException e) { // e.g. a host name that does not resolve
            throw new CommandFailedException("Cannot connect to " + bootstrapServers + ": " + rootMessage(e));
        }
    }

    Admin admin() {
        return admin;
    }

    /**
     * Waits for an Admin result. A broker error is thrown as the {@link ApiException} (or other
     * {@link KafkaException}) itself; no answer in time becomes a {@link CommandFailedException}.
     */
    <T> T await(String what, KafkaFuture<T> future) {
        try {
            // The client's own timeout (default.api.timeout.ms) fires first; this one is the backstop.
            return future.get(TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (isTimeout(cause)) {
                throw unreachable(what);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new KafkaException(cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw unreachable(what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException("Interrupted while " + what);
        }
    }

    /** Some results (listGroups) wrap the client's TimeoutException in a KafkaException of their own. */
    private static boolean isTimeout(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private CommandFailedException unreachable(String what) {
        return new CommandFailedException("No answer from the broker at " + bootstrapServers + " within "
                + TIMEOUT.toSeconds() + " s while " + what + " (is it running? --bootstrap-server HOST:PORT)");
    }

    /** The group, or empty when the broker knows no such group (Kafka answers with state Dead or an error). */
    Optional<ConsumerGroupDescription> describeGroup(String group) {
        try {
            ConsumerGroupDescription description = await("describing group '" + group + "'",
                    admin.describeConsumerGroups(List.of(group)).describedGroups().get(group));
            return description.groupState() == GroupState.DEAD ? Optional.empty() : Optional.of(description);
        } catch (GroupIdNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The group's committed offsets; partitions without one are absent. */
    Map<TopicPartition, Long> committedOffsets(String group) {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = await("reading the committed offsets of group '" + group + "'",
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        } catch (GroupIdNotFoundException e) {
            return Map.of();
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        committed.forEach((partition, offset) -> {
            if (offset != null && offset.offset() >= 0) {
                offsets.put(partition, offset.offset());
            }
        });
        return offsets;
    }

    /**
     * ListOffsets for each partition; a partition the broker cannot answer for (e.g. its topic was deleted) is
     * absent, and so is one without such an offset (-1: no record at or after a timestamp).
     */
    Map<TopicPartition, Long> listOffsets(Collection<TopicPartition> partitions,
            Function<TopicPartition, OffsetSpec> spec) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        ListOffsetsResult result = admin.listOffsets(partitions.stream()
                .collect(Collectors.toMap(Function.identity(), spec)));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            try {
                long offset = await("listing offsets of " + partition, result.partitionResult(partition)).offset();
                if (offset >= 0) {
                    offsets.put(partition, offset);
                }
            } catch (UnknownTopicOrPartitionException e) {
                // absent: the caller decides whether that is an error
            }
        }
        return offsets;
    }

    static OptionalLong optional(Map<TopicPartition, Long> offsets, TopicPartition partition) {
        Long offset = offsets.get(partition);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /** The topic's partitions, or empty if the topic does not exist. */
    Optional<Set<TopicPartition>> partitionsOf(String topic) {
        try {
            TopicDescription description = await("describing topic '" + topic + "'",
                    admin.describeTopics(List.of(topic)).topicNameValues().get(topic));
            return Optional.of(description.partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toSet()));
        } catch (UnknownTopicOrPartitionException e) {
            return Optional.empty();
        }
    }

    /** An error as one line: the protocol's error code name and the broker's message. */
    static String explain(Throwable error) {
        if (error instanceof ApiException) {
            Errors code = Errors.forException(error);
            String message = error.getMessage();
            if (code == Errors.UNKNOWN_SERVER_ERROR && message == null) {
                return error.getClass().getSimpleName();
            }
            return code.name() + (message == null || message.isBlank() ? "" : ": " + message);
        }
        return rootMessage(error);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    @Override
    public void close() {
        // Nothing is pending when a command ends; don't let a dead broker delay the exit.
        admin.close(Duration.ofSeconds(1));
    }
}
