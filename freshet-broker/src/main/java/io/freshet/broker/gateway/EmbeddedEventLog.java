package io.freshet.broker.gateway;

import io.freshet.broker.metadata.TopicController;
import io.freshet.broker.metadata.TopicListener;
import io.freshet.broker.metrics.BrokerMetrics;
import io.freshet.broker.metadata.TopicMetadata;
import io.freshet.coordinator.group.GroupCoordinator;
import io.freshet.gateway.Appended;
import io.freshet.gateway.Durability;
import io.freshet.gateway.EventLog;
import io.freshet.gateway.LogListener;
import io.freshet.gateway.OutgoingRecord;
import io.freshet.gateway.ReadResult;
import io.freshet.gateway.TopicInfo;
import io.freshet.storage.log.AppendResult;
import io.freshet.storage.log.PartitionLog;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.DefaultRecord;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Time;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Freshet's own storage as a gateway's {@link EventLog}: appends go through the same {@link PartitionLog#append}
 * (validation, the topic's compression, producer checks, disk-space reserve) and the same group-commit fsync as a
 * Kafka produce with acks=all; topics are auto-created by the {@link TopicController} as for a Kafka producer;
 * offsets are committed through the {@link GroupCoordinator} as a consumer without membership commits them.
 *
 * <pre>
 *   append(topic, record) -> TopicGate (topic exists? else auto-create, in call order) -> DefaultPartitioner
 *     -> one v2 batch, uncompressed (storage recompresses to the topic's compression.type)
 *     -> PartitionLog.append on the calling thread -> DURABLE: PartitionLog.awaitDurable(lastOffset)
 *   appendAll(topic, records) -> TopicGate -> per partition (keyed: murmur2; unkeyed: one partition in turn)
 *     -> appendAll(tp, records): v2 batches cut at max.message.bytes -> one PartitionLog.append + one awaitDurable
 *        each; a batch refused for a record's content -> again record by record (only the bad ones fail)
 *   read(tp, offset) -> CommittedReader (read_committed: up to the last stable offset, no aborted records)
 *   listeners <- LogListeners (the store's append fan-out, the topic controller's changes)
 * </pre>
 *
 * <p>Threading: any thread. An append to an existing topic runs on the calling thread (as a produce runs on its
 * event loop); one that waited for its topic runs on the topic controller's thread. DURABLE futures complete on the
 * fsync pool. Nothing here blocks on an fsync or on the controller.
 */
public final class EmbeddedEventLog implements EventLog {

    private final TopicController topics;
    private final LogListeners listeners;
    private final GroupOffsets offsets;
    private final TopicGate gate;
    private final DefaultPartitioner partitioner = new DefaultPartitioner();
    private final Time time;
    private final String clusterId;
    private final int nodeId;
    private final BrokerMetrics metrics;

    /**
     * @param listeners from {@link #newListeners()}, already in the store's append fan-out (a store's append
     *                  listener is fixed when it opens, before this log can exist); topic changes are wired here
     */
    public EmbeddedEventLog(TopicController topics, GroupCoordinator groups, LogListeners listeners, Time time,
                            String clusterId, int nodeId) {
        this(topics, groups, listeners, time, clusterId, nodeId, BrokerMetrics.disabled());
    }

    /** As above; the gateways' appends count in the topics' records and bytes in, as a produce's do. */
    public EmbeddedEventLog(TopicController topics, GroupCoordinator groups, LogListeners listeners, Time time,
                            String clusterId, int nodeId, BrokerMetrics metrics) {
        this.metrics = metrics;
        this.topics = topics;
        this.clusterId = clusterId;
        this.nodeId = nodeId;
        this.listeners = listeners;
        this.offsets = new GroupOffsets(groups);
        this.gate = new TopicGate(topics);
        this.time = time;
        topics.addListener(listeners);
        topics.addListener(new TopicListener() {
            @Override
            public void onTopicDeleted(String name) {
                partitioner.forget(name);
            }
        });
    }

    /** The listener set to give the store's append fan-out and the topic controller before this log exists. */
    public static LogListeners newListeners() {
        return new LogListeners();
    }

    @Override
    public CompletableFuture<Appended> append(String topic, OutgoingRecord record, Durability durability) {
        return gate.withTopic(topic, metadata -> {
            int partition = partitioner.partition(topic, record.key(), metadata.partitionCount());
            return appendTo(metadata.partition(partition), record, durability);
        });
    }

    @Override
    public CompletableFuture<Appended> append(TopicPartition partition, OutgoingRecord record, Durability durability) {
        try {
            return appendTo(partition, record, durability);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Appended> appendTo(TopicPartition tp, OutgoingRecord record, Durability durability) {
        PartitionLog log = existingLog(tp);
        long timestamp = record.timestamp() == RecordBatch.NO_TIMESTAMP ? time.milliseconds() : record.timestamp();
        MemoryRecords batch = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(timestamp, record.key(),
            record.value(), record.headers().toArray(Header[]::new)));
        AppendResult result = log.append(batch);
        metrics.topic(tp.topic()).appended(1, batch.sizeInBytes());
        Appended appended = new Appended(tp, result.firstOffset(),
            result.logAppendTimeMs() == RecordBatch.NO_TIMESTAMP ? timestamp : result.logAppendTimeMs());
        if (durability == Durability.APPENDED) {
            return CompletableFuture.completedFuture(appended);
        }
        return log.awaitDurable(result.lastOffset()).thenApply(ignored -> appended);
    }

    @Override
    public List<CompletableFuture<Appended>> appendAll(TopicPartition partition, List<OutgoingRecord> records,
                                                       Durability durability) {
        List<CompletableFuture<Appended>> results = futures(records.size());
        appendAllTo(partition, records, results, durability);
        return results;
    }

    @Override
    public List<CompletableFuture<Appended>> appendAll(String topic, List<OutgoingRecord> records,
                                                       Durability durability) {
        List<CompletableFuture<Appended>> results = futures(records.size());
        gate.withTopic(topic, metadata -> {
            int count = metadata.partitionCount();
            int unkeyed = -1;
            Map<Integer, List<Integer>> byPartition = new LinkedHashMap<>();
            for (int i = 0; i < records.size(); i++) {
                byte[] key = records.get(i).key();
                int partition;
                if (key != null) {
                    partition = partitioner.partition(topic, key, count);
                } else {
                    if (unkeyed < 0) {
                        unkeyed = partitioner.partition(topic, null, count);
                    }
                    partition = unkeyed;
                }
                byPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(i);
            }
            byPartition.forEach((partition, indexes) -> {
                List<OutgoingRecord> batch = new ArrayList<>(indexes.size());
                List<CompletableFuture<Appended>> batchResults = new ArrayList<>(indexes.size());
                for (int i : indexes) {
                    batch.add(records.get(i));
                    batchResults.add(results.get(i));
                }
                appendAllTo(metadata.partition(partition), batch, batchResults, durability);
            });
            return CompletableFuture.completedFuture(null);
        }).whenComplete((ignored, error) -> {
            if (error != null) {
                results.forEach(result -> result.completeExceptionally(unwrap(error)));
            }
        });
        return results;
    }

    /** Cuts {@code records} into batches of at most max.message.bytes and appends each. Completes {@code results}. */
    private void appendAllTo(TopicPartition tp, List<OutgoingRecord> records, List<CompletableFuture<Appended>> results,
                             Durability durability) {
        PartitionLog log;
        try {
            log = existingLog(tp);
        } catch (RuntimeException e) {
            results.forEach(result -> result.completeExceptionally(e));
            return;
        }
        int maxBatchBytes = log.config().maxMessageBytes();
        long now = time.milliseconds();
        List<SimpleRecord> batch = new ArrayList<>();
        int from = 0;
        int batchBytes = DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
        long firstTimestamp = 0;
        for (int i = 0; i < records.size(); i++) {
            OutgoingRecord record = records.get(i);
            long timestamp = record.timestamp() == RecordBatch.NO_TIMESTAMP ? now : record.timestamp();
            SimpleRecord simple = new SimpleRecord(timestamp, record.key(), record.value(),
                record.headers().toArray(Header[]::new));
            if (batch.isEmpty()) {
                firstTimestamp = timestamp;
            }
            // Exact for an uncompressed v2 batch; a record too large even alone goes in a batch of its own.
            int recordBytes = DefaultRecord.sizeInBytes(batch.size(), timestamp - firstTimestamp, simple.key(),
                simple.value(), simple.headers());
            if (!batch.isEmpty() && batchBytes + recordBytes > maxBatchBytes) {
                appendBatch(log, tp, batch, results.subList(from, i), durability);
                batch = new ArrayList<>();
                from = i;
                firstTimestamp = timestamp;
                batchBytes = DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
                recordBytes = DefaultRecord.sizeInBytes(0, 0, simple.key(), simple.value(), simple.headers());
            }
            batch.add(simple);
            batchBytes += recordBytes;
        }
        if (!batch.isEmpty()) {
            appendBatch(log, tp, batch, results.subList(from, records.size()), durability);
        }
    }

    /**
     * One storage append (and one fsync wait) for the whole batch. A batch refused for what a record in it holds is
     * appended again record by record, so each record gets the answer it would get alone.
     */
    private void appendBatch(PartitionLog log, TopicPartition tp, List<SimpleRecord> batch,
                             List<CompletableFuture<Appended>> results, Durability durability) {
        AppendResult result;
        try {
            MemoryRecords records = MemoryRecords.withRecords(Compression.NONE, batch.toArray(SimpleRecord[]::new));
            result = log.append(records);
            metrics.topic(tp.topic()).appended(batch.size(), records.sizeInBytes());
        } catch (RecordTooLargeException | InvalidRecordException | InvalidTimestampException
                 | CorruptRecordException e) {
            if (batch.size() == 1) {
                results.get(0).completeExceptionally(e);
            } else {
                for (int i = 0; i < batch.size(); i++) {
                    appendBatch(log, tp, List.of(batch.get(i)), results.subList(i, i + 1), durability);
                }
            }
            return;
        } catch (RuntimeException e) {
            results.forEach(r -> r.completeExceptionally(e));
            return;
        }
        List<Appended> appended = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            appended.add(new Appended(tp, result.firstOffset() + i,
                result.logAppendTimeMs() == RecordBatch.NO_TIMESTAMP ? batch.get(i).timestamp()
                    : result.logAppendTimeMs()));
        }
        if (durability == Durability.APPENDED) {
            complete(results, appended, null);
        } else {
            log.awaitDurable(result.lastOffset()).whenComplete((ignored, error) -> complete(results, appended, error));
        }
    }

    private static void complete(List<CompletableFuture<Appended>> results, List<Appended> appended, Throwable error) {
        for (int i = 0; i < results.size(); i++) {
            if (error == null) {
                results.get(i).complete(appended.get(i));
            } else {
                results.get(i).completeExceptionally(unwrap(error));
            }
        }
    }

    private static List<CompletableFuture<Appended>> futures(int count) {
        List<CompletableFuture<Appended>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            futures.add(new CompletableFuture<>());
        }
        return futures;
    }

    @Override
    public CompletableFuture<TopicPartition> partitionFor(String topic, byte[] key) {
        return gate.withTopic(topic, metadata -> CompletableFuture.completedFuture(
            metadata.partition(partitioner.partition(topic, key, metadata.partitionCount()))));
    }

    @Override
    public OptionalInt partitionCount(String topic) {
        return topics.image().topic(topic).map(t -> OptionalInt.of(t.partitionCount())).orElse(OptionalInt.empty());
    }

    @Override
    public Set<String> topics() {
        return topics.image().topicNames();
    }

    @Override
    public CompletableFuture<Integer> createTopic(String topic, int partitions, Map<String, String> configs) {
        OptionalInt existing = partitionCount(topic);
        if (existing.isPresent()) {
            return CompletableFuture.completedFuture(existing.getAsInt());
        }
        int count = partitions == -1 ? topics.defaultPartitions() : partitions;
        return topics.createTopic(topic, count, configs, false)
            .thenApply(TopicMetadata::partitionCount)
            .exceptionallyCompose(error -> {
                OptionalInt raced = partitionCount(topic);
                return unwrap(error) instanceof TopicExistsException && raced.isPresent()
                    ? CompletableFuture.completedFuture(raced.getAsInt())
                    : CompletableFuture.failedFuture(unwrap(error));
            });
    }

    @Override
    public Optional<TopicInfo> describeTopic(String topic) {
        return topics.image().topic(topic).map(t -> new TopicInfo(topic, t.partitionCount(), t.overrides()));
    }

    @Override
    public CompletableFuture<Void> deleteTopic(String topic) {
        return topics.deleteTopic(topic).thenApply(deleted -> null);
    }

    @Override
    public String clusterId() {
        return clusterId;
    }

    @Override
    public OptionalInt nodeId() {
        return OptionalInt.of(nodeId);
    }

    @Override
    public CompletableFuture<ReadResult> read(TopicPartition partition, long offset, int maxBytes) {
        try {
            return CompletableFuture.completedFuture(CommittedReader.read(existingLog(partition), offset, maxBytes));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public long endOffset(TopicPartition partition) {
        return topics.log(partition).map(PartitionLog::lastStableOffset).orElse(-1L);
    }

    @Override
    public long startOffset(TopicPartition partition) {
        return topics.log(partition).map(PartitionLog::logStartOffset).orElse(-1L);
    }

    @Override
    public CompletableFuture<Long> offsetForTimestamp(TopicPartition partition, long timestampMs) {
        try {
            PartitionLog log = existingLog(partition);
            long end = log.lastStableOffset();
            return CompletableFuture.completedFuture(log.offsetForTimestamp(timestampMs)
                .map(found -> Math.min(found.offset, end)).orElse(end));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void addListener(LogListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(LogListener listener) {
        listeners.remove(listener);
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Long>> committedOffsets(String group,
                                                                        Collection<TopicPartition> partitions) {
        return offsets.committed(group, partitions);
    }

    @Override
    public CompletableFuture<Void> commitOffsets(String group, Map<TopicPartition, Long> offsets) {
        return this.offsets.commit(group, offsets);
    }

    private PartitionLog existingLog(TopicPartition tp) {
        return topics.log(tp).orElseThrow(() ->
            new UnknownTopicOrPartitionException("Partition " + tp + " does not exist"));
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
