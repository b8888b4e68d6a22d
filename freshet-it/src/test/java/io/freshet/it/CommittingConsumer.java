package io.freshet.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * A group member that consumes a {@link NumberedStream} topic only as far as the test allows it ({@link #allow}),
 * commits synchronously after every poll that returned records, and keeps what a user would look at: the sequence
 * numbers consumed, the last commit the broker acknowledged, the commits it refused, and what OffsetFetch
 * ({@code KafkaConsumer.committed}) answered after each commit attempt. Runs on its own thread until stopped.
 */
final class CommittingConsumer implements Runnable {

    /** What OffsetFetch answered right after a commit attempt, beside the last acknowledged commit at that time. */
    record Sample(boolean commitFailed, Map<Integer, Long> fetched, Map<Integer, Long> lastAcknowledged) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final String topic;
    private final BitSet consumed = new BitSet();
    private final AtomicLong allowance = new AtomicLong();
    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicInteger refusedCommits = new AtomicInteger();
    private final List<Sample> samples = new ArrayList<>();
    private Map<Integer, Long> lastAcknowledged = Map.of();
    private long consumedCount;
    private volatile boolean stopped;

    CommittingConsumer(KafkaConsumer<String, String> consumer, String topic) {
        this.consumer = consumer;
        this.topic = topic;
    }

    /** Lets the member consume this many more records. */
    void allow(long records) {
        allowance.addAndGet(records);
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(topic));
        try {
            while (!stopped) {
                gate();
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    take(records);
                    commit();
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(10));
        }
    }

    /** Pauses the assignment while the allowance is used up; the member keeps polling, so it stays in the group. */
    private void gate() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (consumedCount() >= allowance.get()) {
            consumer.pause(assigned);
        } else {
            consumer.resume(assigned);
        }
    }

    private synchronized void take(ConsumerRecords<String, String> records) {
        for (ConsumerRecord<String, String> record : records) {
            consumed.set(NumberedStream.sequenceOf(record));
            consumedCount++;
        }
    }

    private void commit() {
        Map<Integer, Long> position = new HashMap<>();
        consumer.assignment().forEach(tp -> position.put(tp.partition(), consumer.position(tp)));
        boolean failed = false;
        try {
            consumer.commitSync();
            synchronized (this) {
                lastAcknowledged = Map.copyOf(position);
            }
            commits.incrementAndGet();
        } catch (KafkaException refused) {
            failed = true;
            refusedCommits.incrementAndGet();
        }
        sample(failed);
    }

    private void sample(boolean commitFailed) {
        Map<Integer, Long> fetched = new HashMap<>();
        try {
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : consumer.committed(consumer.assignment()).entrySet()) {
                if (e.getValue() != null) {
                    fetched.put(e.getKey().partition(), e.getValue().offset());
                }
            }
        } catch (KafkaException e) {
            return; // no answer is no claim: only what OffsetFetch did answer is checked
        }
        synchronized (this) {
            samples.add(new Sample(commitFailed, fetched, lastAcknowledged));
        }
    }

    synchronized long consumedCount() {
        return consumedCount;
    }

    synchronized BitSet consumed() {
        return (BitSet) consumed.clone();
    }

    synchronized Map<Integer, Long> lastAcknowledged() {
        return lastAcknowledged;
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    int commits() {
        return commits.get();
    }

    int refusedCommits() {
        return refusedCommits.get();
    }

    void stop() {
        stopped = true;
    }
}
