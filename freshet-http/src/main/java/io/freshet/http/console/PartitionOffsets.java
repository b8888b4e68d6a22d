package io.freshet.http.console;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The log start and end (high watermark) of partitions, by ListOffsets. A partition whose offsets cannot be had (a
 * topic deleted meanwhile) is left out rather than failing the rest.
 */
final class PartitionOffsets {

    /** One partition's first offset still in the log and its end. */
    record Range(long start, long end) {
        long records() {
            return Math.max(0, end - start);
        }
    }

    private PartitionOffsets() {
    }

    static CompletableFuture<Map<TopicPartition, Range>> of(Admin admin, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        CompletableFuture<Map<TopicPartition, Long>> starts = list(admin, partitions, OffsetSpec.earliest());
        CompletableFuture<Map<TopicPartition, Long>> ends = list(admin, partitions, OffsetSpec.latest());
        return starts.thenCombine(ends, (start, end) -> {
            Map<TopicPartition, Range> ranges = new HashMap<>();
            start.forEach((tp, offset) -> {
                Long last = end.get(tp);
                if (last != null) {
                    ranges.put(tp, new Range(offset, last));
                }
            });
            return ranges;
        });
    }

    /** The end offsets only (a group's lag). */
    static CompletableFuture<Map<TopicPartition, Long>> ends(Admin admin, Collection<TopicPartition> partitions) {
        return partitions.isEmpty() ? CompletableFuture.completedFuture(Map.of())
            : list(admin, partitions, OffsetSpec.latest());
    }

    private static CompletableFuture<Map<TopicPartition, Long>> list(Admin admin, Collection<TopicPartition> partitions,
                                                                      OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
            .collect(Collectors.toMap(Function.identity(), tp -> spec, (a, b) -> a));
        ListOffsetsResult result = admin.listOffsets(request,
            new ListOffsetsOptions().timeoutMs(ConsoleClients.TIMEOUT_MS));
        List<CompletableFuture<Map.Entry<TopicPartition, Long>>> each = request.keySet().stream()
            .map(tp -> AdminFutures.of(result.partitionResult(tp))
                .thenApply(info -> Map.entry(tp, info.offset()))
                .exceptionally(e -> null))
            .toList();
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            each.forEach(f -> {
                Map.Entry<TopicPartition, Long> entry = f.join();
                if (entry != null) {
                    offsets.put(entry.getKey(), entry.getValue());
                }
            });
            return offsets;
        });
    }
}
