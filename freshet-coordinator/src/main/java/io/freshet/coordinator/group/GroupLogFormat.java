package io.freshet.coordinator.group;

import io.freshet.coordinator.group.offsets.OffsetKey;
import io.freshet.coordinator.group.offsets.OffsetValue;
import io.freshet.coordinator.group.offsets.PendingOffsetsKey;
import io.freshet.coordinator.group.offsets.PendingOffsetsValue;
import io.freshet.coordinator.runtime.StateRecordCodec;
import org.apache.kafka.common.TopicPartition;

/**
 * The group coordinator's internal log, {@code __consumer_offsets-0}: the kinds of record it holds and their JSON
 * type names. The names are the on-disk format of every existing data directory: never change them.
 */
public final class GroupLogFormat {

    /** The group coordinator's partition. */
    public static final TopicPartition PARTITION = new TopicPartition("__consumer_offsets", 0);

    private GroupLogFormat() {
    }

    public static StateRecordCodec codec() {
        return new StateRecordCodec()
            .register("offset", OffsetKey.class, OffsetValue.class)
            .register("group", GroupKey.class, GroupValue.class)
            .register("pending-offsets", PendingOffsetsKey.class, PendingOffsetsValue.class);
    }
}
