package io.freshet.parallel;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread: the only thread that touches the {@link Consumer}. It polls and hands the records to the
 * {@link Dispatcher}, pauses every assigned partition while the buffer has no room for another poll, commits the
 * watermarks asynchronously every commit interval, and on revoke stops the partitions' records, waits for those
 * running, commits synchronously and forgets them. On stop (close or a failure) it does the same for every partition
 * and closes the consumer.
 */
final class PollLoop<K, V> implements Runnable, ConsumerRebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
    /** Paused, the loop polls only to stay in the group and to notice room again: soon, but not busily. */
    private static final Duration PAUSED_POLL = Duration.ofMillis(5);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Consumer<K, V> consumer;
    private final Collection<String> topics;
    private final Dispatcher<K, V> dispatcher;
    private final Settings settings;
    private final Time time;
    private final AtomicInteger pausedCount = new AtomicInteger();
    private volatile boolean closing;
    private volatile long closeTimeoutMs;
    private volatile Exception loopFailure;
    private boolean paused;
    private long nextCommitMs;

    /** What the loop needs to know of the builder's settings. */
    record Settings(int maxPollRecords, int maxBufferedRecords, long maxBufferedBytes, long commitIntervalMs,
                    long revokeTimeoutMs, long closeTimeoutMs) {
    }

    PollLoop(Consumer<K, V> consumer, Collection<String> topics, Dispatcher<K, V> dispatcher, Settings settings,
             Time time) {
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.dispatcher = dispatcher;
        this.settings = settings;
        this.time = time;
        this.closeTimeoutMs = settings.closeTimeoutMs();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(topics, this);
            nextCommitMs = time.milliseconds() + settings.commitIntervalMs();
            while (!closing && dispatcher.failure() == null) {
                applyBackpressure();
                ConsumerRecords<K, V> records = consumer.poll(paused ? PAUSED_POLL : POLL);
                for (ConsumerRecord<K, V> record : records) {
                    dispatcher.add(record);
                }
                if (time.milliseconds() >= nextCommitMs) {
                    commitAsync();
                    nextCommitMs = time.milliseconds() + settings.commitIntervalMs();
                }
            }
        } catch (Exception e) {
            LOG.error("the poll loop failed; stopping", e);
            loopFailure = e;
        } finally {
            shutDown();
        }
    }

    /** Asks the loop to stop; it waits up to the timeout for the running records, commits, closes the consumer. */
    void requestClose(long timeoutMs) {
        closeTimeoutMs = timeoutMs;
        closing = true;
    }

    Exception loopFailure() {
        return loopFailure;
    }

    int pausedPartitions() {
        return pausedCount.get();
    }

    /**
     * Pauses every assigned partition while one more poll (max.poll.records) could take the buffer past its record
     * bound, or the bytes are at their bound; resumes them once there is room. Kept paused, a partition still counts
     * as assigned and the consumer still polls, so the member stays in the group.
     */
    private void applyBackpressure() {
        boolean full = dispatcher.bufferedRecords() + settings.maxPollRecords() > settings.maxBufferedRecords()
                || dispatcher.bufferedBytes() >= settings.maxBufferedBytes();
        if (full) {
            consumer.pause(consumer.assignment()); // again each time: it covers partitions assigned since
            paused = true;
        } else if (paused) {
            consumer.resume(consumer.paused());
            paused = false;
        }
        pausedCount.set(paused ? consumer.paused().size() : 0);
    }

    private void commitAsync() {
        Map<TopicPartition, Long> marks = dispatcher.uncommitted();
        if (marks.isEmpty()) {
            return;
        }
        consumer.commitAsync(toOffsets(marks), (offsets, error) -> {
            if (error == null) {
                dispatcher.committed(marks);
            } else {
                LOG.debug("asynchronous commit of {} failed; the next one retries: {}", marks, error.toString());
            }
        });
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (paused && !partitions.isEmpty()) {
            consumer.pause(partitions); // before their first fetch: a full buffer takes nothing more
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        try {
            Map<TopicPartition, Long> marks = dispatcher.close(partitions, settings.revokeTimeoutMs());
            commitSync(marks, "revoke");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Another member may own them already: drop their records, commit nothing. */
    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        try {
            dispatcher.close(partitions, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void commitSync(Map<TopicPartition, Long> marks, String why) {
        if (marks.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(toOffsets(marks));
            LOG.debug("committed {} on {}", marks, why);
        } catch (RuntimeException e) {
            // The group moved on (a fenced or expired member): the next owner starts at the last commit.
            LOG.warn("commit of {} on {} failed: {}", marks, why, e.toString());
        }
    }

    private void shutDown() {
        dispatcher.stop();
        try {
            Map<TopicPartition, Long> marks = dispatcher.close(dispatcher.partitions(), closeTimeoutMs);
            commitSync(marks, "close");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                consumer.close(Duration.ofMillis(closeTimeoutMs));
            } catch (RuntimeException e) {
                LOG.warn("closing the consumer failed: {}", e.toString());
            }
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> toOffsets(Map<TopicPartition, Long> marks) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        marks.forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset)));
        return offsets;
    }
}
