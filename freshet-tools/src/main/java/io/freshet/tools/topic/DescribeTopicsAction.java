package io.freshet.tools.topic;

import io.freshet.tools.cli.AdminConnection;
import io.freshet.tools.cli.CommandErrors;
import io.freshet.tools.cli.TextTable;
import io.freshet.tools.cli.ToolCommand;
import io.freshet.tools.cluster.LogDirSizes;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * {@code freshet topic describe}: for each topic the SUMMARY, CONFIGS and PARTITIONS sections, as
 * {@code rpk topic describe} prints them. Offsets come from ListOffsets (earliest, latest), sizes from
 * DescribeLogDirs on each partition's leader. An unknown topic is an error line; the others are still described.
 */
final class DescribeTopicsAction {

    private DescribeTopicsAction() {
    }

    static int run(AdminConnection broker, TopicRequest.Describe request, PrintWriter out, PrintWriter err) {
        int exitCode = ToolCommand.EXIT_OK;
        boolean first = true;
        for (String topic : request.topics()) {
            try {
                TopicView view = TopicView.read(broker, topic);
                if (!first) {
                    out.println();
                }
                first = false;
                print(view, request.allConfigs(), out);
            } catch (UnknownTopicOrPartitionException e) {
                err.println(TopicCommand.PREFIX + TopicOutcomes.unknownTopic(topic));
                exitCode = ToolCommand.EXIT_FAILED;
            } catch (ApiException e) {
                err.println(TopicCommand.PREFIX + "cannot describe '" + topic + "': " + CommandErrors.explain(e));
                exitCode = ToolCommand.EXIT_FAILED;
            }
        }
        return exitCode;
    }

    private static void print(TopicView view, boolean allConfigs, PrintWriter out) {
        List<TopicPartitionInfo> partitions = view.partitions();
        section(out, "SUMMARY");
        new TextTable("NAME", view.description().name())
                .row("INTERNAL", ListTopicsAction.isInternal(view.description()))
                .row("PARTITIONS", partitions.size())
                .row("REPLICAS", partitions.isEmpty() ? 0 : partitions.get(0).replicas().size())
                .row("SIZE", view.sizes().map(sizes -> sizes.values().stream().mapToLong(Long::longValue).sum())
                        .orElse(null))
                .print(out);
        out.println();
        section(out, "CONFIGS");
        TextTable configs = new TextTable("KEY", "VALUE", "SOURCE");
        view.config().entries().stream()
                .filter(entry -> allConfigs || entry.source() != ConfigEntry.ConfigSource.DEFAULT_CONFIG)
                .sorted(Comparator.comparing(ConfigEntry::name))
                .forEach(entry -> configs.row(entry.name(), entry.isSensitive() ? "(sensitive)" : entry.value(),
                        entry.source()));
        configs.print(out);
        out.println();
        section(out, "PARTITIONS");
        TextTable table = new TextTable("PARTITION", "LEADER", "REPLICAS", "LOG-START-OFFSET", "HIGH-WATERMARK",
                "SIZE");
        for (TopicPartitionInfo partition : partitions) {
            TopicPartition tp = new TopicPartition(view.description().name(), partition.partition());
            table.row(partition.partition(), ListTopicsAction.leader(partition), ListTopicsAction.replicas(partition),
                    view.startOffsets().get(tp), view.endOffsets().get(tp),
                    view.sizes().map(sizes -> sizes.get(tp)).orElse(null));
        }
        table.print(out);
    }

    private static void section(PrintWriter out, String title) {
        out.println(title);
        out.println("=".repeat(title.length()));
    }

    /** Everything printed about one topic, read before anything is printed. */
    private record TopicView(TopicDescription description, Config config, Map<TopicPartition, Long> startOffsets,
            Map<TopicPartition, Long> endOffsets, Optional<Map<TopicPartition, Long>> sizes) {

        static TopicView read(AdminConnection broker, String topic) {
            TopicDescription description = broker.await("describing topic '" + topic + "'",
                    broker.admin().describeTopics(List.of(topic)).topicNameValues().get(topic));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = broker.await("describing the configs of '" + topic + "'",
                    broker.admin().describeConfigs(List.of(resource)).values().get(resource));
            Map<TopicPartition, Integer> leaders = new HashMap<>();
            for (TopicPartitionInfo partition : description.partitions()) {
                if (partition.leader() != null && !partition.leader().isEmpty()) {
                    leaders.put(new TopicPartition(topic, partition.partition()), partition.leader().id());
                }
            }
            return new TopicView(description, config, offsets(broker, leaders, OffsetSpec::earliest),
                    offsets(broker, leaders, OffsetSpec::latest), LogDirSizes.onLeaders(broker, leaders));
        }

        List<TopicPartitionInfo> partitions() {
            return description.partitions().stream()
                    .sorted(Comparator.comparingInt(TopicPartitionInfo::partition)).toList();
        }

        private static Map<TopicPartition, Long> offsets(AdminConnection broker, Map<TopicPartition, Integer> leaders,
                Supplier<OffsetSpec> spec) {
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            leaders.keySet().forEach(tp -> specs.put(tp, spec.get()));
            if (specs.isEmpty()) {
                return Map.of();
            }
            ListOffsetsResult result = broker.admin().listOffsets(specs);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (TopicPartition tp : specs.keySet()) {
                try {
                    offsets.put(tp, broker.await("listing offsets of " + tp, result.partitionResult(tp)).offset());
                } catch (ApiException e) {
                    // shown as '-': one partition's error (e.g. its leader moving) should not hide the others
                }
            }
            return offsets;
        }
    }
}
