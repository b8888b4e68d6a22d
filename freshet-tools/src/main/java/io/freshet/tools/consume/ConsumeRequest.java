package io.freshet.tools.consume;

import java.util.Optional;
import java.util.Properties;

/**
 * What {@code freshet consume} was asked to do.
 *
 * @param start     where to start; with a group, only for partitions without a committed offset
 * @param partition only this partition; empty: all of the topic's
 * @param count     stop after this many records; empty: no limit
 * @param group     subscribe (or, with a partition, assign) as this group and commit what was printed
 * @param exitAtEnd stop at the end of every partition (as it was when reading began there) instead of following
 */
record ConsumeRequest(Properties consumerConfig, String topic, StartOffset start, Optional<Integer> partition,
        Optional<Long> count, Optional<String> group, boolean exitAtEnd, RecordFormat format) {
}
