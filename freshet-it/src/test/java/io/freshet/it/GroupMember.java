package io.freshet.it;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A group member as a careful user writes one: poll, process every record, then commit what was processed
 * synchronously; what a failed commit left over is committed again before its partitions are revoked. Every step is
 * reported to a journal ({@link ConsumptionLog} events), flushed before each commit. Runs on its own thread
 * ({@link #start}) or as the body of {@link GroupConsumerMain} in another JVM.
 */
final class GroupMember implements Runnable {

    /** Where a member reports what it did; {@link #flush} makes everything reported so far durable. */
    interface Journal {
        void add(ConsumptionLog.Event event);

        default void flush() {
        }
    }

    private final String name;
    private final Map<String, Object> config;
    private final String topic;
    private final Journal journal;
    private final long processingDelayMs;
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private final Set<Integer> assignment = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failedCommits = new AtomicInteger();
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean stopped;
    private volatile boolean hold;
    private volatile boolean idle;
    private volatile Throwable failure;
    private Thread thread;

    /**
     * @param processingDelayMs time each non-empty poll takes to "process", between writing the records down and
     *                          the commit: a kill then most likely lands after processing and before the commit
     */
    GroupMember(String name, Map<String, Object> config, String topic, Journal journal, long processingDelayMs) {
        this.name = name;
        this.config = Map.copyOf(config);
        this.topic = topic;
        this.journal = journal;
        this.processingDelayMs = processingDelayMs;
    }

    /** A member in this JVM that reports into {@code log}. */
    static GroupMember inLog(String name, Map<String, Object> config, String topic, ConsumptionLog log,
            long processingDelayMs) {
        return new GroupMember(name, config, topic, log::add, processingDelayMs);
    }

    GroupMember start() {
        thread = new Thread(this, "group-member-" + name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(config)) {
            consumer = c;
            c.subscribe(List.of(topic), new Listener());
            while (!stopped) {
                if (hold) {
                    idle = true;
                    Thread.sleep(20);
                    continue;
                }
                idle = false;
                ConsumerRecords<String, String> records = c.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<String, String> r : records) {
                    journal.add(new ConsumptionLog.Event(name, ConsumptionLog.Kind.PROCESSED, r.partition(),
                            r.offset(), r.key(), r.value()));
                    uncommitted.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                journal.flush();
                if (processingDelayMs > 0) {
                    Thread.sleep(processingDelayMs);
                }
                commit(c, uncommitted.keySet());
            }
        } catch (WakeupException | InterruptedException e) {
            // stop() asked for it
        } catch (Throwable t) {
            failure = t;
            System.err.println("group member " + name + " failed: " + t);
            t.printStackTrace();
        } finally {
            journal.flush();
        }
    }

    /** Commits the offsets of {@code partitions} processed so far; a failed commit leaves them to the next try. */
    private void commit(KafkaConsumer<String, String> c, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach(tp -> {
            OffsetAndMetadata om = uncommitted.get(tp);
            if (om != null) {
                offsets.put(tp, om);
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        try {
            c.commitSync(offsets);
        } catch (RebalanceInProgressException e) {
            failedCommits.incrementAndGet();
            return; // committed again when the rebalance revokes the partitions, or after the next poll
        } catch (CommitFailedException e) {
            failedCommits.incrementAndGet();
            offsets.keySet().forEach(uncommitted::remove); // no longer ours: the next owner starts from the last commit
            return;
        }
        offsets.forEach((tp, om) -> {
            journal.add(new ConsumptionLog.Event(name, ConsumptionLog.Kind.COMMITTED, tp.partition(), om.offset(),
                    null, null));
            uncommitted.remove(tp, om);
        });
        journal.flush();
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                commit(consumer, partitions);
            } catch (RuntimeException e) {
                failedCommits.incrementAndGet();
            }
            partitions.forEach(uncommitted::remove);
            report(partitions, ConsumptionLog.Kind.REVOKED, assignment::remove);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(uncommitted::remove);
            report(partitions, ConsumptionLog.Kind.LOST, assignment::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            report(partitions, ConsumptionLog.Kind.ASSIGNED, assignment::add);
        }

        private void report(Collection<TopicPartition> partitions, ConsumptionLog.Kind kind, Consumer<Integer> update) {
            for (TopicPartition tp : partitions) {
                update.accept(tp.partition());
                journal.add(new ConsumptionLog.Event(name, kind, tp.partition(), -1, null, null));
            }
            journal.flush();
        }
    }

    /** Stops polling after the current poll and its commit; the member stays in the group (heartbeats go on). */
    void hold() {
        hold = true;
    }

    void release() {
        hold = false;
    }

    boolean isIdle() {
        return hold && idle;
    }

    Set<Integer> assignment() {
        return Set.copyOf(assignment);
    }

    int failedCommits() {
        return failedCommits.get();
    }

    Throwable failure() {
        return failure;
    }

    String name() {
        return name;
    }

    /** Leaves the group (the consumer closes) and waits for the thread. */
    void stop() throws InterruptedException {
        stopped = true;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(30_000);
        }
    }

    static void stopAll(List<GroupMember> members) throws InterruptedException {
        for (GroupMember m : members) {
            m.stopped = true;
        }
        for (GroupMember m : members) {
            m.stop();
        }
    }
}
