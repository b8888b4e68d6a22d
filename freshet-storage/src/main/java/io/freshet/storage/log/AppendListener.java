package io.freshet.storage.log;

import org.apache.kafka.common.TopicPartition;

/** Told after each append becomes visible to readers; used to wake long-poll fetches. */
@FunctionalInterface
public interface AppendListener {

    AppendListener NONE = (tp, hw) -> { };

    /** Called on the appending thread, outside the log's lock: must be cheap and must not block. */
    void onAppend(TopicPartition topicPartition, long highWatermark);
}
