package io.freshet.tools.groups;

import io.freshet.tools.cli.AdminConnection;
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
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The consumer-group calls of {@code freshet groups} over the command's {@link AdminConnection} (the Admin client
 * with bounded waits: no answer within {@link #TIMEOUT} is a {@link CommandFailedException}; broker errors reach the
 * actions as kafka-clients' {@link org.apache.kafka.common.errors.ApiException}s, {@link #explain} makes one a line).
 */
final class BrokerClient implements AutoCloseable {

    static final Duration TIMEOUT = AdminConnection.TIMEOUT;

    private final AdminConnection connection;

    private BrokerClient(AdminConnection connection) {
        this.connection = connection;
    }

    /** {@code commandConfig}: the {@code --command-config} properties, under the command's own settings. */
    static BrokerClient connect(String bootstrapServers, Properties commandConfig) {
        Properties config = new Properties();
        config.putAll(commandConfig);
        config.put("bootstrap.servers", bootstrapServers);
        return new BrokerClient(AdminConnection.connect(config, "freshet-groups"));
    }

    Admin admin() {
        return connection.admin();
    }

    /** {@link AdminConnection#await}: the result, a broker error as itself, or no answer in time. */
    <T> T await(String what, KafkaFuture<T> future) {
        return connection.await(what, future);
    }

    /** The group, or empty when the broker knows no such group (Kafka answers with state Dead or an error). */
    Optional<ConsumerGroupDescription> describeGroup(String group) {
        try {
            ConsumerGroupDescription description = await("describing group '" + group + "'",
                    admin().describeConsumerGroups(List.of(group)).describedGroups().get(group));
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
                    admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
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
        ListOffsetsResult result = admin().listOffsets(partitions.stream()
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
                    admin().describeTopics(List.of(topic)).topicNameValues().get(topic));
            return Optional.of(description.partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toSet()));
        } catch (UnknownTopicOrPartitionException e) {
            return Optional.empty();
        }
    }

    /** An error as one line: the protocol's error code name and the broker's message. */
    static String explain(Throwable error) {
        return AdminConnection.explain(error);
    }

    @Override
    public void close() {
        connection.close();
    }
}
