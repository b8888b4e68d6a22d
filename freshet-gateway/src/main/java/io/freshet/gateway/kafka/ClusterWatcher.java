package io.freshet.gateway.kafka;

import io.freshet.gateway.LogListener;
import io.freshet.gateway.TopicInfo;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The cluster as a {@link KafkaEventLog} knows it without I/O on the caller's thread: the topics with their partition
 * counts and config overrides, each partition's start offset and last stable offset; and the one thread, {@code
 * freshet-gateway-watcher}, that keeps that view up to date and tells the listeners what changed.
 *
 * <pre>
 *   every poll interval (or at once when nudged: this log's own append completed, a topic is awaited):
 *     metadata due? -> consumer.listTopics -> partition counts; Admin.describeConfigs (new or grown topics, and all
 *                      every 10th round) -> overrides; consumer.beginningOffsets -> start offsets
 *     consumer.endOffsets(every known partition)  (read_committed: the last stable offset)
 *     -> publish the view -> onTopicChanged / onTopicDeleted / onAppend(tp, end) for each end that moved
 *     -> complete the awaits of topics now seen (or gone)
 * </pre>
 *
 * <p>Threading: every field of the view has one writer, this thread; readers on any thread see a published map
 * (the topics map is replaced whole, the offsets are in concurrent maps). The listeners run on this thread: they
 * must be cheap and never block, as {@link LogListener} says. A failed round (the cluster unreachable) is logged
 * once per outage and retried at the next tick; the view stays as it was.
 *
 * <p>Design note: one {@code endOffsets} request per tick over every partition rather than a consumer fetching
 * every partition: it costs one ListOffsets per leader whatever the traffic, and an append by anyone (a Kafka
 * producer, another gateway) is noticed within one poll interval. Appends through this log nudge the thread, so a
 * subscriber on the same gateway hears of them after one ListOffsets round trip rather than a tick.
 */
final class ClusterWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterWatcher.class);
    /** Kafka's own bookkeeping topics: not a gateway's, and {@code __consumer_offsets} alone has 50 partitions. */
    private static final Set<String> CLUSTER_INTERNAL = Set.of("__consumer_offsets", "__transaction_state",
        "__share_group_state", "__remote_log_metadata", "__cluster_metadata");
    private static final int CONFIGS_EVERY_ROUNDS = 10;
    /**
     * The bound of each call of a round after start-up: a partition whose topic was just deleted makes the consumer
     * wait for its leader until this runs out, so it is short; the round after reads the metadata first, without
     * that topic.
     */
    static final Duration OFFSETS_TIMEOUT = Duration.ofSeconds(2);

    private final Consumer<byte[], byte[]> consumer;
    private final Admin admin;
    private final KafkaEventLogConfig config;
    private final List<LogListener> listeners = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<TopicAwait> requests = new LinkedBlockingQueue<>();
    private final ConcurrentHashMap<TopicPartition, Long> endOffsets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TopicPartition, Long> startOffsets = new ConcurrentHashMap<>();
    private final Thread thread;
    /** Replaced whole by this thread only. */
    private volatile Map<String, TopicInfo> topics = Map.of();
    private volatile boolean running = true;
    /** Set by a lookup that missed, cleared by this thread when it reads the metadata. */
    private volatile boolean metadataWanted;
    /** A metadata round asked for by a miss comes at most this often: a client asking for a missing topic in a
     * loop does not turn the watcher into a metadata poller. */
    static final long MIN_METADATA_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private long lastMetadataNanos;

    // Confined to the watcher thread.
    private final List<TopicAwait> awaiting = new ArrayList<>();
    private long nextMetadataNanos;
    /** Topic changes read from the metadata but not yet told: a round whose offset read failed tells them later. */
    private Changes untold = Changes.NONE;
    private int metadataRounds;
    private boolean failing;

    /** A caller waiting for a topic to appear ({@code present}) or to be gone. */
    private record TopicAwait(String topic, boolean present, CompletableFuture<Integer> done, long deadlineNanos) {
        static final TopicAwait NUDGE = new TopicAwait("", false, null, 0);
    }

    private ClusterWatcher(Consumer<byte[], byte[]> consumer, Admin admin, KafkaEventLogConfig config) {
        this.consumer = consumer;
        this.admin = admin;
        this.config = config;
        this.thread = new Thread(this::run, "freshet-gateway-watcher");
        this.thread.setDaemon(true);
    }

    /**
     * Reads the cluster's topics and offsets once on the calling thread (start-up may block), then starts the
     * thread.
     *
     * @throws KafkaException when the cluster does not answer within the request timeout
     */
    static ClusterWatcher start(Consumer<byte[], byte[]> consumer, Admin admin, KafkaEventLogConfig config) {
        ClusterWatcher watcher = new ClusterWatcher(consumer, admin, config);
        watcher.round(true);
        watcher.thread.start();
        return watcher;
    }

    // ---- the view, any thread ----

    /**
     * The topic as the view has it. A miss asks for a metadata round at the next tick (at most one per
     * {@link #MIN_METADATA_GAP_NANOS}): a topic another client just created is then seen within a round trip of the
     * first lookup that missed it, rather than a metadata interval.
     */
    Optional<TopicInfo> topic(String name) {
        TopicInfo topic = topics.get(name);
        if (topic == null && !metadataWanted) {
            metadataWanted = true;
            requests.offer(TopicAwait.NUDGE);
        }
        return Optional.ofNullable(topic);
    }

    Set<String> topicNames() {
        return topics.keySet();
    }

    long endOffset(TopicPartition tp) {
        return endOffsets.getOrDefault(tp, -1L);
    }

    long startOffset(TopicPartition tp) {
        return startOffsets.getOrDefault(tp, -1L);
    }

    boolean knows(TopicPartition tp) {
        TopicInfo topic = topics.get(tp.topic());
        return topic != null && tp.partition() >= 0 && tp.partition() < topic.partitionCount();
    }

    void addListener(LogListener listener) {
        listeners.add(listener);
    }

    void removeListener(LogListener listener) {
        listeners.remove(listener);
    }

    /** Asks for a round now (an append through this log completed): its listeners hear of it without a tick's wait. */
    void nudge() {
        requests.offer(TopicAwait.NUDGE);
    }

    /** Completes with the topic's partition count once the view has it (and its offsets); fails after the timeout. */
    CompletableFuture<Integer> awaitTopic(String topic) {
        return await(topic, true);
    }

    /** Completes once the view no longer has the topic. */
    CompletableFuture<Integer> awaitGone(String topic) {
        return await(topic, false);
    }

    private CompletableFuture<Integer> await(String topic, boolean present) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        requests.offer(new TopicAwait(topic, present, done,
            System.nanoTime() + config.requestTimeout().toNanos()));
        return done;
    }

    // ---- the watcher thread ----

    private void run() {
        while (running) {
            waitForTick();
            if (running) {
                round(false);
            }
        }
    }

    /** Sleeps until the next tick or a request, and takes every request queued. */
    private void waitForTick() {
        try {
            TopicAwait first = requests.poll(config.pollInterval().toNanos(), TimeUnit.NANOSECONDS);
            List<TopicAwait> taken = new ArrayList<>();
            if (first != null) {
                taken.add(first);
                requests.drainTo(taken);
            }
            for (TopicAwait request : taken) {
                if (request.done() != null) {
                    awaiting.add(request);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void round(boolean startUp) {
        Duration timeout = startUp ? config.requestTimeout() : OFFSETS_TIMEOUT;
        long began = System.nanoTime();
        try {
            long now = System.nanoTime();
            boolean asked = (metadataWanted || !awaiting.isEmpty()) && now - lastMetadataNanos >= MIN_METADATA_GAP_NANOS;
            boolean metadataDue = startUp || now - nextMetadataNanos >= 0 || asked;
            if (metadataDue) {
                metadataWanted = false;
            }
            if (metadataDue) {
                // Kept until told: the view has changed now, so a later round would not find these changes again.
                untold = untold.and(refreshMetadata(timeout, startUp));
                lastMetadataNanos = System.nanoTime();
                nextMetadataNanos = lastMetadataNanos + config.metadataInterval().toNanos();
            }
            List<TopicPartition> moved = refreshEnds(timeout);
            if (!startUp) {
                tell(untold, moved); // after the ends: a listener told of a new topic finds its offsets
            }
            untold = Changes.NONE;
            if (failing) {
                log.info("the cluster at {} answers again", config.bootstrapServers());
                failing = false;
            }
        } catch (WakeupException e) {
            return;
        } catch (RuntimeException e) { // a KafkaException mostly; anything else must not end the thread either
            if (startUp) {
                throw e;
            }
            if (!failing) {
                log.warn("cannot read the cluster's topics and offsets at {} (retrying every {} ms): {}",
                    config.bootstrapServers(), config.pollInterval().toMillis(), e.toString());
                failing = true;
            }
            nextMetadataNanos = System.nanoTime(); // a topic may have gone: read the metadata first next time
        }
        long tookMs = (System.nanoTime() - began) / 1_000_000;
        if (!startUp && tookMs > 1000) {
            log.warn("reading the offsets of {} topics took {} ms: listeners hear of appends that much later", topics.size(), tookMs);
        }
        completeAwaits();
    }

    /** What metadata rounds found: topics that appeared or grew (with their count), topics gone. */
    private record Changes(Map<String, Integer> changed, Set<String> deleted) {
        static final Changes NONE = new Changes(Map.of(), Set.of());

        /** These changes, then {@code later}'s (a topic deleted and created again is told both, in that order). */
        Changes and(Changes later) {
            if (this == NONE) {
                return later;
            }
            Map<String, Integer> allChanged = new HashMap<>(changed);
            allChanged.putAll(later.changed());
            Set<String> allDeleted = new HashSet<>(deleted);
            allDeleted.addAll(later.deleted());
            later.deleted().forEach(allChanged::remove);
            return new Changes(allChanged, allDeleted);
        }
    }

    private Changes refreshMetadata(Duration timeout, boolean startUp) {
        Map<String, List<PartitionInfo>> listed = consumer.listTopics(timeout);
        Map<String, TopicInfo> before = topics;
        Map<String, Integer> counts = new HashMap<>();
        listed.forEach((name, partitions) -> {
            if (!CLUSTER_INTERNAL.contains(name) && partitions != null && !partitions.isEmpty()) {
                counts.put(name, partitions.size());
            }
        });
        Map<String, Integer> changed = new HashMap<>();
        counts.forEach((name, count) -> {
            TopicInfo old = before.get(name);
            if (old == null || old.partitionCount() != count) {
                changed.put(name, count);
            }
        });
        Set<String> deleted = new HashSet<>(before.keySet());
        deleted.removeAll(counts.keySet());
        boolean allConfigs = startUp || ++metadataRounds % CONFIGS_EVERY_ROUNDS == 0;
        Map<String, Map<String, String>> overrides = overrides(allConfigs ? counts.keySet() : changed.keySet(),
            timeout);
        Map<String, TopicInfo> next = new HashMap<>();
        counts.forEach((name, count) -> {
            Map<String, String> configs = overrides.get(name);
            if (configs == null) {
                TopicInfo old = before.get(name);
                configs = old == null ? Map.of() : old.configs();
            }
            next.put(name, new TopicInfo(name, count, configs));
        });
        refreshStarts(next, timeout);
        for (String name : deleted) {
            endOffsets.keySet().removeIf(tp -> tp.topic().equals(name));
            startOffsets.keySet().removeIf(tp -> tp.topic().equals(name));
        }
        topics = Map.copyOf(next);
        return new Changes(changed, deleted);
    }

    /** The topics' own config overrides (DescribeConfigs' DYNAMIC_TOPIC_CONFIG entries). */
    private Map<String, Map<String, String>> overrides(Set<String> names, Duration timeout) {
        if (names.isEmpty()) {
            return Map.of();
        }
        List<ConfigResource> resources = new ArrayList<>();
        for (String name : names) {
            resources.add(new ConfigResource(ConfigResource.Type.TOPIC, name));
        }
        Map<String, Map<String, String>> overrides = new HashMap<>();
        Map<ConfigResource, org.apache.kafka.common.KafkaFuture<Config>> described =
            admin.describeConfigs(resources).values();
        long deadline = System.nanoTime() + timeout.toNanos();
        described.forEach((resource, future) -> {
            try {
                Config config = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                Map<String, String> own = new HashMap<>();
                for (ConfigEntry entry : config.entries()) {
                    if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && entry.value() != null) {
                        own.put(entry.name(), entry.value());
                    }
                }
                overrides.put(resource.name(), own);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            } catch (Exception e) {
                // a topic deleted meanwhile, or configs not readable (ACLs): keep what was known
                log.debug("describeConfigs of {}: {}", resource.name(), e.toString());
            }
        });
        return overrides;
    }

    private void refreshStarts(Map<String, TopicInfo> next, Duration timeout) {
        List<TopicPartition> all = partitions(next);
        if (!all.isEmpty()) {
            consumer.beginningOffsets(all, timeout).forEach((tp, start) -> {
                if (start != null) {
                    startOffsets.put(tp, start);
                }
            });
        }
    }

    /** Reads every known partition's last stable offset; returns those that moved forward since the last round. */
    private List<TopicPartition> refreshEnds(Duration timeout) {
        List<TopicPartition> all = partitions(topics);
        if (all.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(all, timeout);
        List<TopicPartition> moved = new ArrayList<>();
        ends.forEach((tp, end) -> {
            if (end == null) {
                return;
            }
            Long old = endOffsets.put(tp, end);
            if (old != null && end > old) {
                moved.add(tp);
            }
        });
        return moved;
    }

    private static List<TopicPartition> partitions(Map<String, TopicInfo> view) {
        List<TopicPartition> all = new ArrayList<>();
        view.forEach((name, topic) -> {
            for (int p = 0; p < topic.partitionCount(); p++) {
                all.add(new TopicPartition(name, p));
            }
        });
        return all;
    }

    private void tell(Changes changes, List<TopicPartition> moved) {
        for (LogListener listener : listeners) {
            try {
                changes.deleted().forEach(listener::onTopicDeleted);
                changes.changed().forEach(listener::onTopicChanged);
                for (TopicPartition tp : moved) {
                    listener.onAppend(tp, endOffsets.getOrDefault(tp, -1L));
                }
            } catch (RuntimeException e) {
                log.warn("a log listener failed: {}", e.toString(), e);
            }
        }
    }

    private void completeAwaits() {
        long now = System.nanoTime();
        Map<String, TopicInfo> view = topics;
        for (Iterator<TopicAwait> it = awaiting.iterator(); it.hasNext(); ) {
            TopicAwait await = it.next();
            TopicInfo topic = view.get(await.topic());
            if (await.present() && topic != null && hasOffsets(topic)) {
                await.done().complete(topic.partitionCount());
                it.remove();
            } else if (!await.present() && topic == null) {
                await.done().complete(0);
                it.remove();
            } else if (now - await.deadlineNanos() > 0) {
                await.done().completeExceptionally(new TimeoutException("topic " + await.topic()
                    + (await.present() ? " did not appear" : " did not go") + " in the cluster's metadata within "
                    + config.requestTimeout().toMillis() + " ms"));
                it.remove();
            }
        }
    }

    private boolean hasOffsets(TopicInfo topic) {
        for (int p = 0; p < topic.partitionCount(); p++) {
            if (!endOffsets.containsKey(new TopicPartition(topic.name(), p))) {
                return false;
            }
        }
        return true;
    }

    /** Stops the thread (a call in progress is woken up) and closes the consumer. */
    @Override
    public void close() {
        running = false;
        requests.offer(TopicAwait.NUDGE);
        consumer.wakeup();
        try {
            thread.join(config.requestTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(1)));
        for (TopicAwait await : awaiting) {
            await.done().completeExceptionally(new KafkaException("the gateway's event log is closed"));
        }
    }
}
