package io.freshet.http.console;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /console/api/mqtt/clients}: the MQTT listener's sessions, connected or kept for a client that is away,
 * sorted by client id. The snapshot may wait a moment for the listener's threads, so it is taken on a console lane;
 * {@code enabled: false} when there is no MQTT listener.
 */
final class MqttClientsView {

    /** {@code remoteAddress} is null when the client is not connected. */
    record ClientView(String clientId, boolean connected, String protocol, String remoteAddress,
                      List<String> subscriptions) {
    }

    record Clients(boolean enabled, List<ClientView> clients) {
    }

    private final ConsoleClients clients;
    private final Optional<MqttClients> mqtt;

    MqttClientsView(ConsoleClients clients, Optional<MqttClients> mqtt) {
        this.clients = clients;
        this.mqtt = mqtt;
    }

    CompletableFuture<Clients> list() {
        if (mqtt.isEmpty()) {
            return CompletableFuture.completedFuture(new Clients(false, List.of()));
        }
        return clients.offLoop(() -> new Clients(true, mqtt.get().list().stream()
            .sorted(Comparator.comparing(MqttClients.MqttClientView::clientId))
            .map(c -> new ClientView(c.clientId(), c.connected(), c.protocol(),
                c.remoteAddress() == null || c.remoteAddress().isEmpty() ? null : c.remoteAddress(),
                c.subscriptions()))
            .toList()));
    }
}
