package io.freshet.coordinator.share;

import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Where a share group starts on a partition it has no state for: share.auto.offset.reset. */
final class StartOffset {

    private static final String BY_DURATION = "by_duration:";

    private StartOffset() {
    }

    /**
     * "earliest": the log start; "by_duration:PnDTnHnMn.nS": the first record at most that old; anything else
     * ("latest", the default): the log end at this moment, so only records produced from now on are delivered.
     */
    static long reset(String strategy, ShareLogReader reader, TopicPartition partition, long nowMs) {
        if ("earliest".equalsIgnoreCase(strategy)) {
            return reader.logStartOffset(partition);
        }
        if (strategy != null && strategy.regionMatches(true, 0, BY_DURATION, 0, BY_DURATION.length())) {
            try {
                Duration age = Duration.parse(strategy.substring(BY_DURATION.length()).trim());
                return Math.max(reader.logStartOffset(partition),
                    reader.offsetForTimestamp(partition, nowMs - age.toMillis()));
            } catch (DateTimeParseException e) {
                return reader.logEndOffset(partition);
            }
        }
        return reader.logEndOffset(partition);
    }
}
