package io.freshet.mqtt.delivery;

import io.freshet.mqtt.message.Outcome;
import io.freshet.mqtt.session.ClientLink;
import io.freshet.mqtt.session.SubscriptionRequest;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One session's subscriptions and what is owed to its client: positions in the log, outbound QoS 1/2 PUBLISHes and
 * PUBRELs in flight. Called on the attached link's executor (or, while detached, by whoever holds the session).
 */
public interface SessionDelivery {

    /**
     * Attaches to a new connection: first resends every unacknowledged PUBLISH (DUP set, same packet id) and PUBREL,
     * then serves the subscriptions from their positions.
     */
    void attach(ClientLink link);

    /** The connection is gone: stop sending; positions and in-flight state stay (durably, if persistent). */
    void detach();

    CompletableFuture<List<Outcome>> subscribe(List<SubscriptionRequest> requests, int subscriptionId);

    CompletableFuture<List<Outcome>> unsubscribe(List<String> filters);

    void puback(int packetId);

    void pubrec(int packetId, int reasonCode);

    void pubcomp(int packetId);

    void writable();

    /** The subscriptions as {@code FILTER@QOS} ({@code sensors/+/temp@1}), in the order they were made. */
    default List<String> subscriptions() {
        return List.of();
    }

    /**
     * The session moved to another MQTT listener (a gateway beside this one): stop as {@link #detach} does and leave
     * what this listener took part in for it (shared subscriptions), keeping the stored state for the other.
     */
    default void release() {
        detach();
    }

    /** The session ends (clean start, expiry): drop subscriptions and positions, durably. */
    CompletableFuture<Void> discard();
}
