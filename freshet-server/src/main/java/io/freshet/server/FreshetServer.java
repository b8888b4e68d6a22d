package io.freshet.server;

import io.freshet.broker.BrokerConfig;
import io.freshet.broker.FreshetBroker;
import io.freshet.mqtt.MqttConfig;
import io.freshet.mqtt.MqttServer;
import java.util.Map;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Freshet: the broker (storage, Kafka listener) and, unless {@code mqtt.listeners} says -1, the MQTT
 * listener on the broker's log. Both {@code freshet server} and the testkit's {@code EmbeddedFreshet} run this, so
 * the order lives in one place:
 *
 * <pre>
 *   start: FreshetBroker.start -> MQTT listener on broker.eventLog() (it needs the log; a failure closes the broker)
 *   close: MQTT listener (clients get DISCONNECT, sessions stay in their topic) -> FreshetBroker.close
 * </pre>
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread (a shutdown hook), once or more.
 */
public final class FreshetServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FreshetServer.class);

    private final FreshetBroker broker;
    private final MqttConfig mqttConfig;
    private final MqttServer mqtt;
    private boolean closed;

    /**
     * The configuration of both listeners, validated once.
     *
     * @param broker the broker's keys ({@link BrokerConfig})
     * @param mqtt   the {@code mqtt.*} keys ({@link MqttConfig})
     */
    public record Config(BrokerConfig broker, MqttConfig mqtt) {

        /**
         * @throws IllegalArgumentException or a Kafka {@code ConfigException}, naming the key, on a bad value
         */
        public static Config fromProperties(Map<String, String> properties) {
            return new Config(BrokerConfig.fromProperties(properties), MqttConfig.fromProperties(properties));
        }
    }

    private FreshetServer(FreshetBroker broker, MqttConfig mqttConfig, MqttServer mqtt) {
        this.broker = broker;
        this.mqttConfig = mqttConfig;
        this.mqtt = mqtt;
    }

    /** Starts the broker, then the MQTT listener; returns once both accept connections. */
    public static FreshetServer start(Config config) {
        FreshetBroker broker = FreshetBroker.start(config.broker());
        try {
            MqttServer mqtt = config.mqtt().enabled() ? MqttServer.start(config.mqtt(), broker.eventLog()) : null;
            return new FreshetServer(broker, config.mqtt(), mqtt);
        } catch (RuntimeException e) {
            try {
                broker.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    public FreshetBroker broker() {
        return broker;
    }

    /** The Kafka listener's port (the configured one, or the one picked for port 0). */
    public int kafkaPort() {
        return broker.boundPort();
    }

    /** The MQTT listener's port (the configured one, or the one picked for port 0); empty when there is none. */
    public OptionalInt mqttPort() {
        return mqtt == null ? OptionalInt.empty() : OptionalInt.of(mqtt.boundPort());
    }

    /** The address the MQTT listener is bound to ({@code mqtt.listeners}' host). */
    public String mqttHost() {
        return mqttConfig.host();
    }

    /** For the start-up line: {@code "MQTT on 127.0.0.1:1883"}, or {@code "MQTT off"}. */
    public String mqttDescription() {
        OptionalInt port = mqttPort();
        return port.isPresent() ? "MQTT on " + mqttHost() + ":" + port.getAsInt() : "MQTT off";
    }

    /** Closes the MQTT listener, then the broker (flush, clean-shutdown marker). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (mqtt != null) {
                mqtt.close();
            }
        } finally {
            broker.close();
        }
    }
}
