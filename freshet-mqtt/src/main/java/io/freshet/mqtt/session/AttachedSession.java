package io.freshet.mqtt.session;

import io.freshet.mqtt.delivery.SessionDelivery;
import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.Outcome;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A session as one connection holds it. After a takeover the session belongs to another connection: this handle
 * then does nothing (the old connection is being closed anyway), so a late call from the old connection cannot
 * touch the new one's state.
 */
final class AttachedSession implements SessionHandle {

    final ClientLink link;
    private final Session session;
    private final boolean present;

    AttachedSession(Session session, ClientLink link, boolean present) {
        this.session = session;
        this.link = link;
        this.present = present;
    }

    @Override
    public boolean sessionPresent() {
        return present;
    }

    @Override
    public CompletableFuture<Outcome> publish(Message message, int packetId) {
        return session.onOwner(() -> session.publish(this, message, packetId));
    }

    @Override
    public CompletableFuture<Outcome> pubrel(int packetId) {
        return session.onOwner(() -> session.pubrel(this, packetId));
    }

    @Override
    public void puback(int packetId) {
        withDelivery(delivery -> delivery.puback(packetId));
    }

    @Override
    public void pubrec(int packetId, int reasonCode) {
        withDelivery(delivery -> delivery.pubrec(packetId, reasonCode));
    }

    @Override
    public void pubcomp(int packetId) {
        withDelivery(delivery -> delivery.pubcomp(packetId));
    }

    @Override
    public CompletableFuture<List<Outcome>> subscribe(List<SubscriptionRequest> requests, int subscriptionId) {
        return session.onOwner(() -> session.delivery(this)
            .map(delivery -> delivery.subscribe(requests, subscriptionId))
            .orElseGet(AttachedSession::moved));
    }

    @Override
    public CompletableFuture<List<Outcome>> unsubscribe(List<String> filters) {
        return session.onOwner(() -> session.delivery(this)
            .map(delivery -> delivery.unsubscribe(filters))
            .orElseGet(AttachedSession::moved));
    }

    @Override
    public void writable() {
        withDelivery(SessionDelivery::writable);
    }

    @Override
    public void disconnected(DisconnectKind kind, long sessionExpirySeconds) {
        session.execute(() -> session.disconnected(this, kind, sessionExpirySeconds));
    }

    private void withDelivery(Consumer<SessionDelivery> action) {
        session.execute(() -> session.delivery(this).ifPresent(action));
    }

    private static <T> CompletableFuture<T> moved() {
        return CompletableFuture.failedFuture(new IllegalStateException("the session has another connection"));
    }
}
