package io.freshet.coordinator;

import java.util.OptionalInt;
import java.util.SortedMap;

/** What the coordinator needs to know of the broker's topics. Implementations are thread-safe. */
public interface TopicView {

    /** The partition count of a topic, empty when it does not exist. */
    OptionalInt partitionCount(String topic);

    /** Every topic and its partition count (regex subscriptions of KIP-848 members). */
    SortedMap<String, Integer> allTopics();
}
