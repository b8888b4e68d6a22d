package io.freshet.http.v2;

import io.freshet.http.error.RestException;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * One REST v2 consumer instance: a real {@link KafkaConsumer} in its consumer group, connected to the Kafka
 * listener as any Kafka client is, so a Kafka consumer in the same group shares the partitions with it.
 *
 * <p>Threading: the consumer and everything below marked "serial" are touched only by tasks of this instance's
 * {@link SerialExecutor} (one at a time, on the shared consumer pool). {@link #lastUsedMs} is read by the expiry
 * check on the timer thread.
 *
 * <p>Design note: Kafka's own auto-commit is off; the instance commits the positions after the records its reads
 * <em>returned</em> ({@link #returned}), never those only fetched into {@link #pending}, so a record that never
 * reached a client is never committed (when {@code auto.commit.enable} is on: at the start of each read, when
 * partitions are revoked, and at close, as Kafka's auto-commit would). Between reads, {@link #keepAlive} polls with
 * every partition paused, so the instance takes part in a rebalance without fetching records for nobody.
 */
final class ConsumerInstance {

    private static final Logger log = LoggerFactory.getLogger(ConsumerInstance.class);

    /** Records one poll may return: the bound of {@link #pending}, with a read's share. */
    static final int MAX_POLL_RECORDS = 500;
    /** The most one fetch response may bring (Kafka's default is 50 MiB): memory per instance stays small. */
    private static final int FETCH_MAX_BYTES = 1024 * 1024;
    static final Duration KAFKA_CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final String group;
    private final InstanceConfig config;
    private final SerialExecutor serial;
    private final Time time;
    private volatile long lastUsedMs;

    // serial
    private KafkaConsumer<byte[], byte[]> consumer;
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();
    private final Map<TopicPartition, Long> returned = new HashMap<>();
    private Map<TopicPartition, Long> lastAutoCommitted = Map.of();
    private boolean closed;
    private volatile boolean keepAliveQueued;

    ConsumerInstance(String group, InstanceConfig config, Executor pool, Time time) {
        this.group = group;
        this.config = config;
        this.serial = new SerialExecutor(pool, 64);
        this.time = time;
        this.lastUsedMs = time.milliseconds();
    }

    String group() {
        return group;
    }

    String name() {
        return config.name();
    }

    InstanceConfig config() {
        return config;
    }

    /** Marks the instance used now (on the injected clock): expiry counts from the last use. */
    void touch() {
        lastUsedMs = time.milliseconds();
    }

    boolean idleFor(long timeoutMs, long nowMs) {
        return nowMs - lastUsedMs >= timeoutMs;
    }

    /** Creates the Kafka consumer (it resolves the bootstrap address: not for an event loop). */
    CompletableFuture<Void> open(String bootstrap, java.util.Map<String, Object> clientProperties) {
        return call(ignored -> {
            consumer = new KafkaConsumer<>(properties(bootstrap, clientProperties));
            return null;
        }, false);
    }

    /**
     * Runs {@code operation} on the consumer, serially, and completes with its result. Refused with 429 when too
     * many calls wait for this instance.
     */
    <T> CompletableFuture<T> call(Function<KafkaConsumer<byte[], byte[]>, T> operation) {
        return call(operation, true);
    }

    private <T> CompletableFuture<T> call(Function<KafkaConsumer<byte[], byte[]>, T> operation, boolean needsOpen) {
        CompletableFuture<T> result = new CompletableFuture<>();
        serial.execute(() -> {
            if (closed || (needsOpen && consumer == null)) {
                result.completeExceptionally(RestException.consumerInstanceNotFound(group, name()));
                return;
            }
            try {
                result.complete(operation.apply(consumer));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            } finally {
                touch();
            }
        });
        return result;
    }

    /** Runs one slice of a read (its later slices too), serially. */
    void read(RecordsRead read) {
        serial.execute(read);
    }

    void continueRead(RecordsRead read) {
        serial.executeInternal(read);
    }

    boolean isClosed() {
        return closed;
    }

    // ---- serial: what reads, commits and seeks use ----

    KafkaConsumer<byte[], byte[]> consumer() {
        return consumer;
    }

    ArrayDeque<ConsumerRecord<byte[], byte[]>> pending() {
        return pending;
    }

    /** Polls for up to {@code timeout} into {@link #pending}, unless it holds a poll's worth already. */
    void pollIntoPending(Duration timeout) {
        if (pending.size() >= MAX_POLL_RECORDS) {
            return;
        }
        consumer.poll(timeout).forEach(pending::add);
    }

    /** The records a read answers with are now the client's: what a commit without offsets commits. */
    void markReturned(List<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            returned.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
        }
    }

    /** Positions after the records reads returned, for {@code POST .../offsets} without offsets. */
    Map<TopicPartition, OffsetAndMetadata> returnedPositions() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        returned.forEach((partition, next) -> offsets.put(partition, new OffsetAndMetadata(next)));
        return offsets;
    }

    /** With auto-commit on, commits what earlier reads returned, if anything new; the answer is not awaited. */
    void autoCommitIfDue() {
        if (!config.autoCommit() || returned.equals(lastAutoCommitted)) {
            return;
        }
        lastAutoCommitted = Map.copyOf(returned);
        consumer.commitAsync(returnedPositions(), (offsets, error) -> {
            if (error != null) {
                log.debug("Auto-commit of REST consumer {} in group {} failed: {}", name(), group, error.toString());
            }
        });
    }

    /** Records buffered for partitions sought or no longer ours are dropped: the consumer refetches them. */
    void forget(Collection<TopicPartition> partitions) {
        Set<TopicPartition> gone = new HashSet<>(partitions);
        pending.removeIf(r -> gone.contains(new TopicPartition(r.topic(), r.partition())));
    }

    /** After {@code assign}: forget what belongs to partitions no longer assigned. */
    void keepOnly(Set<TopicPartition> assignment) {
        pending.removeIf(r -> !assignment.contains(new TopicPartition(r.topic(), r.partition())));
        returned.keySet().retainAll(assignment);
    }

    ConsumerRebalanceListener rebalanceListener() {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (config.autoCommit()) {
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    for (TopicPartition partition : partitions) {
                        Long next = returned.get(partition);
                        if (next != null) {
                            offsets.put(partition, new OffsetAndMetadata(next));
                        }
                    }
                    commitQuietly(offsets);
                }
                onPartitionsLost(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                // Another member owns them now: what we fetched for them is its to deliver, and a commit of ours
                // must not overwrite its progress.
                forget(partitions);
                returned.keySet().removeAll(partitions);
            }
        };
    }

    /**
     * Between reads: a poll with every partition paused, so the instance answers a rebalance (classic groups wait
     * for every member's poll) without fetching. Records of partitions assigned during it wait in
     * {@link #pending}. Skipped while another keep-alive waits.
     */
    void keepAlive() {
        if (keepAliveQueued) {
            return;
        }
        keepAliveQueued = true;
        serial.executeInternal(() -> {
            keepAliveQueued = false;
            if (closed || consumer == null || consumer.subscription().isEmpty()) {
                return;
            }
            Set<TopicPartition> paused = new HashSet<>(consumer.assignment());
            paused.removeAll(consumer.paused());
            consumer.pause(paused);
            try {
                consumer.poll(Duration.ZERO).forEach(pending::add);
            } catch (RuntimeException e) {
                log.debug("Keep-alive poll of REST consumer {} in group {} failed: {}", name(), group, e.toString());
            } finally {
                paused.retainAll(consumer.assignment());
                consumer.resume(paused);
            }
        });
    }

    /** Commits (with auto-commit on), leaves the group and closes the consumer; completes when done. */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        serial.executeInternal(() -> {
            try {
                if (!closed && consumer != null) {
                    if (config.autoCommit()) {
                        commitQuietly(returnedPositions());
                    }
                    consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
                }
            } catch (RuntimeException e) {
                log.debug("Closing REST consumer {} in group {}: {}", name(), group, e.toString());
            } finally {
                closed = true;
                pending.clear();
                done.complete(null);
            }
        });
        return done;
    }

    private void commitQuietly(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, KAFKA_CALL_TIMEOUT);
        } catch (RuntimeException e) {
            log.debug("Commit of REST consumer {} in group {} failed: {}", name(), group, e.toString());
        }
    }

    private Properties properties(String bootstrap, java.util.Map<String, Object> clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "freshet-rest-" + name());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.autoOffsetReset());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(MAX_POLL_RECORDS));
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(FETCH_MAX_BYTES));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(FETCH_MAX_BYTES));
        props.put(ConsumerConfig.ENABLE_METRICS_PUSH_CONFIG, "false"); // KIP-714: nothing to push to
        return props;
    }
}
