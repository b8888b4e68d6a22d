package io.freshet.broker.metadata;

import io.freshet.storage.file.DiskFull;
import io.freshet.storage.file.StorageIo;
import io.freshet.storage.log.LogConfig;
import io.freshet.storage.log.LogStore;
import io.freshet.storage.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Creates, deletes and changes topics: keeps the catalog file, the partition logs and the published
 * {@link TopicsImage} in step.
 *
 * <p>Threading: every change runs on one thread, {@code freshet-topic-controller}, which owns the catalog
 * (no lock needed) and keeps the fsyncs of the catalog off the network event loops. Readers on any thread use
 * {@link #image()}, a volatile immutable snapshot. Methods that change topics return futures completed on that
 * thread; exceptions are Kafka's {@code ApiException}s so handlers map them to error codes.
 *
 * <p>Crash safety: new partitions' logs are created first, then the catalog is written (the commit point), then the
 * image is published; deletions write the catalog first, then delete the logs. At start-up, partition directories
 * the catalog does not list (a crash between the two steps of either) are deleted, and partitions the catalog lists
 * but the disk lacks are created empty.
 *
 * <p>Disk trouble: a catalog write or partition creation that fails (full disk, I/O error) answers
 * KAFKA_STORAGE_ERROR, leaves the image as it was, and removes the logs it had just created, so no half-created
 * topic is left behind.
 */
public final class TopicController implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicController.class);

    private final LogStore store;
    private final StorageIo io;
    private final List<TopicListener> listeners = new CopyOnWriteArrayList<>();
    private final TopicDefaults defaults;
    private final Path catalogFile;
    private final ExecutorService thread;
    private volatile TopicsImage image;
    /** Created topics waiting for {@link #commitCreations}, by name; only the controller thread touches it. */
    private final Map<String, PendingCreation> pendingCreations = new LinkedHashMap<>();
    /** When the last catalog write error was logged; only the controller thread touches it. */
    private long lastCatalogErrorNanos;

    private TopicController(LogStore store, TopicDefaults defaults, Path catalogFile, TopicsImage image) {
        this.store = store;
        this.io = store.io();
        this.defaults = defaults;
        this.catalogFile = catalogFile;
        this.image = image;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "freshet-topic-controller");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Loads the catalog of {@code dataDir}, attaches each partition to its recovered log and removes partition
     * directories of topics that are gone. Runs on the calling thread, before the listener opens.
     */
    public static TopicController open(Path dataDir, LogStore store, TopicDefaults defaults) throws IOException {
        Path file = CatalogFile.path(dataDir);
        List<TopicMetadata> topics = CatalogFile.read(file, defaults.logConfig());
        Set<TopicPartition> onDisk = new HashSet<>(store.partitionsOnDisk());
        Map<TopicPartition, LogConfig> catalogued = new LinkedHashMap<>();
        for (TopicMetadata topic : topics) {
            for (int p = 0; p < topic.partitionCount(); p++) {
                TopicPartition tp = topic.partition(p);
                if (!onDisk.remove(tp)) {
                    log.warn("Partition {} is in the topic catalog but not on disk; creating it empty", tp);
                }
                catalogued.put(tp, topic.config());
            }
        }
        store.openLogs(catalogued);   // side by side: a start-up with 10,000 partitions waits on many fsyncs
        onDisk.removeIf(tp -> TopicNames.isInternal(tp.topic())); // the coordinators open their own logs
        for (TopicPartition orphan : onDisk) {
            log.warn("Deleting partition {}: its topic is not in the catalog (an interrupted CreateTopics or DeleteTopics)", orphan);
            store.deleteLog(orphan);
        }
        log.debug("Loaded {} topics from {}", topics.size(), file);
        return new TopicController(store, defaults, file, TopicsImage.of(topics));
    }

    /** The current topics; never blocks. */
    public TopicsImage image() {
        return image;
    }

    /** The log of a partition of an existing topic. */
    public Optional<PartitionLog> log(TopicPartition tp) {
        return image.topic(tp.topic()).filter(t -> t.hasPartition(tp.partition())).flatMap(t -> store.log(tp));
    }

    /** Topic-level defaults, for DescribeConfigs and config validation. */
    public LogConfig logDefaults() {
        return defaults.logConfig();
    }

    /** {@code auto.create.topics.enable}: whether {@link #autoCreate} may create anything. */
    public boolean autoCreateEnabled() {
        return defaults.autoCreate();
    }

    public int defaultPartitions() {
        return defaults.partitions();
    }

    /**
     * Creates a topic with {@code partitions} partitions and the given overrides.
     *
     * @return the new topic (not created when {@code validateOnly})
     */
    public CompletableFuture<TopicMetadata> createTopic(String name, int partitions, Map<String, String> overrides,
                                                        boolean validateOnly) {
        if (validateOnly) {
            return submit(() -> validateNewTopic(name, partitions, overrides));
        }
        CompletableFuture<TopicMetadata> result = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    TopicMetadata topic = validateNewTopic(name, partitions, overrides);
                    createLogs(topic, 0);
                    deferCatalogWrite(new PendingCreation(topic, result));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RuntimeException rejected) {
            result.completeExceptionally(rejected);
        }
        return result;
    }

    /**
     * Group commit of the catalog: the topics of one CreateTopics request (queued on this thread together) are
     * written to the catalog once, by a task queued behind them, not once each (the catalog holds every topic, so
     * 1,000 topics created one write each cost 1,000 rewrites of a growing file and 2,000 fsyncs).
     */
    private void deferCatalogWrite(PendingCreation creation) {
        boolean first = pendingCreations.isEmpty();
        pendingCreations.put(creation.topic().name(), creation);
        if (first) {
            try {
                thread.execute(this::commitCreations);
            } catch (RejectedExecutionException closing) {
                commitCreations();
            }
        }
    }

    /**
     * Writes the catalog with every pending creation (the commit point), then publishes them and answers their
     * callers; if the write fails, every pending topic fails with it and its logs are removed again. Every other
     * change runs this first, so it sees the catalog and image of every creation queued before it.
     */
    private void commitCreations() {
        if (pendingCreations.isEmpty()) {
            return;
        }
        List<PendingCreation> batch = List.copyOf(pendingCreations.values());
        pendingCreations.clear();
        TopicsImage next = image.withAll(batch.stream().map(PendingCreation::topic).toList());
        try {
            persist(next);
        } catch (RuntimeException e) {
            for (PendingCreation creation : batch) {
                for (int p = 0; p < creation.topic().partitionCount(); p++) {
                    deleteQuietly(creation.topic().partition(p), e);
                }
                creation.result().completeExceptionally(e);
            }
            return;
        }
        image = next;
        for (PendingCreation creation : batch) {
            TopicMetadata topic = creation.topic();
            tellListeners(listener -> listener.onTopicChanged(topic));
            creation.result().complete(topic);
        }
    }

    /** A topic whose logs exist and whose catalog write is pending, and the caller waiting for it. */
    private record PendingCreation(TopicMetadata topic, CompletableFuture<TopicMetadata> result) {
    }

    /**
     * The topic, created with the broker's defaults if it does not exist and {@code auto.create.topics.enable}
     * allows it ({@link UnknownTopicOrPartitionException} otherwise); a memory topic if its name starts with
     * {@code freshet.memory.topic.prefix}.
     */
    public CompletableFuture<TopicMetadata> autoCreate(String name) {
        Optional<TopicMetadata> existing = image.topic(name);
        if (existing.isPresent()) {
            return CompletableFuture.completedFuture(existing.get());
        }
        if (!defaults.autoCreate()) {
            return CompletableFuture.failedFuture(TopicNames.isValid(name)
                ? new UnknownTopicOrPartitionException("Topic " + name
                    + " does not exist and auto.create.topics.enable is false")
                : new InvalidTopicException("Topic name '" + name + "' is illegal"));
        }
        return submit(() -> {
            Optional<TopicMetadata> raced = image.topic(name);
            if (raced.isPresent()) {
                return raced.get();
            }
            TopicMetadata topic = validateNewTopic(name, defaults.partitions(), defaults.autoCreateOverrides(name));
            create(topic);
            log.info("Auto-created {} topic {} with {} partitions", topic.config().inMemory() ? "memory" : "disk",
                name, defaults.partitions());
            return topic;
        });
    }

    public CompletableFuture<TopicMetadata> deleteTopic(String name) {
        return submit(() -> delete(existing(name)));
    }

    public CompletableFuture<TopicMetadata> deleteTopic(Uuid topicId) {
        return submit(() -> delete(image.topic(topicId)
            .orElseThrow(() -> new UnknownTopicIdException("Topic id " + topicId + " does not exist"))));
    }

    /** Grows a topic to {@code newCount} partitions; shrinking or staying equal is INVALID_PARTITIONS. */
    public CompletableFuture<TopicMetadata> createPartitions(String name, int newCount, boolean validateOnly) {
        return submit(() -> {
            TopicMetadata current = existing(name);
            if (newCount <= current.partitionCount()) {
                throw new InvalidPartitionsException("Topic " + name + " currently has " + current.partitionCount()
                    + " partitions; " + newCount + " would not increase it");
            }
            TopicMetadata grown = new TopicMetadata(name, current.topicId(), newCount, current.config());
            if (!validateOnly) {
                createLogsThenPersist(grown, current.partitionCount());
                image = image.with(grown);
                log.info("Topic {} grown from {} to {} partitions", name, current.partitionCount(), newCount);
                tellListeners(listener -> listener.onTopicChanged(grown));
            }
            return grown;
        });
    }

    /**
     * Replaces a topic's overrides by {@code change.apply(currentOverrides)}, validated through
     * {@link LogConfig#withOverrides}, and applies them to the live logs. {@code freshet.storage} cannot change:
     * the partitions' logs are of one kind or the other for the topic's life.
     */
    public CompletableFuture<TopicMetadata> alterConfigs(String name, UnaryOperator<Map<String, String>> change,
                                                         boolean validateOnly) {
        return submit(() -> {
            TopicMetadata current = existing(name);
            LogConfig config = defaults.logConfig().withOverrides(change.apply(current.overrides()));
            checkSameStorage(current, config);
            TopicMetadata altered = new TopicMetadata(name, current.topicId(), current.partitionCount(), config);
            if (!validateOnly) {
                persist(image.with(altered));
                for (int p = 0; p < altered.partitionCount(); p++) {
                    store.log(altered.partition(p)).ifPresent(l -> l.updateConfig(config));
                }
                image = image.with(altered);
                log.info("Topic {} configs set to {}", name, config.overrides());
            }
            return altered;
        });
    }

    private static void checkSameStorage(TopicMetadata current, LogConfig altered) {
        if (altered.inMemory() == current.config().inMemory()) {
            return;
        }
        String was = current.config().inMemory() ? LogConfig.STORAGE_MEMORY : LogConfig.STORAGE_DISK;
        throw new InvalidConfigurationException(LogConfig.STORAGE_CONFIG + " cannot be changed on an existing topic: "
            + current.name() + " is a " + was + " topic" + (current.config().inMemory()
                ? " (AlterConfigs replaces every override: name " + LogConfig.STORAGE_CONFIG + "=memory in it)" : "")
            + "; create a new topic to keep records elsewhere");
    }

    /** Runs other work that may touch the disk (DeleteRecords, producer id blocks) off the event loops. */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    commitCreations();
                    result.complete(task.call());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RuntimeException rejected) {
            result.completeExceptionally(rejected);
        }
        return result;
    }

    private TopicMetadata existing(String name) {
        return image.topic(name).orElseThrow(() ->
            new UnknownTopicOrPartitionException("Topic " + name + " does not exist"));
    }

    private TopicMetadata validateNewTopic(String name, int partitions, Map<String, String> overrides) {
        TopicNames.validate(name);
        if (image.topic(name).isPresent() || pendingCreations.containsKey(name)) {
            throw new TopicExistsException("Topic '" + name + "' already exists.");
        }
        Optional<String> other = image.collidingTopic(name).or(() -> pendingCreations.keySet().stream()
            .filter(pending -> TopicNames.collides(name, pending)).findFirst());
        if (other.isPresent()) {
            throw new InvalidTopicException("Topic '" + name + "' collides with existing topic: " + other.get());
        }
        if (partitions < 1) {
            throw new InvalidPartitionsException("Number of partitions must be at least 1, got " + partitions);
        }
        return new TopicMetadata(name, newTopicId(), partitions, defaults.logConfig().withOverrides(overrides));
    }

    private Uuid newTopicId() {
        Uuid id = Uuid.randomUuid();
        while (image.topic(id).isPresent() || pendingId(id)) {
            id = Uuid.randomUuid();
        }
        return id;
    }

    private boolean pendingId(Uuid id) {
        return pendingCreations.values().stream().anyMatch(c -> c.topic().topicId().equals(id));
    }

    private void create(TopicMetadata topic) {
        createLogsThenPersist(topic, 0);
        image = image.with(topic);
        tellListeners(listener -> listener.onTopicChanged(topic));
    }

    /**
     * Creates partitions {@code from} to the end of {@code topic}, then writes the catalog with it. When either
     * fails the logs just created are deleted again and nothing else has changed.
     */
    private void createLogsThenPersist(TopicMetadata topic, int from) {
        createLogs(topic, from);
        try {
            persist(image.with(topic));
        } catch (RuntimeException e) {
            for (int p = from; p < topic.partitionCount(); p++) {
                deleteQuietly(topic.partition(p), e);
            }
            throw e;
        }
    }

    /** Creates partitions {@code from} to the end of {@code topic}; if that fails, removes them again and throws. */
    private void createLogs(TopicMetadata topic, int from) {
        Map<TopicPartition, LogConfig> created = new LinkedHashMap<>();
        for (int p = from; p < topic.partitionCount(); p++) {
            created.put(topic.partition(p), topic.config());
        }
        try {
            store.openLogs(created);   // side by side: each new partition waits on fsyncs of its files
        } catch (RuntimeException e) {
            for (TopicPartition tp : created.keySet()) {
                deleteQuietly(tp, e);
            }
            throw e;
        }
    }

    private void deleteQuietly(TopicPartition tp, RuntimeException failure) {
        try {
            store.deleteLog(tp);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            log.warn("Could not remove partition {} of a topic that failed to be created ({}); the next start "
                + "removes it", tp, e.toString());
        }
    }

    private TopicMetadata delete(TopicMetadata topic) {
        TopicsImage next = image.without(topic.name());
        persist(next);
        image = next;
        for (int p = 0; p < topic.partitionCount(); p++) {
            store.deleteLog(topic.partition(p));
        }
        log.info("Deleted topic {} ({} partitions)", topic.name(), topic.partitionCount());
        tellListeners(listener -> listener.onTopicDeleted(topic.name()));
        return topic;
    }

    /**
     * Tells {@code listener} of every topic created, grown or deleted from now on, on the controller thread. The group
     * coordinator forgets a deleted topic's committed offsets, so a topic created again under the same name does not
     * inherit them; gateways start serving a new topic's partitions.
     */
    public void addListener(TopicListener listener) {
        listeners.add(listener);
    }

    public void removeListener(TopicListener listener) {
        listeners.remove(listener);
    }

    /** A listener's failure is its own: the change is made and the other listeners are told. */
    private void tellListeners(Consumer<TopicListener> event) {
        for (TopicListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                log.warn("Topic listener {} failed", listener, e);
            }
        }
    }

    /**
     * @throws KafkaStorageException when the catalog cannot be written; the old catalog stands. A full disk is
     *                               logged by the store (once); another error at most once a minute, since
     *                               auto-creation may retry it on every Produce and Metadata request
     */
    private void persist(TopicsImage next) {
        try {
            CatalogFile.write(io, catalogFile, new ArrayList<>(next.topics()));
        } catch (IOException e) {
            if (DiskFull.isDiskFull(e)) {
                throw store.refusedByFullDisk("write the topic catalog " + catalogFile, e);
            }
            long now = System.nanoTime();
            if (lastCatalogErrorNanos == 0 || now - lastCatalogErrorNanos >= TimeUnit.MINUTES.toNanos(1)) {
                lastCatalogErrorNanos = now;
                log.error("Cannot write the topic catalog {}: {}; topic changes fail with KAFKA_STORAGE_ERROR. "
                    + "Check the disk", catalogFile, e.toString());
            }
            throw new KafkaStorageException("Cannot write the topic catalog (I/O error): " + e.getMessage(), e);
        }
    }

    /** Finishes queued changes, then stops the controller thread. */
    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            log.warn("Topic controller did not finish its queued changes within 10 s");
            thread.shutdownNow();
        }
    }
}
