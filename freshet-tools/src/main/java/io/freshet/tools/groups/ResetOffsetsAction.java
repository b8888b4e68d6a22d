package io.freshet.tools.groups;

import io.freshet.tools.cli.AdminConnection;
import io.freshet.tools.cli.CommandErrors;
import io.freshet.tools.cli.CommandFailedException;
import io.freshet.tools.cli.TextTable;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

/**
 * {@code reset-offsets}: plans new committed offsets (GROUP TOPIC PARTITION NEW-OFFSET) and, with
 * {@code --execute}, commits them with OffsetCommit through {@code alterConsumerGroupOffsets}. Only an inactive
 * group can be reset: a member would overwrite the offsets with its next commit, so the broker refuses a commit
 * from outside the group while it has members. We check the state first for a clear message, and still explain
 * the broker's refusal if a consumer joins in between.
 */
final class ResetOffsetsAction {

    /** What a broker answers to an offset commit from outside a group that has members. */
    private static final Set<Errors> MEMBERSHIP_ERRORS = Set.of(Errors.UNKNOWN_MEMBER_ID, Errors.ILLEGAL_GENERATION,
            Errors.REBALANCE_IN_PROGRESS, Errors.NON_EMPTY_GROUP, Errors.FENCED_MEMBER_EPOCH,
            Errors.STALE_MEMBER_EPOCH);

    private ResetOffsetsAction() {
    }

    static int run(AdminConnection broker, GroupsRequest.ResetOffsets request, PrintWriter out, PrintWriter err) {
        String group = request.group();
        Optional<ConsumerGroupDescription> description = broker.describeGroup(group);
        if (description.isPresent() && description.get().groupState() != GroupState.EMPTY) {
            int members = description.get().members().size();
            String active = "the group '" + group + "' is inactive, but the current state is "
                    + description.get().groupState() + " (" + members + (members == 1 ? " member)" : " members)");
            if (request.execute()) {
                throw new CommandFailedException("Assignments can only be reset if " + active
                        + ". Stop its consumers and retry.");
            }
            err.println("Warning: --execute will be refused: offsets can only be reset if " + active + ".");
        }

        Map<TopicPartition, Long> committed = broker.committedOffsets(group);
        Set<TopicPartition> partitions = partitions(broker, request, committed);
        Map<TopicPartition, Long> newOffsets = plan(broker, request.target(), partitions, committed, err);

        if (request.execute()) {
            commit(broker, group, newOffsets);
        }
        TextTable table = new TextTable("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET");
        newOffsets.forEach((partition, offset) -> table.row(group, partition.topic(), partition.partition(), offset));
        table.print(out);
        if (!request.execute()) {
            err.println("Dry run: nothing was committed; add --execute to commit these offsets.");
        }
        return GroupsCommand.EXIT_OK;
    }

    private static Set<TopicPartition> partitions(AdminConnection broker, GroupsRequest.ResetOffsets request,
            Map<TopicPartition, Long> committed) {
        Set<TopicPartition> partitions = new TreeSet<>(DescribeGroupAction.BY_TOPIC_AND_PARTITION);
        if (request.allTopics()) {
            if (committed.isEmpty()) {
                throw new CommandFailedException("Group '" + request.group()
                        + "' has no committed offsets, so --all-topics selects nothing: name topics with --topic.");
            }
            partitions.addAll(committed.keySet());
            return partitions;
        }
        for (TopicSelection selection : request.topics()) {
            Set<TopicPartition> existing = broker.partitionsOf(selection.topic()).orElseThrow(
                    () -> new CommandFailedException("Topic '" + selection.topic() + "' does not exist."));
            if (selection.allPartitions()) {
                partitions.addAll(existing);
                continue;
            }
            for (int number : selection.partitions()) {
                TopicPartition partition = new TopicPartition(selection.topic(), number);
                if (!existing.contains(partition)) {
                    throw new CommandFailedException("Topic '" + selection.topic() + "' has no partition " + number
                            + " (it has " + existing.size() + ").");
                }
                partitions.add(partition);
            }
        }
        return partitions;
    }

    private static Map<TopicPartition, Long> plan(AdminConnection broker, ResetTarget target,
            Set<TopicPartition> partitions, Map<TopicPartition, Long> committed, PrintWriter err) {
        Map<TopicPartition, Long> logStarts = broker.listOffsets(partitions, p -> OffsetSpec.earliest());
        Map<TopicPartition, Long> logEnds = broker.listOffsets(partitions, p -> OffsetSpec.latest());
        Map<TopicPartition, Long> atTime = target instanceof ResetTarget.ToDatetime datetime
                ? broker.listOffsets(partitions, p -> OffsetSpec.forTimestamp(datetime.time().toEpochMilli()))
                : Map.of();
        Map<TopicPartition, Long> newOffsets = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            if (!logStarts.containsKey(partition) || !logEnds.containsKey(partition)) {
                throw new CommandFailedException("The broker has no offsets for " + partition
                        + " (was its topic deleted?)");
            }
            OffsetResetPlanner.Planned planned = OffsetResetPlanner.plan(partition.toString(), target,
                    new OffsetResetPlanner.PartitionOffsets(logStarts.get(partition), logEnds.get(partition),
                            AdminConnection.optional(committed, partition), AdminConnection.optional(atTime, partition)));
            planned.warning().ifPresent(warning -> err.println("Warning: " + warning));
            newOffsets.put(partition, planned.offset());
        }
        return newOffsets;
    }

    private static void commit(AdminConnection broker, String group, Map<TopicPartition, Long> newOffsets) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        newOffsets.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
        try {
            broker.await("committing offsets of group '" + group + "'",
                    broker.admin().alterConsumerGroupOffsets(group, offsets).all());
        } catch (KafkaException e) {
            String hint = MEMBERSHIP_ERRORS.contains(Errors.forException(e))
                    ? ". Offsets can only be reset while the group has no members (state Empty): stop its consumers"
                      + " and retry."
                    : "";
            throw new CommandFailedException("The broker refused the new offsets of group '" + group + "': "
                    + CommandErrors.explain(e) + hint);
        }
    }
}
