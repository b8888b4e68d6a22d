package io.freshet.parallel;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;

import org.apache.kafka.common.TopicPartition;

/**
 * One assigned partition's completion watermark: the offsets polled and not yet done. What may be committed is the
 * lowest of them (every record before it is done), or, with none left, the offset after the last record polled.
 * Records handed out but dropped (revoke, close) stay not done, so a commit never passes them. It also holds the
 * partition's key queues, so that a revoke finds them. Guarded by the {@link Dispatcher}'s lock.
 */
final class PartitionProgress<K, V> {

    final TopicPartition partition;
    /** Key queues of this partition with records queued or running; a queue leaves when it has neither. */
    final Map<Object, KeyQueue<K, V>> keys = new HashMap<>();
    private final TreeSet<Long> notDone = new TreeSet<>();
    private long next = -1;
    private long committed = -1;
    /** Set on revoke or close: its records are no longer handed out. */
    boolean closed;

    PartitionProgress(TopicPartition partition) {
        this.partition = partition;
    }

    void polled(long offset) {
        notDone.add(offset);
        next = Math.max(next, offset + 1);
    }

    void done(long offset) {
        notDone.remove(offset);
    }

    /** The offset to commit: every record below it is done. Empty before the first record. */
    OptionalLong watermark() {
        if (next < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(notDone.isEmpty() ? next : notDone.first());
    }

    /** The watermark if it is past what the broker acknowledged. */
    OptionalLong uncommitted() {
        OptionalLong mark = watermark();
        return mark.isPresent() && mark.getAsLong() > committed ? mark : OptionalLong.empty();
    }

    void committed(long offset) {
        committed = Math.max(committed, offset);
    }
}
