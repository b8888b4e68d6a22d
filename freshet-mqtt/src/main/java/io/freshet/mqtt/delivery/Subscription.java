package io.freshet.mqtt.delivery;

import io.freshet.mqtt.message.TopicFilter;
import io.freshet.mqtt.session.SubscriptionRequest;

/**
 * One granted subscription of a session: its filter (possibly {@code $share/GROUP/filter}), granted QoS, MQTT 5
 * options and Subscription Identifier (0: none).
 */
record Subscription(TopicFilter filter, int qos, boolean noLocal, boolean retainAsPublished, int retainHandling,
                    int subscriptionId) {

    static Subscription granted(TopicFilter filter, SubscriptionRequest request, int subscriptionId) {
        return new Subscription(filter, Math.min(request.qos(), 2), request.noLocal(), request.retainAsPublished(),
            request.retainHandling(), subscriptionId);
    }

    /** The key under which a session keeps it: a SUBSCRIBE with the same filter replaces it (MQTT 5 3.8.4). */
    String key() {
        return filter.toString();
    }

    boolean isShared() {
        return filter.isShared();
    }
}
