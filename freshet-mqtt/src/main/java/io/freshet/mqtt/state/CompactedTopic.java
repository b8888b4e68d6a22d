package io.freshet.mqtt.state;

import io.freshet.gateway.EventLog;
import io.freshet.gateway.LogRecord;
import io.freshet.gateway.ReadResult;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The MQTT listener's own state topics ({@code __mqtt_sessions}, {@code __mqtt_retained}): one partition, compacted
 * (the log keeps the last record of each key; a null value deletes the key), read whole at start-up and then
 * followed for other writers' records ({@link StateFollower}). One partition so that the order of the writes is the
 * order of the log; the state is small enough for that.
 */
public final class CompactedTopic {

    /** How much one read at start-up asks for. */
    static final int READ_BYTES = 1024 * 1024;

    private CompactedTopic() {
    }

    /** A loaded state topic: its partition, and the end offset the load read to (where following starts). */
    public record Loaded(TopicPartition partition, long end) {
    }

    /**
     * Creates {@code topic} if it does not exist, then hands every record of partition 0, from the log start to the
     * end it has now, to {@code onRecord}, in offset order (on the threads the reads complete on, one at a time).
     * Completes with the partition and that end when done; fails if the topic has more than one partition.
     */
    public static CompletableFuture<Loaded> load(EventLog log, String topic, Consumer<LogRecord> onRecord) {
        TopicPartition partition = new TopicPartition(topic, 0);
        return log.createTopic(topic, 1, Map.of("cleanup.policy", "compact")).thenCompose(partitions -> {
            if (partitions != 1) {
                throw new IllegalStateException(topic + " must have 1 partition, it has " + partitions);
            }
            long end = log.endOffset(partition);
            return readFrom(log, partition, log.startOffset(partition), end, onRecord)
                .thenApply(done -> new Loaded(partition, end));
        });
    }

    private static CompletableFuture<Void> readFrom(EventLog log, TopicPartition partition, long offset, long end,
                                                    Consumer<LogRecord> onRecord) {
        if (offset >= end) {
            return CompletableFuture.completedFuture(null);
        }
        return log.read(partition, offset, READ_BYTES).thenCompose((ReadResult read) -> {
            read.records().forEach(onRecord);
            if (read.nextOffset() <= offset) {
                throw new IllegalStateException(partition + ": no progress reading at offset " + offset + " of " + end);
            }
            return readFrom(log, partition, read.nextOffset(), end, onRecord);
        });
    }
}
