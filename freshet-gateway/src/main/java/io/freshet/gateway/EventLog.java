package io.freshet.gateway;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The event log as a gateway uses it. Every method may be called from any thread; none blocks on I/O. Futures
 * complete on whichever thread finished the work (an fsync pool thread, say): a caller hops back to its own thread.
 *
 * <p>Failures are kafka-clients' {@link org.apache.kafka.common.errors.ApiException}s, exactly as a Kafka client
 * would get them ({@code InvalidTopicException}, {@code UnknownTopicOrPartitionException},
 * {@code RecordTooLargeException}, {@code KafkaStorageException}, ...): the gateway maps them to its protocol's
 * codes in one place.
 */
public interface EventLog {

    /**
     * Appends one record to {@code topic}, creating the topic first if it does not exist and auto-creation is on
     * (as a Kafka producer's Metadata request would). A record with a key goes to the partition Kafka's default
     * partitioner picks for that key ({@code murmur2(key) % partitions}), so a Kafka producer and a gateway agree
     * on where a key lives; a record without a key goes to the partitions in turn.
     *
     * @return completes when the record is appended ({@link Durability#APPENDED}) or appended and fsynced
     *     ({@link Durability#DURABLE}, the same group commit as a produce with acks=all)
     */
    CompletableFuture<Appended> append(String topic, OutgoingRecord record, Durability durability);

    /** As {@link #append(String, OutgoingRecord, Durability)}, to a given partition of an existing topic. */
    CompletableFuture<Appended> append(TopicPartition partition, OutgoingRecord record, Durability durability);

    /**
     * Appends {@code records}, in order, to one partition of an existing topic as few record batches as the topic's
     * {@code max.message.bytes} allows (usually one: one storage append, one fsync wait on its last offset), as a
     * Kafka producer's batch would be. Offsets are consecutive within a batch; records without a timestamp get the
     * same one (now).
     *
     * <p>Each record still has its own outcome: a batch that fails fails every record in it, except that a batch
     * the storage refuses for what one record holds ({@code RecordTooLargeException}, {@code InvalidRecordException},
     * {@code InvalidTimestampException}, {@code CorruptRecordException}) is appended again record by record, so only
     * the bad ones fail, as if each had been appended alone.
     *
     * <p>The default appends one by one (correct, not faster); the embedded log batches.
     *
     * @return one future per record, in the order of {@code records}
     */
    default List<CompletableFuture<Appended>> appendAll(TopicPartition partition, List<OutgoingRecord> records,
                                                        Durability durability) {
        List<CompletableFuture<Appended>> appends = new ArrayList<>(records.size());
        for (OutgoingRecord record : records) {
            appends.add(append(partition, record, durability));
        }
        return appends;
    }

    /**
     * Appends {@code records} to {@code topic} (created first as {@link #append(String, OutgoingRecord, Durability)}
     * does), as one {@link #appendAll(TopicPartition, List, Durability)} per partition. A keyed record goes where
     * {@code append} would put it ({@code murmur2(key) % partitions}); the unkeyed records of one call all go to one
     * partition, the next in turn (Kafka's sticky partitioning: the partitions take turns per batch, not per record).
     * Records bound for one partition keep their order.
     *
     * @return one future per record, in the order of {@code records}
     */
    default List<CompletableFuture<Appended>> appendAll(String topic, List<OutgoingRecord> records,
                                                        Durability durability) {
        List<CompletableFuture<Appended>> appends = new ArrayList<>(records.size());
        for (OutgoingRecord record : records) {
            appends.add(append(topic, record, durability));
        }
        return appends;
    }

    /**
     * The partition {@link #append(String, OutgoingRecord, Durability)} would pick for {@code key} (null: the next in
     * turn), creating the topic first if needed. For a writer that must record where a record will go before it
     * appends it (MQTT's QoS 2 state).
     */
    CompletableFuture<TopicPartition> partitionFor(String topic, byte[] key);

    /** The topic's partition count, or empty when it does not exist (now). */
    OptionalInt partitionCount(String topic);

    /** Every topic's name, internal ones (names starting with {@code __}) included. */
    Set<String> topics();

    /**
     * Creates {@code topic} with {@code partitions} partitions (-1: the broker's default) and these topic configs,
     * or does nothing if it exists. Completes with its partition count.
     */
    CompletableFuture<Integer> createTopic(String topic, int partitions, Map<String, String> configs);

    /** The topic's partition count and config overrides, or empty when it does not exist (now). */
    Optional<TopicInfo> describeTopic(String topic);

    /**
     * Deletes {@code topic} and its records. Fails with {@code UnknownTopicOrPartitionException} if there is no such
     * topic.
     */
    CompletableFuture<Void> deleteTopic(String topic);

    /** The id of the cluster this log belongs to (Kafka's cluster id, as Metadata and DescribeCluster answer it). */
    String clusterId();

    /**
     * The node id of the broker that leads every partition of this log (a single node leads them all), as Metadata
     * answers it; empty when the log cannot tell (it fronts a cluster whose leaders it does not track).
     */
    default OptionalInt nodeId() {
        return OptionalInt.empty();
    }

    /**
     * Reads committed records (as a {@code read_committed} consumer: never past the last stable offset, aborted
     * transactions and control batches left out) from {@code offset}, at most about {@code maxBytes} (at least one
     * record if there is one). An offset below the log start fails with {@code OffsetOutOfRangeException}; one at
     * or beyond the end completes with no records.
     */
    CompletableFuture<ReadResult> read(TopicPartition partition, long offset, int maxBytes);

    /** The offset a reader that starts "now" starts from: the last stable offset. -1 if there is no such partition. */
    long endOffset(TopicPartition partition);

    /** The first offset still in the log. -1 if there is no such partition. */
    long startOffset(TopicPartition partition);

    /**
     * The first offset whose record has a timestamp at or after {@code timestampMs} (as ListOffsets by timestamp
     * answers it), or {@link #endOffset} when there is none. Fails with {@code UnknownTopicOrPartitionException} if
     * there is no such partition.
     */
    CompletableFuture<Long> offsetForTimestamp(TopicPartition partition, long timestampMs);

    /** Tells {@code listener} of every append, new topic (or more partitions) and deleted topic from now on. */
    void addListener(LogListener listener);

    void removeListener(LogListener listener);

    /**
     * The committed offsets of consumer group {@code group} (as OffsetFetch answers them); a partition without one is
     * left out.
     */
    CompletableFuture<Map<TopicPartition, Long>> committedOffsets(String group, Collection<TopicPartition> partitions);

    /**
     * Commits offsets for consumer group {@code group} as a consumer without group membership does (generation -1;
     * the group must have no Kafka members). Completes once durable.
     */
    CompletableFuture<Void> commitOffsets(String group, Map<TopicPartition, Long> offsets);
}
