package io.freshet.mqtt;

import io.freshet.mqtt.delivery.Deliveries;
import io.freshet.mqtt.delivery.SessionDelivery;
import io.freshet.mqtt.message.Outcome;
import io.freshet.mqtt.session.ClientLink;
import io.freshet.mqtt.session.SubscriptionRequest;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Stands in for the delivery layer in inbound-only tests until DeliveryService is on main: grants, delivers nothing. */
final class TestDeliveries implements Deliveries {

    @Override
    public SessionDelivery open(String clientId, boolean persistent) {
        return new SessionDelivery() {
            @Override
            public void attach(ClientLink link) {
            }

            @Override
            public void detach() {
            }

            @Override
            public CompletableFuture<List<Outcome>> subscribe(List<SubscriptionRequest> requests, int id) {
                return CompletableFuture.completedFuture(requests.stream().map(r -> Outcome.granted(r.qos())).toList());
            }

            @Override
            public CompletableFuture<List<Outcome>> unsubscribe(List<String> filters) {
                return CompletableFuture.completedFuture(filters.stream().map(f -> Outcome.SUCCESS).toList());
            }

            @Override
            public void puback(int packetId) {
            }

            @Override
            public void pubrec(int packetId, int reasonCode) {
            }

            @Override
            public void pubcomp(int packetId) {
            }

            @Override
            public void writable() {
            }

            @Override
            public CompletableFuture<Void> discard() {
                return CompletableFuture.completedFuture(null);
            }
        };
    }
}
