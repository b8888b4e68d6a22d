package io.freshet.storage.log;

import org.apache.kafka.common.TopicPartition;

/** Told after each append becomes visible to readers; used to wake long-poll fetches. */
@FunctionalInterface
public interface AppendListener {

    AppendListener NONE = (tp, hw) -> { };

    /** Called on the appending thread, outside the log's lock: must be cheap and must not block. */
    void onAppend(TopicPartition topicPartition, long highWatermark);

    /**
     * One listener that tells each of {@code listeners} in turn (a store has one listener: the broker gives it the
     * fetch purgatory and the gateways' listeners this way). The set is fixed here, so an append allocates nothing.
     */
    static AppendListener fanOut(AppendListener... listeners) {
        AppendListener[] all = listeners.clone();
        return (tp, highWatermark) -> {
            for (AppendListener listener : all) {
                listener.onAppend(tp, highWatermark);
            }
        };
    }
}
