package io.freshet.it;

import io.freshet.testkit.FreshetProcess;

import java.nio.file.Path;
import java.util.Map;

/**
 * A Freshet broker process with its MQTT and HTTP listeners on fixed ports (MQTT over TCP and over WebSocket), killed
 * with SIGKILL and restarted on its data.
 */
final class MqttBroker implements AutoCloseable {

    private final Path dataDir;
    private final int kafkaPort = FreshetProcess.freePort();
    private final int mqttPort = FreshetProcess.freePort();
    private final int httpPort = FreshetProcess.freePort();
    private FreshetProcess process;

    MqttBroker(Path dataDir) {
        this.dataDir = dataDir;
        start();
    }

    private void start() {
        process = FreshetProcess.start(dataDir, kafkaPort, Map.of("mqtt.listeners", "MQTT://127.0.0.1:" + mqttPort,
                "http.listeners", "HTTP://127.0.0.1:" + httpPort, "num.partitions", "3"));
    }

    String bootstrap() {
        return process.bootstrapServers();
    }

    String mqttUri() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    /** MQTT over WebSocket, through the HTTP listener. */
    String mqttOverWebSocketUri() {
        return "ws://127.0.0.1:" + httpPort + "/mqtt";
    }

    /** SIGKILL, then a start on the same data directory and ports; returns once both listeners answer. */
    void killAndRestart() {
        process.kill();
        start();
    }

    String describe() {
        return "broker log " + process.logFile();
    }

    @Override
    public void close() {
        process.close();
    }
}
