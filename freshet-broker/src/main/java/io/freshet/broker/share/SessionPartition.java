package io.freshet.broker.share;

import org.apache.kafka.common.Uuid;

/** A partition as share requests name it: by topic id (a re-created topic is another partition). */
public record SessionPartition(Uuid topicId, int partition) {

    @Override
    public String toString() {
        return topicId + "-" + partition;
    }
}
