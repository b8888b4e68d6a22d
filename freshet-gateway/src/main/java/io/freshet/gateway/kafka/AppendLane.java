package io.freshet.gateway.kafka;

import io.freshet.gateway.Appended;
import io.freshet.gateway.OutgoingRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Where every append of a {@link KafkaEventLog} is made: one thread, {@code freshet-gateway-append}, that finds the
 * topic (creating it through the Admin client when it is missing and auto-creation is on), picks the partition and
 * hands the record to the one idempotent producer (acks=all). The producer's callback completes the future.
 *
 * <p>Design note: one thread, in call order, because the producer may block there (its metadata for a topic it has
 * not sent to yet; a topic being created) and {@link io.freshet.gateway.EventLog} promises the callers it never
 * blocks them; and because one FIFO thread keeps two appends made in turn by one caller in that order, which the
 * producer then keeps per partition (idempotence: at most 5 requests in flight, in order). A topic's creation holds
 * up the appends behind it (one round trip and the metadata's propagation).
 *
 * <p>Partitioning: {@link KeyPartitioner} (murmur2 for a key, as Kafka's producer; turns without).
 */
final class AppendLane implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final Admin admin;
    private final ClusterWatcher watcher;
    private final KafkaEventLogConfig config;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "freshet-gateway-append");
        t.setDaemon(true);
        return t;
    });
    private final KeyPartitioner partitioner = new KeyPartitioner();

    AppendLane(Producer<byte[], byte[]> producer, Admin admin, ClusterWatcher watcher, KafkaEventLogConfig config) {
        this.producer = producer;
        this.admin = admin;
        this.watcher = watcher;
        this.config = config;
    }

    CompletableFuture<Appended> append(String topic, OutgoingRecord record) {
        return onLane(() -> {
            int partitions = partitionCount(topic);
            return send(new TopicPartition(topic, partition(topic, record.key(), partitions)), record);
        });
    }

    CompletableFuture<Appended> append(TopicPartition tp, OutgoingRecord record) {
        return onLane(() -> send(tp, record));
    }

    /** The records bound for one partition keep their order; the keyless ones of this call share one partition. */
    List<CompletableFuture<Appended>> appendAll(String topic, List<OutgoingRecord> records) {
        List<CompletableFuture<Appended>> results = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            results.add(new CompletableFuture<>());
        }
        run(() -> {
            int partitions;
            try {
                partitions = partitionCount(topic);
            } catch (RuntimeException e) {
                results.forEach(r -> r.completeExceptionally(KafkaErrors.unwrap(e)));
                return;
            }
            int keyless = -1;
            for (int i = 0; i < records.size(); i++) {
                OutgoingRecord record = records.get(i);
                int partition;
                if (record.key() != null) {
                    partition = partition(topic, record.key(), partitions);
                } else {
                    if (keyless < 0) {
                        keyless = partition(topic, null, partitions);
                    }
                    partition = keyless;
                }
                forward(send(new TopicPartition(topic, partition), record), results.get(i));
            }
        }, results);
        return results;
    }

    /** At once for a topic the view has (no append waits for it); on the lane when it must be created first. */
    CompletableFuture<TopicPartition> partitionFor(String topic, byte[] key) {
        Optional<io.freshet.gateway.TopicInfo> known = watcher.topic(topic);
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(
                new TopicPartition(topic, partition(topic, key, known.get().partitionCount())));
        }
        return onLane(() -> CompletableFuture.completedFuture(
            new TopicPartition(topic, partition(topic, key, partitionCount(topic)))));
    }

    private int partition(String topic, byte[] key, int partitions) {
        return partitioner.partition(topic, key, partitions);
    }

    /** The topic's partition count; a missing topic is created first (blocks this thread), or refused. */
    private int partitionCount(String topic) {
        Optional<io.freshet.gateway.TopicInfo> known = watcher.topic(topic);
        if (known.isPresent()) {
            return known.get().partitionCount();
        }
        Topic.validate(topic); // InvalidTopicException, as the broker would answer
        if (!config.autoCreateTopics()) {
            throw new UnknownTopicOrPartitionException("Topic " + topic + " does not exist");
        }
        long timeoutMs = config.requestTimeout().toMillis();
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
                .all().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (!(KafkaErrors.unwrap(e) instanceof TopicExistsException)) {
                throw KafkaErrors.unchecked(e);
            }
        }
        try {
            return watcher.awaitTopic(topic).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw KafkaErrors.unchecked(e);
        }
    }

    private CompletableFuture<Appended> send(TopicPartition tp, OutgoingRecord record) {
        if (!watcher.knows(tp)) {
            throw new UnknownTopicOrPartitionException("Partition " + tp + " does not exist");
        }
        CompletableFuture<Appended> done = new CompletableFuture<>();
        Long timestamp = record.timestamp() < 0 ? null : record.timestamp();
        producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), timestamp, record.key(), record.value(),
            record.headers()), (metadata, error) -> {
                if (error != null) {
                    done.completeExceptionally(KafkaErrors.unwrap(error));
                } else {
                    done.complete(new Appended(tp, metadata.offset(), metadata.timestamp()));
                    watcher.nudge();
                }
            });
        return done;
    }

    private <T> CompletableFuture<T> onLane(Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        run(() -> {
            try {
                forward(work.get(), result);
            } catch (RuntimeException e) {
                result.completeExceptionally(KafkaErrors.unwrap(e));
            }
        }, List.of(result));
        return result;
    }

    private void run(Runnable task, List<? extends CompletableFuture<?>> results) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            results.forEach(r -> r.completeExceptionally(new org.apache.kafka.common.KafkaException(
                "the gateway's event log is closed")));
        }
    }

    private static <T> void forward(CompletableFuture<T> from, CompletableFuture<T> to) {
        from.whenComplete((value, error) -> {
            if (error != null) {
                to.completeExceptionally(KafkaErrors.unwrap(error));
            } else {
                to.complete(value);
            }
        });
    }

    /** Lets the queued appends reach the producer, then stops the thread; the producer is closed by the log. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
