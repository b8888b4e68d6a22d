package io.freshet.mqtt.delivery;

import java.util.List;

/**
 * What a message's matching subscriptions of one session add up to (MQTT 5 3.3.4: delivered once, with the highest
 * granted QoS and every matching subscription's identifier). {@code retainAsPublished}: some matching subscription
 * keeps the retain flag as published.
 */
record Match(int qos, boolean retainAsPublished, List<Integer> subscriptionIds) {
}
