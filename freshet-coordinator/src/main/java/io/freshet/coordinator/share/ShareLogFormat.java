package io.freshet.coordinator.share;

import io.freshet.coordinator.runtime.StateRecordCodec;
import org.apache.kafka.common.TopicPartition;

/**
 * The share coordinator's internal log, {@code __share_group_state-0}: one kind of record, a share partition's
 * {@link ShareSnapshot}, JSON type name "share-partition" (the on-disk format: never change it).
 */
public final class ShareLogFormat {

    public static final TopicPartition PARTITION = new TopicPartition("__share_group_state", 0);

    private ShareLogFormat() {
    }

    public static StateRecordCodec codec() {
        return new StateRecordCodec().register("share-partition", SharePartitionKey.class, ShareSnapshot.class);
    }
}
