package io.freshet.tools.consume;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Polls and prints until the count is reached, the end is reached ({@code -e}) or {@link #stop()} is called (from
 * the shutdown hook on Ctrl-C). Without a group the partitions are assigned; with one the consumer subscribes and
 * commits the offset after the last record it printed (not its position: with {@code -n} it may have fetched
 * more), on every poll, when partitions are revoked and at the end. The consumer is used by the thread that calls
 * {@link #run()} only; {@link #stop()} is the one call another thread makes ({@code wakeup}).
 */
final class ConsumeLoop {

    private static final Duration POLL = Duration.ofMillis(200);

    private final ConsumeRequest request;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final PrintWriter out;
    /** For -e: the end offset of each assigned partition when it was assigned. */
    private final Map<TopicPartition, Long> ends = new HashMap<>();
    /** The offsets after the records printed, to commit. */
    private final Map<TopicPartition, OffsetAndMetadata> printed = new HashMap<>();
    private long count;
    private volatile boolean stopping;

    ConsumeLoop(ConsumeRequest request, KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
            PrintWriter out) {
        this.request = request;
        this.consumer = consumer;
        this.partitions = partitions;
        this.out = out;
    }

    /** Returns the number of records printed. */
    long run() {
        try {
            start();
            while (!stopping && !done()) {
                print(consumer.poll(POLL));
                commit();
            }
        } catch (WakeupException e) {
            // stop() was called: fall through to the final commit
        }
        commitAtEnd();
        return count;
    }

    void stop() {
        stopping = true;
        consumer.wakeup();
    }

    private void start() {
        boolean subscribe = request.group().isPresent() && request.partition().isEmpty();
        if (subscribe) {
            consumer.subscribe(List.of(request.topic()), new Rebalance());
            return;
        }
        consumer.assign(partitions);
        startAt(partitions);
    }

    /** Seeks partitions without a committed offset (all of them without a group) to {@code -o}. */
    private void startAt(Collection<TopicPartition> assigned) {
        Set<TopicPartition> uncommitted = Set.copyOf(assigned);
        if (request.group().isPresent()) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(assigned));
            uncommitted = assigned.stream().filter(p -> committed.get(p) == null).collect(Collectors.toSet());
            committed.forEach((partition, offset) -> {
                if (offset != null) {
                    consumer.seek(partition, offset.offset());
                }
            });
        }
        if (!uncommitted.isEmpty()) {
            request.start().resolve(consumer, uncommitted).forEach(consumer::seek);
        }
        if (request.exitAtEnd()) {
            ends.putAll(consumer.endOffsets(assigned));
        }
    }

    private void print(Iterable<ConsumerRecord<byte[], byte[]>> records) {
        StringBuilder text = new StringBuilder();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (countReached()) {
                break;
            }
            request.format().append(record, text);
            printed.put(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1));
            count++;
        }
        out.append(text);
        out.flush();
    }

    private boolean countReached() {
        return request.count().isPresent() && count >= request.count().get();
    }

    private boolean done() {
        if (countReached()) {
            return true;
        }
        if (!request.exitAtEnd()) {
            return false;
        }
        Set<TopicPartition> assigned = consumer.assignment();
        return !assigned.isEmpty() && assigned.stream()
                .allMatch(p -> ends.containsKey(p) && consumer.position(p) >= ends.get(p));
    }

    private void commit() {
        if (request.group().isPresent() && !printed.isEmpty()) {
            consumer.commitAsync(Map.copyOf(printed), null);
        }
    }

    private void commitAtEnd() {
        if (request.group().isPresent() && !printed.isEmpty()) {
            try {
                consumer.commitSync(Map.copyOf(printed));
            } catch (WakeupException e) { // stop() came after the loop had ended: the wakeup is spent now
                consumer.commitSync(Map.copyOf(printed));
            }
        }
    }

    /** With a group: start each newly assigned partition; commit what was printed of a revoked one. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (!assigned.isEmpty()) {
                startAt(assigned);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition partition : revoked) {
                OffsetAndMetadata offset = printed.remove(partition);
                if (offset != null) {
                    offsets.put(partition, offset);
                }
                ends.remove(partition);
            }
            if (!offsets.isEmpty()) {
                consumer.commitSync(offsets);
            }
        }
    }
}
