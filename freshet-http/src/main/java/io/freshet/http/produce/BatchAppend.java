package io.freshet.http.produce;

import io.freshet.gateway.Appended;
import io.freshet.gateway.Durability;
import io.freshet.gateway.EventLog;
import io.freshet.gateway.OutgoingRecord;
import io.freshet.http.error.RestException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Appends the records a produce call holds (a REST v3 body chunk, a REST v2 request) as one batch per partition
 * ({@link EventLog#appendAll(TopicPartition, List, Durability)}), durable, one future per record in call order.
 *
 * <p>Partitions: a record's {@code partition} if given (out of range: 40402 for that record); else a keyed record
 * goes where {@link EventLog#partitionFor} puts it (murmur2, as a Kafka producer), and the unkeyed records of one
 * call all go to one partition, the next in turn (Kafka's sticky partitioning: turns per batch, not per record).
 * The partition is chosen for every record before any is appended, so the records bound for one partition land in
 * call order whether their partition was given or chosen.
 *
 * <p>REST never creates a topic: the caller checks that it exists; a topic deleted meanwhile fails its records.
 */
public final class BatchAppend {

    private BatchAppend() {
    }

    /** A record and the partition the client asked for, or null. */
    public record ToAppend(OutgoingRecord record, Integer partition) {
    }

    public static List<CompletableFuture<Appended>> append(EventLog log, String topic, List<ToAppend> records) {
        List<CompletableFuture<Appended>> results = new ArrayList<>(records.size());
        int partitions = log.partitionCount(topic).orElse(0);
        Integer unkeyed = null;
        Map<Integer, List<Integer>> byPartition = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            ToAppend record = records.get(i);
            results.add(null);
            Integer partition = record.partition();
            if (partitions == 0) {
                results.set(i, CompletableFuture.failedFuture(unknownTopic()));
                continue;
            }
            if (partition == null && record.record().key() != null) {
                partition = chosen(log, topic, record.record().key());
            } else if (partition == null) {
                if (unkeyed == null) {
                    unkeyed = chosen(log, topic, null);
                }
                partition = unkeyed;
            }
            if (partition == null) {
                results.set(i, CompletableFuture.failedFuture(unknownTopic()));
            } else if (partition < 0 || partition >= partitions) {
                results.set(i, CompletableFuture.failedFuture(RestException.partitionNotFound(topic, partition)));
            } else {
                byPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(i);
            }
        }
        byPartition.forEach((partition, indexes) -> {
            List<OutgoingRecord> batch = new ArrayList<>(indexes.size());
            for (int i : indexes) {
                batch.add(records.get(i).record());
            }
            List<CompletableFuture<Appended>> appended = log.appendAll(new TopicPartition(topic, partition), batch,
                Durability.DURABLE);
            for (int j = 0; j < indexes.size(); j++) {
                results.set(indexes.get(j), appended.get(j));
            }
        });
        return results;
    }

    private static UnknownTopicOrPartitionException unknownTopic() {
        return new UnknownTopicOrPartitionException("This server does not host this topic-partition.");
    }

    /**
     * The log's choice for {@code key}: for an existing topic it is made at once; one that is not (the topic went
     * away and would be auto-created) counts as an unknown topic, as REST never creates one.
     */
    private static Integer chosen(EventLog log, String topic, byte[] key) {
        CompletableFuture<TopicPartition> choice = log.partitionFor(topic, key);
        return choice.isDone() && !choice.isCompletedExceptionally() ? choice.join().partition() : null;
    }
}
