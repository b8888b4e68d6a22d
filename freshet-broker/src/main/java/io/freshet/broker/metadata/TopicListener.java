package io.freshet.broker.metadata;

/**
 * Told of topic changes by the {@link TopicController}, on its thread, after the new {@link TopicsImage} is
 * published (so {@link TopicController#image()} already shows the change). Must be quick: topic changes wait.
 */
public interface TopicListener {

    /** {@code topic} was created, or grew to {@link TopicMetadata#partitionCount()} partitions. */
    default void onTopicChanged(TopicMetadata topic) {
    }

    /** The topic named {@code name} was deleted. */
    default void onTopicDeleted(String name) {
    }
}
