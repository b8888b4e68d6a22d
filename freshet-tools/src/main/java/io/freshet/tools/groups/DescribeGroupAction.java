package io.freshet.tools.groups;

import io.freshet.tools.cli.AdminConnection;
import io.freshet.tools.cli.CommandFailedException;
import io.freshet.tools.cli.TextTable;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code describe GROUP}: a summary line, then one row per partition the group is assigned or has committed
 * (as kafka-consumer-groups --describe), or with {@code --members} one row per member.
 */
final class DescribeGroupAction {

    static final Comparator<TopicPartition> BY_TOPIC_AND_PARTITION =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private DescribeGroupAction() {
    }

    static int run(AdminConnection broker, GroupsRequest.DescribeGroup request, PrintWriter out) {
        String group = request.group();
        ConsumerGroupDescription description = broker.describeGroup(group)
                .orElseThrow(() -> new CommandFailedException(noSuchGroup(group)));
        out.println(summary(description));
        out.println();
        if (description.members().isEmpty()) {
            out.println("Consumer group '" + group + "' has no active members.");
            out.println();
        }
        if (request.members()) {
            if (!description.members().isEmpty()) {
                membersTable(description).print(out);
            }
            return GroupsCommand.EXIT_OK;
        }
        TextTable offsets = offsetsTable(broker, description);
        if (offsets.rowCount() > 0) {
            offsets.print(out);
        }
        return GroupsCommand.EXIT_OK;
    }

    static String noSuchGroup(String group) {
        return "Consumer group '" + group + "' does not exist.";
    }

    static String summary(ConsumerGroupDescription description) {
        int members = description.members().size();
        StringBuilder line = new StringBuilder("Consumer group '").append(description.groupId()).append("': state ")
                .append(description.groupState()).append(", type ").append(description.type())
                .append(", coordinator ").append(coordinator(description.coordinator()))
                .append(", ").append(members).append(members == 1 ? " member" : " members");
        if (description.partitionAssignor() != null && !description.partitionAssignor().isEmpty()) {
            line.append(", assignor ").append(description.partitionAssignor());
        }
        return line.toString();
    }

    private static String coordinator(Node node) {
        if (node == null || node.isEmpty()) {
            return TextTable.NONE;
        }
        return node.host() + ":" + node.port() + " (id " + node.id() + ")";
    }

    private static TextTable offsetsTable(AdminConnection broker, ConsumerGroupDescription description) {
        Map<TopicPartition, MemberDescription> owners = new HashMap<>();
        for (MemberDescription member : description.members()) {
            member.assignment().topicPartitions().forEach(partition -> owners.put(partition, member));
        }
        Map<TopicPartition, Long> committed = broker.committedOffsets(description.groupId());
        Set<TopicPartition> partitions = new TreeSet<>(BY_TOPIC_AND_PARTITION);
        partitions.addAll(owners.keySet());
        partitions.addAll(committed.keySet());
        Map<TopicPartition, Long> logEnds = broker.listOffsets(partitions, partition -> OffsetSpec.latest());

        TextTable table = new TextTable("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG",
                "CONSUMER-ID", "HOST", "CLIENT-ID");
        for (TopicPartition partition : partitions) {
            OptionalLong current = AdminConnection.optional(committed, partition);
            OptionalLong logEnd = AdminConnection.optional(logEnds, partition);
            MemberDescription owner = owners.get(partition);
            table.row(description.groupId(), partition.topic(), partition.partition(), text(current), text(logEnd),
                    lag(current, logEnd), owner == null ? null : owner.consumerId(),
                    owner == null ? null : owner.host(), owner == null ? null : owner.clientId());
        }
        return table;
    }

    /** Lag as Kafka shows it: log end minus committed, unknown ('-') without a commit or a log end. */
    static String lag(OptionalLong committed, OptionalLong logEnd) {
        if (committed.isEmpty() || logEnd.isEmpty()) {
            return TextTable.NONE;
        }
        return Long.toString(logEnd.getAsLong() - committed.getAsLong());
    }

    private static String text(OptionalLong offset) {
        return offset.isPresent() ? Long.toString(offset.getAsLong()) : TextTable.NONE;
    }

    private static TextTable membersTable(ConsumerGroupDescription description) {
        TextTable table = new TextTable("GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS", "ASSIGNMENT");
        description.members().stream()
                .sorted(Comparator.comparing(MemberDescription::clientId).thenComparing(MemberDescription::consumerId))
                .forEach(member -> {
                    Set<TopicPartition> assigned = member.assignment().topicPartitions();
                    table.row(description.groupId(), member.consumerId(), member.host(), member.clientId(),
                            assigned.size(), assignment(assigned));
                });
        return table;
    }

    /** {@code audit:2;orders:0,1} (Kafka 4 writes {@code topic:0,1}): topics by name, partitions ascending. */
    static String assignment(Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return TextTable.NONE;
        }
        Map<String, TreeSet<Integer>> byTopic = new TreeMap<>();
        partitions.forEach(p -> byTopic.computeIfAbsent(p.topic(), t -> new TreeSet<>()).add(p.partition()));
        return byTopic.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue().stream().map(String::valueOf)
                        .collect(Collectors.joining(",")))
                .collect(Collectors.joining(";"));
    }
}
