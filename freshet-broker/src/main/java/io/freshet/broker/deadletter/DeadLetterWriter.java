package io.freshet.broker.deadletter;

import io.freshet.broker.deadletter.DeadLetterRules.Decision;
import io.freshet.broker.metadata.TopicController;
import io.freshet.broker.metadata.TopicMetadata;
import io.freshet.coordinator.share.DeadLetters;
import io.freshet.coordinator.share.ShareGroupSettings;
import io.freshet.coordinator.share.ShareKey;
import io.freshet.storage.log.AppendResult;
import io.freshet.storage.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Writes share groups' dead letters (KIP-1191) to their dead-letter topics as Kafka 4.4 does: the broker's
 * {@link DeadLetters}. The share coordinator hands over an archived range and goes on; the work runs on this
 * writer's own thread, {@value #THREAD_NAME}, in the order the ranges were archived.
 *
 * <p>Durability: an append is awaited as a produce with acks=all is (fsynced on a disk topic), as Kafka produces
 * dead letters with acks=-1; the wait does not hold this thread, and {@link #write}'s future completes with it. A
 * dead letter the rules refuse is logged and dropped (reported done); one that storage could not take is reported
 * failed, and the share coordinator, which keeps it pending in its snapshot, hands it over again at its next
 * start. The records are archived whatever happens, as in Kafka.
 *
 * <p>Thread-safe: {@link #archived} may be called from any thread; everything else runs on the writer thread.
 */
public final class DeadLetterWriter implements DeadLetters, AutoCloseable {

    public static final String THREAD_NAME = "freshet-dead-letters";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterWriter.class);
    private static final long CREATE_TIMEOUT_MS = 30_000;

    private final TopicController topics;
    private final DeadLetterConfig config;
    private final Time time;
    private final BooleanSupplier enabled;
    private final ExecutorService thread;
    /** The problem last logged per group, so a persisting one is logged once (writer thread only). */
    private final Map<String, String> loggedProblems = new HashMap<>();
    private final AtomicLong written = new AtomicLong();

    /**
     * @param enabled whether dead letters are written at all (Kafka: the finalized {@code share.version} is 2 or
     *                more); read at each archived range
     */
    public DeadLetterWriter(TopicController topics, DeadLetterConfig config, Time time, BooleanSupplier enabled) {
        this.topics = topics;
        this.config = config;
        this.time = time;
        this.enabled = enabled;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void archived(ShareKey key, long firstOffset, long lastOffset, short deliveryCount, Reason reason,
                         ShareGroupSettings settings) {
        write(key, firstOffset, lastOffset, deliveryCount, reason, settings);
    }

    /**
     * Writes on the writer thread; the future completes once every letter is durable in the dead-letter topic, or
     * at once when the rules write none, and fails when they could not be appended or made durable (the share
     * coordinator keeps the range pending and hands it over again at its next start).
     */
    @Override
    public CompletableFuture<Void> write(ShareKey key, long firstOffset, long lastOffset, short deliveryCount,
                                         Reason reason, ShareGroupSettings settings) {
        String topicName = settings.deadLetterTopic();
        if (topicName == null || topicName.isEmpty() || lastOffset < firstOffset || !enabled.getAsBoolean()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    write(key, firstOffset, lastOffset, deliveryCount, reason, topicName,
                        settings.deadLetterCopyRecord()).whenComplete((v, e) -> complete(done, e));
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("Broker closing: dead letters of {} offsets {}-{} left for the next start", key, firstOffset,
                lastOffset);
            done.completeExceptionally(e);
        }
        return done;
    }

    private static void complete(CompletableFuture<Void> done, Throwable failure) {
        if (failure == null) {
            done.complete(null);
        } else {
            done.completeExceptionally(failure);
        }
    }

    /** Dead letters appended so far (for tests and, later, metrics). */
    public long written() {
        return written.get();
    }

    /** The letters of one range; completes once all are durable (at once when the rules write none). */
    private CompletableFuture<Void> write(ShareKey key, long first, long last, short deliveryCount, Reason reason,
                                          String topicName, boolean copy) {
        List<CompletableFuture<?>> durable = new ArrayList<>();
        try {
            Optional<TopicMetadata> topic = destination(key.groupId(), topicName);
            if (topic.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            TopicMetadata dlq = topic.get();
            TopicPartition target = dlq.partition(key.partition().partition() % dlq.partitionCount());
            PartitionLog targetLog = topics.log(target).orElse(null);
            if (targetLog == null) {
                logProblem(key.groupId(), "DLQ topic partition " + target + " could not be found for share group: "
                    + key.groupId() + ".");
                return CompletableFuture.completedFuture(null);
            }
            Optional<PartitionLog> source = copy ? sourceLog(key) : Optional.empty();
            long from = first;
            while (from <= last) {
                SourceRecords.Chunk chunk = source.isPresent() ? readSource(source.get(), key, from, last)
                    : new SourceRecords.Chunk(Map.of(), last);
                durable.addAll(append(targetLog, key, from, chunk.lastCovered(), deliveryCount, reason,
                    chunk.records()));
                from = chunk.lastCovered() + 1;
            }
            loggedProblems.remove(key.groupId());
        } catch (RuntimeException e) {
            log.warn("Dead letters of {} offsets {}-{} to {} not written: {}", key, first, last, topicName,
                e.toString());
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new));
    }

    /** The topic to write to, created first when Kafka's rules say so; empty (logged) when nothing may be written. */
    private Optional<TopicMetadata> destination(String groupId, String topicName) {
        Decision decision = DeadLetterRules.decide(groupId, topicName, topics.image(), config);
        if (decision instanceof Decision.Create) {
            create(topicName);
            decision = DeadLetterRules.decide(groupId, topicName, topics.image(), config);
        }
        if (decision instanceof Decision.Refuse refuse) {
            logProblem(groupId, refuse.reason());
            return Optional.empty();
        }
        if (decision instanceof Decision.Write write) {
            return Optional.of(write.topic());
        }
        logProblem(groupId, "DLQ topic " + topicName + " could not be created for share group: " + groupId + ".");
        return Optional.empty();
    }

    /** As Kafka's auto-creation: the broker's partition count, the topic flag on, CreateTime. */
    private void create(String topicName) {
        Map<String, String> overrides = Map.of(
            DeadLetterRules.TOPIC_GROUP_ENABLE, "true",
            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, TimestampType.CREATE_TIME.name);
        try {
            topics.createTopic(topicName, topics.defaultPartitions(), overrides, false)
                .get(CREATE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            log.info("Auto-created dead-letter topic {} with {} partitions", topicName, topics.defaultPartitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                log.warn("Cannot auto-create dead-letter topic {}: {}", topicName, e.getCause().toString());
            }
        } catch (TimeoutException e) {
            log.warn("Cannot auto-create dead-letter topic {}: no answer in {} ms", topicName, CREATE_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The source partition's log, if it is still the topic the records were archived from. */
    private Optional<PartitionLog> sourceLog(ShareKey key) {
        Optional<TopicMetadata> topic = topics.image().topic(key.partition().topic());
        if (topic.isEmpty() || (key.topicId() != null && !key.topicId().equals(topic.get().topicId()))) {
            return Optional.empty();
        }
        return topics.log(key.partition());
    }

    /** A chunk of source records; on a read error the rest of the range is written without key and value, as Kafka. */
    private SourceRecords.Chunk readSource(PartitionLog source, ShareKey key, long from, long last) {
        try {
            return SourceRecords.read(source, from, last);
        } catch (RuntimeException e) {
            log.warn("Cannot read {} offsets {}-{} for dead letters of group {}; written with headers only: {}",
                key.partition(), from, last, key.groupId(), e.toString());
            return new SourceRecords.Chunk(Map.of(), last);
        }
    }

    /** Appends the letters; one future per batch, done once it is durable, failed when it is not appended. */
    private List<CompletableFuture<?>> append(PartitionLog target, ShareKey key, long from, long to,
                                              short deliveryCount, Reason reason, Map<Long, Record> originals) {
        List<List<SimpleRecord>> batches = DeadLetterRecords.build(key, from, to, deliveryCount, reason, originals,
            time.milliseconds(), target.config().maxMessageBytes());
        List<CompletableFuture<?>> durable = new ArrayList<>();
        for (List<SimpleRecord> batch : batches) {
            try {
                AppendResult result = target.append(
                    MemoryRecords.withRecords(Compression.NONE, batch.toArray(SimpleRecord[]::new)));
                written.addAndGet(batch.size());
                durable.add(target.awaitDurable(result.lastOffset()).whenComplete((ignored, error) -> {
                    if (error != null) {
                        log.warn("Dead letters of {} appended to {} at {}-{} but not made durable: {}", key,
                            target.topicPartition(), result.firstOffset(), result.lastOffset(), error.toString());
                    }
                }));
            } catch (RuntimeException e) {
                log.warn("Cannot append {} dead letters of {} to {}: {}", batch.size(), key, target.topicPartition(),
                    e.toString());
                durable.add(CompletableFuture.failedFuture(e));
            }
        }
        return durable;
    }

    /** Kafka logs each refused range; logging a persisting problem once per group keeps a busy group's log readable. */
    private void logProblem(String groupId, String problem) {
        if (!problem.equals(loggedProblems.put(groupId, problem))) {
            log.warn("Dead letters not written (the records stay archived): {}", problem);
        }
    }

    /** Finishes the dead letters already handed over (bounded), then stops the thread. Call before the logs close. */
    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            log.warn("Dead letters still queued after 10 s at shutdown; dropping them");
            thread.shutdownNow();
        }
    }
}
