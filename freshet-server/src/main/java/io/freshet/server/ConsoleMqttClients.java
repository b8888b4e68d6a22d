package io.freshet.server;

import io.freshet.http.console.MqttClients;
import io.freshet.mqtt.MqttServer;
import io.freshet.mqtt.session.SessionSnapshot;

import java.util.List;
import java.util.Optional;

/**
 * The MQTT listener's sessions as the web console lists them: freshet-http declares what it shows
 * ({@link MqttClients}), freshet-mqtt what it holds ({@link SessionSnapshot}); neither module sees the other, so the
 * server, which sees both, translates. {@link #list()} waits for the MQTT event loops (up to
 * {@value #SNAPSHOT_TIMEOUT_MS} ms): the console calls it off its own event loops.
 */
final class ConsoleMqttClients implements MqttClients {

    static final long SNAPSHOT_TIMEOUT_MS = 2_000;

    private final MqttServer mqtt;
    private final String address;

    ConsoleMqttClients(MqttServer mqtt, String host) {
        this.mqtt = mqtt;
        this.address = host + ":" + mqtt.boundPort();
    }

    @Override
    public List<MqttClientView> list() {
        return mqtt.sessionSnapshots(SNAPSHOT_TIMEOUT_MS).stream()
            .map(s -> new MqttClientView(s.clientId(), s.connected(), protocol(s.protocolVersion()),
                s.remoteAddress(), s.subscriptions()))
            .toList();
    }

    @Override
    public Optional<String> listenerAddress() {
        return Optional.of(address);
    }

    private static String protocol(int version) {
        return switch (version) {
            case 4 -> "3.1.1";
            case 5 -> "5";
            case 3 -> "3.1";
            default -> "unknown";
        };
    }
}
