package io.freshet.tools.groups;

import io.freshet.tools.cli.CommandFailedException;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Computes one partition's new committed offset for a {@link ResetTarget}. Like Kafka, every target ends within
 * [log start offset, log end offset]: a committed offset outside the log would only make the consumer fall back
 * to {@code auto.offset.reset}.
 */
final class OffsetResetPlanner {

    /**
     * What the broker says about one partition. {@code committed} is empty when the group has no offset for it;
     * {@code offsetAtTime} is the answer of ListOffsets for a timestamp, empty when no record is that recent.
     */
    record PartitionOffsets(long logStart, long logEnd, OptionalLong committed, OptionalLong offsetAtTime) {
    }

    /** The new offset, and a warning when the wanted one lay outside the log and was moved into it. */
    record Planned(long offset, Optional<String> warning) {
    }

    private OffsetResetPlanner() {
    }

    /** Throws {@link CommandFailedException} for {@code --shift-by} on a partition without a committed offset. */
    static Planned plan(String partitionName, ResetTarget target, PartitionOffsets offsets) {
        long wanted;
        // Java 17: no pattern matching in switch yet.
        if (target instanceof ResetTarget.Earliest) {
            wanted = offsets.logStart();
        } else if (target instanceof ResetTarget.Latest) {
            wanted = offsets.logEnd();
        } else if (target instanceof ResetTarget.ToOffset toOffset) {
            wanted = toOffset.offset();
        } else if (target instanceof ResetTarget.ToDatetime) {
            wanted = offsets.offsetAtTime().orElse(offsets.logEnd());
        } else {
            wanted = shifted(partitionName, ((ResetTarget.ShiftBy) target).delta(), offsets.committed());
        }
        return clamp(partitionName, wanted, offsets.logStart(), offsets.logEnd());
    }

    static Planned clamp(String partitionName, long wanted, long logStart, long logEnd) {
        if (wanted < logStart) {
            return new Planned(logStart, Optional.of("New offset " + wanted + " of " + partitionName
                    + " is below the log start offset " + logStart + "; using " + logStart + "."));
        }
        if (wanted > logEnd) {
            return new Planned(logEnd, Optional.of("New offset " + wanted + " of " + partitionName
                    + " is above the log end offset " + logEnd + "; using " + logEnd + "."));
        }
        return new Planned(wanted, Optional.empty());
    }

    private static long shifted(String partitionName, long delta, OptionalLong committed) {
        if (committed.isEmpty()) {
            throw new CommandFailedException("Cannot shift the offset of " + partitionName
                    + ": the group has no committed offset for it (use --to-earliest, --to-latest or --to-offset)");
        }
        long base = committed.getAsLong();
        // Saturate instead of overflowing: the clamp then moves it into the log.
        long sum = base + delta;
        if (((base ^ sum) & (delta ^ sum)) < 0) {
            return delta > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return sum;
    }
}
