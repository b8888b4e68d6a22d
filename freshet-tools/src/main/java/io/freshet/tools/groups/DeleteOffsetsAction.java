package io.freshet.tools.groups;

import io.freshet.tools.cli.AdminConnection;
import io.freshet.tools.cli.CommandErrors;
import io.freshet.tools.cli.CommandFailedException;
import io.freshet.tools.cli.TextTable;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.admin.DeleteConsumerGroupOffsetsResult;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * {@code delete-offsets}: OffsetDelete for some partitions of a group; the broker refuses partitions of a topic the
 * group's members subscribe to (GROUP_SUBSCRIBED_TO_TOPIC), per partition.
 */
final class DeleteOffsetsAction {

    private DeleteOffsetsAction() {
    }

    static int run(AdminConnection broker, GroupsRequest.DeleteOffsets request, PrintWriter out, PrintWriter err) {
        String group = request.group();
        Set<TopicPartition> partitions = partitions(broker, request);
        DeleteConsumerGroupOffsetsResult result = broker.admin().deleteConsumerGroupOffsets(group, partitions);
        TextTable table = new TextTable("GROUP", "TOPIC", "PARTITION", "STATUS");
        int failures = 0;
        for (TopicPartition partition : partitions) {
            String status;
            try {
                broker.await("deleting offsets of group '" + group + "'", result.partitionResult(partition));
                status = "Successful";
            } catch (GroupIdNotFoundException e) {
                throw new CommandFailedException(DescribeGroupAction.noSuchGroup(group));
            } catch (KafkaException e) {
                status = "Error: " + CommandErrors.explain(e);
                failures++;
            }
            table.row(group, partition.topic(), partition.partition(), status);
        }
        table.print(out);
        if (failures > 0) {
            err.println(GroupsCommand.PREFIX + failures + " of " + partitions.size()
                    + " partitions kept their committed offsets (see STATUS).");
            return GroupsCommand.EXIT_FAILED;
        }
        return GroupsCommand.EXIT_OK;
    }

    /**
     * The listed partitions, or all of a topic's; for a topic that no longer exists, the partitions the group still
     * has offsets for (deleting those is a reason to run this command).
     */
    private static Set<TopicPartition> partitions(AdminConnection broker, GroupsRequest.DeleteOffsets request) {
        Set<TopicPartition> partitions = new TreeSet<>(DescribeGroupAction.BY_TOPIC_AND_PARTITION);
        Map<TopicPartition, Long> committed = null;
        for (TopicSelection selection : request.topics()) {
            if (!selection.allPartitions()) {
                selection.partitions().forEach(p -> partitions.add(new TopicPartition(selection.topic(), p)));
                continue;
            }
            Set<TopicPartition> existing = broker.partitionsOf(selection.topic()).orElse(Set.of());
            if (existing.isEmpty()) {
                if (committed == null) {
                    committed = broker.committedOffsets(request.group());
                }
                committed.keySet().stream().filter(p -> p.topic().equals(selection.topic())).forEach(partitions::add);
            }
            partitions.addAll(existing);
        }
        if (partitions.isEmpty()) {
            throw new CommandFailedException("No such topic, and group '" + request.group()
                    + "' has no committed offsets for " + request.topics().stream().map(TopicSelection::topic).toList()
                    + ".");
        }
        return partitions;
    }
}
