package io.freshet.tools.cli;


import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The few Admin calls produce, consume and bench make before they start (does the topic exist, will the broker
 * create it, create it), through an {@link AdminConnection}: bounded by its 10 s, so that a missing broker is
 * reported in seconds, with its address, instead of after the clients' minute of retries.
 */
public final class BrokerAdmin implements AutoCloseable {

    private final AdminConnection connection;

    private BrokerAdmin(AdminConnection connection) {
        this.connection = connection;
    }

    public static BrokerAdmin connect(Properties clientConfig) {
        return new BrokerAdmin(AdminConnection.connect(clientConfig,
                clientConfig.getProperty("client.id", "freshet") + "-admin"));
    }

    /** The topic, or empty if the broker knows no such topic. */
    public Optional<TopicDescription> describeTopic(String topic) {
        try {
            return Optional.of(connection.await("describing topic '" + topic + "'",
                    connection.admin().describeTopics(List.of(topic)).topicNameValues().get(topic)));
        } catch (UnknownTopicOrPartitionException e) {
            return Optional.empty();
        }
    }

    /**
     * The broker's {@code auto.create.topics.enable}, or empty when it does not say (no DescribeConfigs for
     * brokers, no such key, not authorized): then a producer finds out by waiting for the topic's metadata.
     */
    public Optional<Boolean> autoCreatesTopics() {
        try {
            Node node = connection.await("describing the cluster", connection.admin().describeCluster().nodes())
                    .stream().findFirst().orElseThrow();
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node.idString());
            Config config = connection.await("describing the broker's configs",
                    connection.admin().describeConfigs(List.of(broker)).values().get(broker));
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
            connection.await("creating topic '" + topic + "'", connection.admin().createTopics(List.of(
                    new NewTopic(topic, partitions, Optional.empty()))).all());
            return true;
        } catch (TopicExistsException e) {
            return false;
        }
    }

    /** An error as one line, as every client command says it ({@link AdminConnection#explain}). */
    public static String explain(Throwable error) {
        return AdminConnection.explain(error);
    }

    @Override
    public void close() {
        connection.close();
    }
}
