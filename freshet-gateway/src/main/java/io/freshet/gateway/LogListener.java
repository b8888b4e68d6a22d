package io.freshet.gateway;

import org.apache.kafka.common.TopicPartition;

/**
 * Told of changes to the log. Called on the thread that made the change (an event loop appending, the topic
 * controller): must be cheap and must not block; hand work to your own thread.
 */
public interface LogListener {

    /** Records were appended to {@code partition}; committed records may now be readable up to {@code endOffset}. */
    default void onAppend(TopicPartition partition, long endOffset) {
    }

    /** {@code topic} was created, or grew to {@code partitions} partitions. */
    default void onTopicChanged(String topic, int partitions) {
    }

    /** {@code topic} was deleted. */
    default void onTopicDeleted(String topic) {
    }
}
