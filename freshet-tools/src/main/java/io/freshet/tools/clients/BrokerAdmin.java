package io.freshet.tools.clients;

import io.freshet.tools.cli.CommandFailedException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.protocol.Errors;

/**
 * The few Admin calls produce, consume and bench make before they start (does the topic exist, will the broker
 * create it, create it), each bounded by {@link #TIMEOUT} so that a missing broker is reported in seconds, with
 * its address, instead of after the clients' minute of retries.
 */
public final class BrokerAdmin implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;
    private final String bootstrapServers;

    private BrokerAdmin(Admin admin, String bootstrapServers) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
    }

    public static BrokerAdmin connect(Properties clientConfig) {
        Properties config = new Properties();
        config.putAll(clientConfig);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        String servers = config.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try {
            return new BrokerAdmin(Admin.create(ClientProperties.only(config, AdminClientConfig.configNames())),
                    servers);
        } catch (KafkaException e) { // e.g. a host name that does not resolve
            throw new CommandFailedException("Cannot connect to " + servers + ": " + explain(e));
        }
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

    /**
     * The broker's {@code auto.create.topics.enable}, or empty when it does not say (no DescribeConfigs for
     * brokers, no such key, not authorized): then a producer finds out by waiting for the topic's metadata.
     */
    public Optional<Boolean> autoCreatesTopics() {
        try {
            Node node = await("describing the cluster", admin.describeCluster().nodes()).stream().findFirst()
                    .orElseThrow();
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node.idString());
            Config config = await("describing the broker's configs",
                    admin.describeConfigs(List.of(broker)).values().get(broker));
            ConfigEntry entry = config.get("auto.create.topics.enable");
            return entry == null || entry.value() == null ? Optional.empty()
                    : Optional.of(Boolean.parseBoolean(entry.value()));
        } catch (ApiException | java.util.NoSuchElementException e) {
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

    private <T> T await(String what, KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TimeoutException) {
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

    private CommandFailedException unreachable(String what) {
        return new CommandFailedException("No answer from the broker at " + bootstrapServers + " within "
                + TIMEOUT.toSeconds() + " s while " + what + " (is it running? --bootstrap-server HOST:PORT)");
    }

    /** An error as one line: the protocol's error code name and the message, or the root cause's message. */
    public static String explain(Throwable error) {
        if (error instanceof ApiException) {
            Errors code = Errors.forException(error);
            String message = error.getMessage();
            if (code == Errors.UNKNOWN_SERVER_ERROR) {
                return message == null ? error.getClass().getSimpleName() : message;
            }
            return code.name() + (message == null || message.isBlank() ? "" : ": " + message);
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
