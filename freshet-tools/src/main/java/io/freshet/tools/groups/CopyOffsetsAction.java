package io.freshet.tools.groups;

import io.freshet.tools.cli.AdminConnection;
import io.freshet.tools.cli.CommandErrors;
import io.freshet.tools.cli.CommandFailedException;
import io.freshet.tools.cli.TextTable;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code copy-offsets}: each group's committed offsets, read here and committed unchanged on the other cluster,
 * after checking for every partition that the offset means the same there: the partition exists, the offset is
 * within its log, and the record before it (the last one the group read) is identical on both sides. All groups
 * and partitions are checked before anything is committed, so a failed check commits nothing.
 */
final class CopyOffsetsAction {

    private CopyOffsetsAction() {
    }

    /** One partition's offset to copy and the offset whose record both clusters were seen to agree on. */
    private record Planned(String group, TopicPartition partition, long offset, String checkedAt) {
    }

    static int run(AdminConnection source, Properties sourceConfig, GroupsRequest.CopyOffsets request,
            PrintWriter out, PrintWriter err) {
        String to = request.toConfig().getProperty("bootstrap.servers");
        try (AdminConnection target = AdminConnection.connect(request.toConfig(), "freshet-groups-copy");
             RecordProbe fromProbe = new RecordProbe(sourceConfig);
             RecordProbe toProbe = new RecordProbe(request.toConfig())) {
            List<Planned> plan = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (String group : request.groups()) {
                requireInactive(target, group, to, request.execute(), err);
                Map<TopicPartition, Long> committed = new TreeMap<>(DescribeGroupAction.BY_TOPIC_AND_PARTITION);
                committed.putAll(source.committedOffsets(group));
                if (committed.isEmpty()) {
                    failures.add("group '" + group + "' has no committed offsets on " + request.bootstrapServers());
                    continue;
                }
                Map<TopicPartition, Long> starts = target.listOffsets(committed.keySet(), p -> OffsetSpec.earliest());
                Map<TopicPartition, Long> ends = target.listOffsets(committed.keySet(), p -> OffsetSpec.latest());
                Map<TopicPartition, Long> sourceEnds = source.listOffsets(committed.keySet(),
                        p -> OffsetSpec.latest());
                committed.forEach((partition, offset) -> check(group, partition, offset, starts.get(partition),
                        ends.get(partition), sourceEnds.getOrDefault(partition, offset), fromProbe, toProbe, to)
                        .ifPresentOrElse(failures::add, () -> plan.add(new Planned(group, partition, offset,
                                offset == 0 ? "-" : Long.toString(offset - 1)))));
            }
            if (!failures.isEmpty()) {
                failures.forEach(failure -> err.println("Check failed: " + failure));
                throw new CommandFailedException(failures.size() + " check(s) failed; nothing was committed on "
                        + to + ". These offsets do not mean the same records there: move the group with "
                        + "MirrorMaker 2's checkpoints (sync.group.offsets.enabled) or reset-offsets instead.");
            }
            if (request.execute()) {
                commit(target, plan, to);
            }
            TextTable table = new TextTable("GROUP", "TOPIC", "PARTITION", "OFFSET", "CHECKED-AT");
            plan.forEach(p -> table.row(p.group(), p.partition().topic(), p.partition().partition(), p.offset(),
                    p.checkedAt()));
            table.print(out);
            if (!request.execute()) {
                err.println("Dry run: nothing was committed on " + to + "; add --execute to commit these offsets.");
            }
            return GroupsCommand.EXIT_OK;
        }
    }

    /** Why {@code offset} would not mean the same on the other cluster, or empty if it does. */
    private static Optional<String> check(String group, TopicPartition partition, long offset, Long start, Long end,
            long sourceEnd, RecordProbe fromProbe, RecordProbe toProbe, String to) {
        String where = group + " " + partition + " offset " + offset + ": ";
        if (start == null || end == null) {
            return Optional.of(where + "no such partition on " + to);
        }
        if (offset < start || offset > end) {
            return Optional.of(where + "outside the log on " + to + " [" + start + ", " + end + "]");
        }
        if (offset == 0) {
            return Optional.empty(); // the group has read nothing: the start of the log on both sides
        }
        Optional<RecordProbe.Seen> here = fromProbe.firstAtOrAfter(partition, offset - 1, sourceEnd);
        Optional<RecordProbe.Seen> there = toProbe.firstAtOrAfter(partition, offset - 1, end);
        if (here.isEmpty() || there.isEmpty()) {
            return here.isEmpty() && there.isEmpty() ? Optional.empty()
                    : Optional.of(where + "a record at or after offset " + (offset - 1) + " only on "
                    + (here.isPresent() ? "this cluster" : to));
        }
        if (!here.get().sameAs(there.get())) {
            return Optional.of(where + "the record at offset " + here.get().offset() + " here differs from the one "
                    + "at offset " + there.get().offset() + " on " + to);
        }
        return Optional.empty();
    }

    private static void requireInactive(AdminConnection target, String group, String to, boolean execute,
            PrintWriter err) {
        Optional<ConsumerGroupDescription> description = target.describeGroup(group);
        if (description.isPresent() && description.get().groupState() != GroupState.EMPTY) {
            String state = "group '" + group + "' has members on " + to + " (state "
                    + description.get().groupState() + ")";
            if (execute) {
                throw new CommandFailedException("Offsets can only be copied to a group without members, but "
                        + state + ". Stop its consumers there and retry.");
            }
            err.println("Warning: --execute will be refused: " + state + ".");
        }
    }

    private static void commit(AdminConnection target, List<Planned> plan, String to) {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> byGroup = new LinkedHashMap<>();
        plan.forEach(p -> byGroup.computeIfAbsent(p.group(), g -> new LinkedHashMap<>())
                .put(p.partition(), new OffsetAndMetadata(p.offset())));
        byGroup.forEach((group, offsets) -> {
            try {
                target.await("committing offsets of group '" + group + "' on " + to,
                        target.admin().alterConsumerGroupOffsets(group, offsets).all());
            } catch (KafkaException e) {
                throw new CommandFailedException(to + " refused the offsets of group '" + group + "': "
                        + CommandErrors.explain(e));
            }
        });
    }
}
