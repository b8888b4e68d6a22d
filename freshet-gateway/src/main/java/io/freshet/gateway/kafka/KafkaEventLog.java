package io.freshet.gateway.kafka;

import io.freshet.gateway.Appended;
import io.freshet.gateway.Durability;
import io.freshet.gateway.EventLog;
import io.freshet.gateway.LogListener;
import io.freshet.gateway.OutgoingRecord;
import io.freshet.gateway.ReadResult;
import io.freshet.gateway.TopicInfo;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link EventLog} of a gateway in front of any Kafka-protocol cluster, through the Java clients only: what
 * {@code freshet gateway --bootstrap-server} runs its MQTT and HTTP listeners on. The same semantics as Freshet's
 * embedded log, with what a cluster means by them:
 *
 * <pre>
 *   append / appendAll / partitionFor -> AppendLane (one thread: topic found or created via Admin, murmur2 or turns)
 *                                        -> one idempotent KafkaProducer, acks=all -> callback completes the future
 *   partitionCount / topics / describeTopic / endOffset / startOffset -> ClusterWatcher's view (no I/O)
 *   listeners <- ClusterWatcher (one thread: endOffsets every gateway.poll.interval.ms, metadata every
 *                gateway.metadata.interval.ms)
 *   read -> ReadPool (read_committed consumers without a group, assign + seek + poll, gateway.read.threads)
 *   createTopic / deleteTopic / committedOffsets / commitOffsets / offsetForTimestamp -> Admin (async)
 * </pre>
 *
 * <p>Durability: {@link Durability#APPENDED} and {@link Durability#DURABLE} both complete on acks=all, which on a
 * cluster means written to the in-sync replicas ({@code min.insync.replicas}); a Kafka broker does not fsync before
 * it answers unless its {@code flush.messages} says so, so DURABLE promises what the cluster's acks=all promises.
 *
 * <p>Threading: any thread; nothing here blocks its caller. Futures complete on the producer's I/O thread, a reader
 * thread, the watcher thread or the Admin client's thread: a caller hops back to its own thread. {@link #close()}
 * once, after the gateways that use it.
 */
public final class KafkaEventLog implements EventLog, AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final KafkaEventLogConfig config;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ClusterWatcher watcher;
    private final AppendLane appends;
    private final ReadPool reads;
    private final String clusterId;

    private KafkaEventLog(KafkaEventLogConfig config, Admin admin, KafkaProducer<byte[], byte[]> producer,
                          ClusterWatcher watcher, ReadPool reads, String clusterId) {
        this.config = config;
        this.admin = admin;
        this.producer = producer;
        this.watcher = watcher;
        this.reads = reads;
        this.clusterId = clusterId;
        this.appends = new AppendLane(producer, admin, watcher, config);
    }

    /**
     * Connects to the cluster, reads its id, topics and offsets, and starts the watcher; blocks until then.
     *
     * @throws org.apache.kafka.common.KafkaException when the cluster does not answer within the request timeout
     */
    public static KafkaEventLog start(KafkaEventLogConfig config) {
        String id = "freshet-gateway-" + INSTANCES.incrementAndGet();
        Admin admin = Admin.create(clientProperties(config, id + "-admin", Map.of()));
        KafkaProducer<byte[], byte[]> producer = null;
        ClusterWatcher watcher = null;
        try {
            String clusterId = admin.describeCluster().clusterId()
                .get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            producer = new KafkaProducer<>(clientProperties(config, id + "-producer", Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) config.requestTimeout().toMillis())),
                new ByteArraySerializer(), new ByteArraySerializer());
            watcher = ClusterWatcher.start(consumer(config, id + "-watcher"), admin, config);
            AtomicInteger reader = new AtomicInteger();
            ReadPool reads = new ReadPool(config.readThreads(),
                () -> consumer(config, id + "-read-" + reader.getAndIncrement()));
            return new KafkaEventLog(config, admin, producer, watcher, reads, clusterId);
        } catch (Exception e) {
            if (watcher != null) {
                watcher.close();
            }
            if (producer != null) {
                producer.close(Duration.ZERO);
            }
            admin.close(Duration.ZERO);
            throw KafkaErrors.unchecked(e);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(KafkaEventLogConfig config, String clientId) {
        return new KafkaConsumer<>(clientProperties(config, clientId, Map.of(
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none",
            // Its metadata requests for a partition whose topic was just deleted would create the topic again.
            ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024 * 1024)),
            new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The user's client properties, then the bootstrap list, the client id and the client's own settings. */
    private static Map<String, Object> clientProperties(KafkaEventLogConfig config, String clientId,
                                                        Map<String, Object> own) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.requestTimeout().toMillis());
        props.putAll(own);
        return props;
    }

    public KafkaEventLogConfig config() {
        return config;
    }

    // ---- appends ----

    @Override
    public CompletableFuture<Appended> append(String topic, OutgoingRecord record, Durability durability) {
        return appends.append(topic, record);
    }

    @Override
    public CompletableFuture<Appended> append(TopicPartition partition, OutgoingRecord record, Durability durability) {
        return appends.append(partition, record);
    }

    @Override
    public List<CompletableFuture<Appended>> appendAll(String topic, List<OutgoingRecord> records,
                                                       Durability durability) {
        return appends.appendAll(topic, records);
    }

    @Override
    public CompletableFuture<TopicPartition> partitionFor(String topic, byte[] key) {
        return appends.partitionFor(topic, key);
    }

    // ---- the watcher's view ----

    @Override
    public OptionalInt partitionCount(String topic) {
        return watcher.topic(topic).map(t -> OptionalInt.of(t.partitionCount())).orElse(OptionalInt.empty());
    }

    @Override
    public Set<String> topics() {
        return watcher.topicNames();
    }

    @Override
    public Optional<TopicInfo> describeTopic(String topic) {
        return watcher.topic(topic);
    }

    @Override
    public long endOffset(TopicPartition partition) {
        return watcher.endOffset(partition);
    }

    @Override
    public long startOffset(TopicPartition partition) {
        return watcher.startOffset(partition);
    }

    @Override
    public void addListener(LogListener listener) {
        watcher.addListener(listener);
    }

    @Override
    public void removeListener(LogListener listener) {
        watcher.removeListener(listener);
    }

    @Override
    public String clusterId() {
        return clusterId;
    }

    // ---- reads ----

    @Override
    public CompletableFuture<ReadResult> read(TopicPartition partition, long offset, int maxBytes) {
        if (!watcher.knows(partition)) {
            return CompletableFuture.failedFuture(
                new UnknownTopicOrPartitionException("Partition " + partition + " does not exist"));
        }
        long start = watcher.startOffset(partition);
        if (offset < start) {
            return CompletableFuture.failedFuture(new OffsetOutOfRangeException("Offset " + offset
                + " is below the log start offset " + start + " of " + partition));
        }
        if (offset >= watcher.endOffset(partition)) {
            // Nothing committed there yet as far as the watcher knows; it calls onAppend when there is.
            return CompletableFuture.completedFuture(new ReadResult(List.of(), offset));
        }
        return reads.read(partition, offset, maxBytes);
    }

    @Override
    public CompletableFuture<Long> offsetForTimestamp(TopicPartition partition, long timestampMs) {
        if (!watcher.knows(partition)) {
            return CompletableFuture.failedFuture(
                new UnknownTopicOrPartitionException("Partition " + partition + " does not exist"));
        }
        ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        return toFuture(admin.listOffsets(Map.of(partition, OffsetSpec.forTimestamp(timestampMs)), committed)
            .partitionResult(partition))
            .thenApply(found -> found.offset() >= 0 ? Math.min(found.offset(), endOrMax(partition))
                : Math.max(0, watcher.endOffset(partition)));
    }

    private long endOrMax(TopicPartition partition) {
        long end = watcher.endOffset(partition);
        return end < 0 ? Long.MAX_VALUE : end;
    }

    // ---- topics and groups, through Admin ----

    @Override
    public CompletableFuture<Integer> createTopic(String topic, int partitions, Map<String, String> configs) {
        OptionalInt existing = partitionCount(topic);
        if (existing.isPresent()) {
            return CompletableFuture.completedFuture(existing.getAsInt());
        }
        NewTopic newTopic = new NewTopic(topic, partitions == -1 ? Optional.empty() : Optional.of(partitions),
            Optional.empty()).configs(configs);
        return toFuture(admin.createTopics(List.of(newTopic)).all())
            .exceptionallyCompose(error -> KafkaErrors.unwrap(error) instanceof TopicExistsException
                ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(KafkaErrors.unwrap(error)))
            .thenCompose(created -> watcher.awaitTopic(topic));
    }

    @Override
    public CompletableFuture<Void> deleteTopic(String topic) {
        return toFuture(admin.deleteTopics(List.of(topic)).all())
            .thenCompose(deleted -> watcher.awaitGone(topic))
            .thenApply(gone -> null);
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Long>> committedOffsets(String group,
                                                                        Collection<TopicPartition> partitions) {
        ListConsumerGroupOffsetsSpec spec = new ListConsumerGroupOffsetsSpec().topicPartitions(partitions);
        return toFuture(admin.listConsumerGroupOffsets(Map.of(group, spec)).partitionsToOffsetAndMetadata(group))
            .thenApply(found -> {
                Map<TopicPartition, Long> offsets = new HashMap<>();
                found.forEach((tp, committed) -> {
                    if (committed != null && committed.offset() >= 0) {
                        offsets.put(tp, committed.offset());
                    }
                });
                return offsets;
            });
    }

    @Override
    public CompletableFuture<Void> commitOffsets(String group, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset)));
        return toFuture(admin.alterConsumerGroupOffsets(group, commits).all());
    }

    private static <T> CompletableFuture<T> toFuture(KafkaFuture<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        future.whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(KafkaErrors.unwrap(error));
            } else {
                result.complete(value);
            }
        });
        return result;
    }

    /**
     * Stops taking appends and lets the queued ones reach the producer, which sends what it holds (up to the request
     * timeout); then the readers, the watcher and the Admin client.
     */
    @Override
    public void close() {
        appends.close();
        producer.close(config.requestTimeout());
        reads.close();
        watcher.close();
        admin.close(Duration.ofSeconds(5));
    }
}
