package io.freshet.coordinator.share;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A share partition's durable state, written whole on every change that a client depends on (the latest record per
 * key is the state, as Kafka's ShareSnapshot): the start offset and every range from it that is not plainly
 * available, that is acknowledged, archived, delivered before, or waiting for a time. Acquired records are written
 * as AVAILABLE with their delivery count: locks are not durable.
 *
 * @param startOffset the share-partition start offset (SPSO): every record before it is done
 * @param ranges      in offset order, at or after the start offset
 * @param deadLetters archived ranges whose dead letters are not written yet (Kafka's ARCHIVING), in archive order;
 *                    absent when none (so snapshots without them keep their JSON, and older ones read as none).
 *                    They may lie before the start offset: they do not hold it back. Added after the first version.
 */
record ShareSnapshot(@JsonProperty("start") long startOffset, @JsonProperty("ranges") List<Range> ranges,
                     @JsonProperty("dead") @JsonInclude(JsonInclude.Include.NON_EMPTY)
                     List<PendingDeadLetter> deadLetters) {

    @JsonCreator
    ShareSnapshot {
        ranges = ranges == null ? List.of() : List.copyOf(ranges);
        deadLetters = deadLetters == null ? List.of() : List.copyOf(deadLetters);
    }

    ShareSnapshot(long startOffset, List<Range> ranges) {
        this(startOffset, ranges, List.of());
    }

    /** An archived range handed to {@link DeadLetters} and not yet reported written. */
    record PendingDeadLetter(@JsonProperty("first") long first, @JsonProperty("last") long last,
                             @JsonProperty("count") short deliveryCount,
                             @JsonProperty("reason") DeadLetters.Reason reason) {
    }

    /**
     * @param state         {@link RecordState} code: 0 available, 2 acknowledged, 4 archived
     * @param availableAtMs for available records: not delivered before this epoch millisecond (0: at once)
     */
    record Range(@JsonProperty("first") long first, @JsonProperty("last") long last,
                 @JsonProperty("state") byte state, @JsonProperty("count") short deliveryCount,
                 @JsonProperty("at") long availableAtMs) {
    }

    /** Records at or after the start offset that are acknowledged or archived. */
    long doneRecords() {
        long done = 0;
        for (Range r : ranges) {
            if (RecordState.of(r.state()).isTerminal()) {
                done += r.last() - r.first() + 1;
            }
        }
        return done;
    }

    /** Where the window ends after a load: past the last range written, or at the start. */
    long endOffset() {
        return ranges.isEmpty() ? startOffset : Math.max(startOffset, ranges.get(ranges.size() - 1).last() + 1);
    }
}
