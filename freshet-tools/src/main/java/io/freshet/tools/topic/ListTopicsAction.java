package io.freshet.tools.topic;

import io.freshet.tools.cli.AdminConnection;
import io.freshet.tools.cli.TextTable;
import io.freshet.tools.cli.ToolCommand;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * {@code freshet topic list}: NAME PARTITIONS REPLICAS sorted by name, or with {@code -d} one row per partition
 * (NAME PARTITION LEADER REPLICAS); internal topics only with {@code --internal}. A topic deleted between the
 * listing and the describe is left out.
 */
final class ListTopicsAction {

    private ListTopicsAction() {
    }

    static int run(AdminConnection broker, TopicRequest.ListTopics request, PrintWriter out) {
        Set<String> names = broker.await("listing topics",
                broker.admin().listTopics(new ListTopicsOptions().listInternal(true)).names());
        Map<String, TopicDescription> topics = new TreeMap<>(describe(broker, names));
        if (!request.internal()) {
            topics.values().removeIf(ListTopicsAction::isInternal);
        }
        TextTable table = request.detailed()
                ? new TextTable("NAME", "PARTITION", "LEADER", "REPLICAS")
                : new TextTable("NAME", "PARTITIONS", "REPLICAS");
        for (TopicDescription topic : topics.values()) {
            List<TopicPartitionInfo> partitions = topic.partitions().stream()
                    .sorted(Comparator.comparingInt(TopicPartitionInfo::partition)).toList();
            if (request.detailed()) {
                for (TopicPartitionInfo partition : partitions) {
                    table.row(topic.name(), partition.partition(), leader(partition), replicas(partition));
                }
            } else {
                int replicas = partitions.isEmpty() ? 0 : partitions.get(0).replicas().size();
                table.row(topic.name(), partitions.size(), replicas);
            }
        }
        table.print(out);
        return ToolCommand.EXIT_OK;
    }

    static Map<String, TopicDescription> describe(AdminConnection broker, Collection<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        Map<String, TopicDescription> described = new TreeMap<>();
        broker.admin().describeTopics(names).topicNameValues().forEach((name, future) -> {
            try {
                described.put(name, broker.await("describing topic '" + name + "'", future));
            } catch (org.apache.kafka.common.errors.UnknownTopicOrPartitionException e) {
                // deleted since it was listed
            }
        });
        return described;
    }

    /**
     * Internal as the broker says (Kafka's {@code __consumer_offsets}, {@code __transaction_state}), or by name:
     * {@code __*} (Freshet's {@code __mqtt_sessions}, {@code __share_group_state}, ...) and {@code _freshet_*}, the
     * same rule as the console's topic list.
     */
    static boolean isInternal(TopicDescription topic) {
        return topic.isInternal() || topic.name().startsWith("__") || topic.name().startsWith("_freshet_");
    }

    static String leader(TopicPartitionInfo partition) {
        return partition.leader() == null || partition.leader().isEmpty() ? null
                : Integer.toString(partition.leader().id());
    }

    static String replicas(TopicPartitionInfo partition) {
        return partition.replicas().stream().map(Node::idString).collect(Collectors.joining(","));
    }
}
