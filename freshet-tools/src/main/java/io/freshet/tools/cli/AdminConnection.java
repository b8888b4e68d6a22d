package io.freshet.tools.cli;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
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
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The Admin client of one command run, with bounded waits: every call gives up after {@link #TIMEOUT} with a
 * message naming the broker, instead of the client's default minute of retries. Broker errors reach the caller as
 * kafka-clients' {@link ApiException}s; {@link CommandErrors#explain} turns one into a line of text with its error
 * code. Besides {@link #admin()} and {@link #await}, the few reads and checks more than one command makes (a topic,
 * a group, offsets).
 */
public final class AdminConnection implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;
    private final String bootstrapServers;

    private AdminConnection(Admin admin, String bootstrapServers) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Connects with {@code clientConfig} (bootstrap.servers and whatever {@code --command-config} and {@code -X}
     * gave: security settings and the like); the bounded timeouts win, and only the Admin client's keys are passed
     * on (so it does not warn about a producer's).
     */
    public static AdminConnection connect(Properties clientConfig, String clientId) {
        Properties config = new Properties();
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        config.putAll(ClientProperties.only(clientConfig, AdminClientConfig.configNames()));
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        String bootstrapServers = config.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try {
            return new AdminConnection(Admin.create(config), bootstrapServers);
        } catch (KafkaException e) { // a host name that does not resolve, a bad --command-config value
            throw new CommandFailedException("Cannot connect to " + bootstrapServers + ": "
                    + CommandErrors.rootMessage(e));
        }
    }

    /** For produce, consume and bench: the client id is their own client's, with {@code -admin}. */
    public static AdminConnection connect(Properties clientConfig) {
        return connect(clientConfig, clientConfig.getProperty("client.id", "freshet") + "-admin");
    }

    public Admin admin() {
        return admin;
    }

    /**
     * Waits for an Admin result. A broker error is thrown as the {@link ApiException} (or other
     * {@link KafkaException}) itself; no answer in time becomes a {@link CommandFailedException}.
     */
    public <T> T await(String what, KafkaFuture<T> future) {
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

    /** Some results wrap the client's TimeoutException in a KafkaException of their own. */
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

    /** The topic, or empty if the broker knows no such topic. */
    public Optional<TopicDescription> describeTopic(String topic) {
        try {
            return Optional.of(await("describing topic '" + topic + "'",
                    admin.describeTopics(List.of(topic)).topicNameValues().get(topic)));
        } catch (UnknownTopicOrPartitionException e) {
            return Optional.empty();
        }
    }

    /** The topic's partitions, or empty if the topic does not exist. */
    public Optional<Set<TopicPartition>> partitionsOf(String topic) {
        return describeTopic(topic).map(description -> description.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .collect(Collectors.toSet()));
    }

    /**
     * The broker's {@code auto.create.topics.enable}, or empty when it does not say (no DescribeConfigs for
     * brokers, no such key, not authorized): then a producer finds out by waiting for the topic's metadata.
     */
    public Optional<Boolean> autoCreatesTopics() {
        try {
            Node node = await("describing the cluster", admin.describeCluster().nodes())
                    .stream().findFirst().orElseThrow();
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node.idString());
            Config config = await("describing the broker's configs",
                    admin.describeConfigs(List.of(broker)).values().get(broker));
            ConfigEntry entry = config.get("auto.create.topics.enable");
            return entry == null || entry.value() == null ? Optional.empty()
                    : Optional.of(Boolean.parseBoolean(entry.value()));
        } catch (ApiException | NoSuchElementException e) {
            return Optional.empty();
        }
    }

    /** Creates the topic; false if it already existed (another client won the race). */
    public boolean createTopic(String topic, Optional<Integer> partitions) {
        try {
            await("creating topic '" + topic + "'", admin.createTopics(List.of(
                    new NewTopic(topic, partitions, Optional.empty()))).all());
            return true;
        } catch (TopicExistsException e) {
            return false;
        }
    }

    /** The group, or empty when the broker knows no such group (Kafka answers with state Dead or an error). */
    public Optional<ConsumerGroupDescription> describeGroup(String group) {
        try {
            ConsumerGroupDescription description = await("describing group '" + group + "'",
                    admin.describeConsumerGroups(List.of(group)).describedGroups().get(group));
            return description.groupState() == GroupState.DEAD ? Optional.empty() : Optional.of(description);
        } catch (GroupIdNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The group's committed offsets; partitions without one are absent. */
    public Map<TopicPartition, Long> committedOffsets(String group) {
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
    public Map<TopicPartition, Long> listOffsets(Collection<TopicPartition> partitions,
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

    public static OptionalLong optional(Map<TopicPartition, Long> offsets, TopicPartition partition) {
        Long offset = offsets.get(partition);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    @Override
    public void close() {
        // Nothing is pending when a command ends; don't let a dead broker delay the exit.
        admin.close(Duration.ofSeconds(1));
    }
}
