package io.freshet.mqtt.delivery;

import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.retained.RetainedMessages;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The retained messages a session owes its new subscriptions (Retain Handling 0, or 1 for a filter not subscribed
 * before): looked up once the SUBACK is answered, sent before anything else, through the session's
 * {@link OutboundWindow}. Owned by the session's thread.
 */
final class RetainedOnSubscribe {

    private record Owed(Message message, Subscription subscription) {
    }

    private final RetainedMessages retained;
    private final OutboundWindow window;
    private final ArrayDeque<Owed> queue = new ArrayDeque<>();

    RetainedOnSubscribe(RetainedMessages retained, OutboundWindow window) {
        this.retained = retained;
        this.window = window;
    }

    /** Queues the retained messages of each of {@code wanted} that is still subscribed as it was. */
    void add(List<Subscription> wanted, SubscriptionSet current) {
        for (Subscription s : wanted) {
            if (current.get(s.key()) != s) {
                continue; // replaced or gone meanwhile
            }
            for (Message message : retained.matching(s.filter())) {
                queue.addLast(new Owed(message, s));
            }
        }
    }

    /** Sends what the window takes; returns true if some must wait (window full, socket not writable). */
    boolean send(int protocolVersion) {
        while (!queue.isEmpty()) {
            if (!offer(queue.peekFirst(), protocolVersion)) {
                return true;
            }
            queue.pollFirst();
        }
        return false;
    }

    void clear() {
        queue.clear();
    }

    private boolean offer(Owed owed, int protocolVersion) {
        Subscription s = owed.subscription();
        int qos = Math.min(owed.message().qos(), s.qos());
        if (!window.canSend(qos)) {
            return false;
        }
        // sent because of a new subscription: the retain flag stays set (MQTT 5 3.3.1.3)
        Message out = owed.message().withQos(qos).withRetain(true);
        List<Integer> ids = protocolVersion >= 5 && s.subscriptionId() != 0
            ? List.of(s.subscriptionId()) : List.of();
        if (qos == 0) {
            window.sendAtMostOnce(out, ids);
        } else {
            window.sendRetained(out, ids);
        }
        return true;
    }
}
