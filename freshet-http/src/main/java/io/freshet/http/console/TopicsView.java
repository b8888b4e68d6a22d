package io.freshet.http.console;

import io.freshet.http.error.RestException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /console/api/topics} and {@code /topics/{topic}}: topics with their partitions, offsets (ListOffsets),
 * sizes on disk (DescribeLogDirs, null when the broker does not say) and configs (DescribeConfigs), by the Admin
 * client. Completes on the Admin client's thread.
 */
final class TopicsView {

    /** One topic in the list. {@code sizeBytes} is null when sizes are unknown. */
    record TopicSummary(String name, boolean internal, int partitions, long records, Long sizeBytes) {
    }

    /** One partition of a topic. {@code leader} is -1 without one; {@code sizeBytes} null when unknown. */
    record PartitionView(int partition, int leader, Long startOffset, Long endOffset, Long sizeBytes) {
    }

    /** A topic config as DescribeConfigs answers it ({@code source}: Kafka's ConfigSource name). */
    record ConfigView(String name, String value, String source, boolean isDefault, boolean sensitive) {
    }

    record TopicDetail(String name, boolean internal, List<PartitionView> partitions, List<ConfigView> configs) {
    }

    private final ConsoleClients clients;

    TopicsView(ConsoleClients clients) {
        this.clients = clients;
    }

    /**
     * Every topic {@code visible} accepts (the HTTP user may DESCRIBE it: decided before the Admin client, which
     * connects as the broker, describes anything), internal ones included, by name.
     */
    CompletableFuture<Map<String, Object>> list(java.util.function.Predicate<String> visible) {
        return clients.admin().thenCompose(admin -> list(admin, visible));
    }

    private static CompletableFuture<Map<String, Object>> list(Admin admin,
                                                               java.util.function.Predicate<String> visible) {
        CompletableFuture<Collection<Node>> brokers = AdminFutures.of(admin.describeCluster().nodes());
        return AdminFutures.of(admin.listTopics(new ListTopicsOptions().listInternal(true)
                .timeoutMs(ConsoleClients.TIMEOUT_MS)).listings())
            .thenCompose(listings -> {
                Map<String, Boolean> marked = new HashMap<>();
                listings.stream().filter(listing -> visible.test(listing.name()))
                    .forEach(listing -> marked.put(listing.name(), listing.isInternal()));
                return describeEach(admin, marked.keySet()).thenCompose(described -> {
                    List<TopicPartition> partitions = described.stream()
                        .flatMap(d -> partitionsOf(d).stream()).toList();
                    var offsets = PartitionOffsets.of(admin, partitions);
                    var sizes = brokers.thenCompose(nodes -> LogDirSizes.of(admin, ids(nodes)));
                    return offsets.thenCombine(sizes, (ranges, sized) -> described.stream()
                        .sorted(Comparator.comparing(TopicDescription::name))
                        .map(d -> summary(d, marked.getOrDefault(d.name(), false), ranges, sized))
                        .toList());
                });
            })
            .thenApply(topics -> Map.of("topics", topics));
    }

    /** One topic with its partitions and configs; 404 when there is no such topic. */
    CompletableFuture<TopicDetail> get(String topic) {
        return clients.admin().thenCompose(admin -> get(admin, topic));
    }

    private static CompletableFuture<TopicDetail> get(Admin admin, String topic) {
        CompletableFuture<TopicDescription> description = describe(admin, topic);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        CompletableFuture<Config> configs = description.thenCompose(d -> AdminFutures.of(admin.describeConfigs(
            List.of(resource), new DescribeConfigsOptions().timeoutMs(ConsoleClients.TIMEOUT_MS)).values()
            .get(resource)));
        CompletableFuture<Optional<Map<TopicPartition, Long>>> sizes = description
            .thenCompose(d -> AdminFutures.of(admin.describeCluster().nodes()))
            .thenCompose(nodes -> LogDirSizes.of(admin, ids(nodes)));
        CompletableFuture<Map<TopicPartition, PartitionOffsets.Range>> offsets = description
            .thenCompose(d -> PartitionOffsets.of(admin, partitionsOf(d)));
        return CompletableFuture.allOf(configs, sizes, offsets).thenApply(v -> detail(description.join(),
            offsets.join(), sizes.join(), configs.join()));
    }

    static boolean isInternal(String name, boolean markedInternal) {
        return markedInternal || name.startsWith("__") || name.startsWith("_freshet_");
    }

    private static CompletableFuture<TopicDescription> describe(Admin admin, String topic) {
        KafkaFuture<TopicDescription> future = admin.describeTopics(List.of(topic),
            new DescribeTopicsOptions().timeoutMs(ConsoleClients.TIMEOUT_MS)).topicNameValues().get(topic);
        return AdminFutures.of(future).exceptionallyCompose(e -> CompletableFuture.failedFuture(
            e instanceof UnknownTopicOrPartitionException ? RestException.notFound("Topic not found: " + topic) : e));
    }

    /** Each listed topic described; one deleted in between is left out. */
    private static CompletableFuture<List<TopicDescription>> describeEach(Admin admin, Collection<String> names) {
        if (names.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<CompletableFuture<TopicDescription>> each = admin.describeTopics(names,
                new DescribeTopicsOptions().timeoutMs(ConsoleClients.TIMEOUT_MS)).topicNameValues().values().stream()
            .map(f -> AdminFutures.of(f).exceptionally(e -> null)).toList();
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
            .thenApply(v -> each.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList());
    }

    private static TopicSummary summary(TopicDescription d, boolean marked,
                                        Map<TopicPartition, PartitionOffsets.Range> ranges,
                                        Optional<Map<TopicPartition, Long>> sizes) {
        long records = 0;
        Long size = sizes.isPresent() ? 0L : null;
        for (TopicPartition tp : partitionsOf(d)) {
            PartitionOffsets.Range range = ranges.get(tp);
            records += range == null ? 0 : range.records();
            if (size != null) {
                size += sizes.get().getOrDefault(tp, 0L);
            }
        }
        return new TopicSummary(d.name(), isInternal(d.name(), marked || d.isInternal()), d.partitions().size(),
            records, size);
    }

    private static TopicDetail detail(TopicDescription d, Map<TopicPartition, PartitionOffsets.Range> ranges,
                                      Optional<Map<TopicPartition, Long>> sizes, Config config) {
        List<PartitionView> partitions = d.partitions().stream()
            .sorted(Comparator.comparingInt(TopicPartitionInfo::partition))
            .map(p -> {
                TopicPartition tp = new TopicPartition(d.name(), p.partition());
                PartitionOffsets.Range range = ranges.get(tp);
                return new PartitionView(p.partition(), p.leader() == null ? -1 : p.leader().id(),
                    range == null ? null : range.start(), range == null ? null : range.end(),
                    sizes.map(s -> s.getOrDefault(tp, 0L)).orElse(null));
            })
            .toList();
        List<ConfigView> configs = config.entries().stream()
            .sorted(Comparator.comparing(ConfigEntry::name))
            .map(e -> new ConfigView(e.name(), e.isSensitive() ? null : e.value(), e.source().name(),
                e.isDefault(), e.isSensitive()))
            .toList();
        return new TopicDetail(d.name(), isInternal(d.name(), d.isInternal()), partitions, configs);
    }

    private static List<TopicPartition> partitionsOf(TopicDescription d) {
        return d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())).toList();
    }

    private static List<Integer> ids(Collection<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }
}
