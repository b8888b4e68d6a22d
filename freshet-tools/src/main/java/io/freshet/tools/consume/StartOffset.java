package io.freshet.tools.consume;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Where {@code -o} starts reading each partition, as kcat's {@code -o}: {@code beginning}, {@code end}, an absolute
 * {@code OFFSET}, {@code -N} (N records before the end of each partition) or {@code @TIMESTAMP_MS} (also kcat's
 * {@code s@TIMESTAMP_MS}: the first record at or after it; the end if there is none). An offset is kept within the
 * partition's [log start, log end]: one past the end starts at the end.
 */
sealed interface StartOffset {

    /** The offset to seek each partition to. */
    Map<TopicPartition, Long> resolve(Consumer<?, ?> consumer, Collection<TopicPartition> partitions);

    static StartOffset parse(String text) {
        String value = text.trim();
        if (value.equals("beginning")) {
            return new Beginning();
        }
        if (value.equals("end")) {
            return new End();
        }
        if (value.startsWith("@") || value.startsWith("s@")) {
            return new AtTimestamp(Long.parseLong(value.substring(value.indexOf('@') + 1)));
        }
        long number = Long.parseLong(value);
        return number < 0 ? new FromEnd(-number) : new Absolute(number);
    }

    record Beginning() implements StartOffset {
        @Override
        public Map<TopicPartition, Long> resolve(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            return consumer.beginningOffsets(partitions);
        }
    }

    record End() implements StartOffset {
        @Override
        public Map<TopicPartition, Long> resolve(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            return consumer.endOffsets(partitions);
        }
    }

    record Absolute(long offset) implements StartOffset {
        @Override
        public Map<TopicPartition, Long> resolve(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            return within(consumer, partitions, partition -> offset);
        }
    }

    record FromEnd(long records) implements StartOffset {
        @Override
        public Map<TopicPartition, Long> resolve(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            return within(consumer, partitions, partition -> ends.get(partition) - records);
        }
    }

    record AtTimestamp(long timestampMs) implements StartOffset {
        @Override
        public Map<TopicPartition, Long> resolve(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(partitions.stream()
                    .collect(Collectors.toMap(Function.identity(), partition -> timestampMs)));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp at = found.get(partition);
                offsets.put(partition, at == null ? ends.get(partition) : at.offset());
            }
            return offsets;
        }
    }

    private static Map<TopicPartition, Long> within(Consumer<?, ?> consumer, Collection<TopicPartition> partitions,
            Function<TopicPartition, Long> wanted) {
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            offsets.put(partition, Math.max(starts.get(partition), Math.min(ends.get(partition),
                    wanted.apply(partition))));
        }
        return offsets;
    }
}
