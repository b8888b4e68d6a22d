package io.freshet.mqtt;

import io.freshet.gateway.Appended;
import io.freshet.gateway.Durability;
import io.freshet.gateway.EventLog;
import io.freshet.gateway.LogListener;
import io.freshet.gateway.OutgoingRecord;
import io.freshet.gateway.ReadResult;
import io.freshet.gateway.TopicInfo;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The real event log, except that appends to the topics in {@link #failing} fail with the exception the test gives
 * (say a KafkaStorageException, as a full disk causes), and nothing is written.
 */
final class FailingAppends implements EventLog {

    private final EventLog log;
    private final Map<String, Supplier<RuntimeException>> failing = new ConcurrentHashMap<>();

    FailingAppends(EventLog log) {
        this.log = log;
    }

    void fail(String topic, Supplier<RuntimeException> failure) {
        failing.put(topic, failure);
    }

    void heal(String topic) {
        failing.remove(topic);
    }

    @Override
    public CompletableFuture<Appended> append(String topic, OutgoingRecord record, Durability durability) {
        Supplier<RuntimeException> failure = failing.get(topic);
        return failure != null ? CompletableFuture.failedFuture(failure.get()) : log.append(topic, record, durability);
    }

    @Override
    public CompletableFuture<Appended> append(TopicPartition partition, OutgoingRecord record, Durability durability) {
        Supplier<RuntimeException> failure = failing.get(partition.topic());
        return failure != null ? CompletableFuture.failedFuture(failure.get())
            : log.append(partition, record, durability);
    }

    @Override
    public List<CompletableFuture<Appended>> appendAll(TopicPartition partition, List<OutgoingRecord> records,
                                                       Durability durability) {
        Supplier<RuntimeException> failure = failing.get(partition.topic());
        return failure != null ? failAll(records.size(), failure) : log.appendAll(partition, records, durability);
    }

    @Override
    public List<CompletableFuture<Appended>> appendAll(String topic, List<OutgoingRecord> records,
                                                       Durability durability) {
        Supplier<RuntimeException> failure = failing.get(topic);
        return failure != null ? failAll(records.size(), failure) : log.appendAll(topic, records, durability);
    }

    private static List<CompletableFuture<Appended>> failAll(int count, Supplier<RuntimeException> failure) {
        return java.util.stream.IntStream.range(0, count)
            .mapToObj(i -> CompletableFuture.<Appended>failedFuture(failure.get())).toList();
    }

    @Override
    public CompletableFuture<TopicPartition> partitionFor(String topic, byte[] key) {
        return log.partitionFor(topic, key);
    }

    @Override
    public OptionalInt partitionCount(String topic) {
        return log.partitionCount(topic);
    }

    @Override
    public Set<String> topics() {
        return log.topics();
    }

    @Override
    public CompletableFuture<Integer> createTopic(String topic, int partitions, Map<String, String> configs) {
        return log.createTopic(topic, partitions, configs);
    }

    @Override
    public CompletableFuture<ReadResult> read(TopicPartition partition, long offset, int maxBytes) {
        return log.read(partition, offset, maxBytes);
    }

    @Override
    public long endOffset(TopicPartition partition) {
        return log.endOffset(partition);
    }

    @Override
    public long startOffset(TopicPartition partition) {
        return log.startOffset(partition);
    }

    @Override
    public Optional<TopicInfo> describeTopic(String topic) {
        return log.describeTopic(topic);
    }

    @Override
    public CompletableFuture<Void> deleteTopic(String topic) {
        return log.deleteTopic(topic);
    }

    @Override
    public String clusterId() {
        return log.clusterId();
    }

    @Override
    public CompletableFuture<Long> offsetForTimestamp(TopicPartition partition, long timestampMs) {
        return log.offsetForTimestamp(partition, timestampMs);
    }

    @Override
    public void addListener(LogListener listener) {
        log.addListener(listener);
    }

    @Override
    public void removeListener(LogListener listener) {
        log.removeListener(listener);
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Long>> committedOffsets(String group,
                                                                         Collection<TopicPartition> partitions) {
        return log.committedOffsets(group, partitions);
    }

    @Override
    public CompletableFuture<Void> commitOffsets(String group, Map<TopicPartition, Long> offsets) {
        return log.commitOffsets(group, offsets);
    }
}
