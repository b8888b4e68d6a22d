package io.freshet.tools.topic;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** One parsed {@code freshet topic} command line: what to ask the broker for, or the help text. */
sealed interface TopicRequest {

    /** {@code --help}: print {@code text} and exit 0. */
    record Help(String text) implements TopicRequest {
    }

    /**
     * The client properties: {@code --command-config}, {@code -X} and {@code --bootstrap-server} as
     * {@link io.freshet.tools.cli.ClientProperties} merges them.
     */
    record Connection(Properties clientConfig) {
    }

    /** A command that talks to the broker. */
    sealed interface ToBroker extends TopicRequest {
        Connection connection();
    }

    /** {@code topic create}: empty partitions / replication factor leave them to the broker's defaults. */
    record Create(Connection connection, List<String> topics, Optional<Integer> partitions,
            Optional<Short> replicationFactor, Map<String, String> configs, boolean ifNotExists)
            implements ToBroker {
    }

    /** {@code topic list}: internal topics too with {@code internal}; one row per partition with {@code detailed}. */
    record ListTopics(Connection connection, boolean internal, boolean detailed) implements ToBroker {
    }

    /** {@code topic describe}: every config instead of those that differ from the defaults with {@code allConfigs}. */
    record Describe(Connection connection, List<String> topics, boolean allConfigs) implements ToBroker {
    }

    /** {@code topic delete}: a topic that does not exist is skipped with {@code ifExists}, an error otherwise. */
    record Delete(Connection connection, List<String> topics, boolean ifExists) implements ToBroker {
    }

    /** {@code topic alter-config}: keys to set and keys to delete (back to the default), in one request. */
    record AlterConfig(Connection connection, List<String> topics, Map<String, String> set, List<String> delete)
            implements ToBroker {
    }

    /** {@code topic add-partitions}: adds {@code count} partitions to each topic, as rpk's {@code -n} does. */
    record AddPartitions(Connection connection, List<String> topics, int count) implements ToBroker {
    }
}
