package io.freshet.testkit;

import io.freshet.broker.FreshetBroker;
import io.freshet.server.FreshetServer;
import io.freshet.server.ServerProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Freshet broker inside the test's JVM, on 127.0.0.1 and a free port, with its MQTT and HTTP listeners on other
 * free ports ({@link #mqttUri()}, {@link #httpUri()}), and its data in a temporary directory unless given one. It
 * starts in a fraction of a second; {@link #restart()} stops it cleanly and starts it again on the same directory and
 * the same ports, so clients keep their bootstrap address and MQTT and HTTP clients reconnect where they were.
 * {@code listeners}, {@code mqtt.listeners} or {@code http.listeners} in the properties choose the ports instead
 * ({@code mqtt.listeners=MQTT://127.0.0.1:-1}: no MQTT listener).
 *
 * <pre>{@code
 * try (EmbeddedFreshet freshet = EmbeddedFreshet.start()) {
 *     Properties props = new Properties();
 *     props.put("bootstrap.servers", freshet.bootstrapServers());
 *     ...
 * }
 * }</pre>
 *
 * A temporary directory is deleted on {@link #close()} unless {@link #keepDataDir()} was called (as
 * {@link FreshetExtension} does when a test fails) or the system property {@value #KEEP_DATA_PROPERTY} is true.
 * A directory the caller passed in is never deleted. Not thread-safe: one test thread drives it.
 */
public final class EmbeddedFreshet implements AutoCloseable {
    public static final String KEEP_DATA_PROPERTY = "freshet.keepData";

    private final Path dataDir;
    private final Map<String, String> properties;
    private final boolean temporary;
    private boolean keepDataDir = Boolean.getBoolean(KEEP_DATA_PROPERTY);
    private FreshetServer server;
    private int port;
    /** The MQTT port the next start asks for: null keeps mqtt.listeners as configured, 0 a free one. */
    private Integer mqttRequest;
    private int mqttPort = -1;
    /** The HTTP port the next start asks for: null keeps http.listeners as configured, 0 a free one. */
    private Integer httpRequest;
    private int httpPort = -1;

    private EmbeddedFreshet(Path dataDir, Map<String, String> properties, boolean temporary) {
        this.dataDir = dataDir;
        this.properties = Map.copyOf(properties);
        this.temporary = temporary;
    }

    public static EmbeddedFreshet start() {
        return start(Map.of());
    }

    /** Starts with Kafka's broker keys, e.g. {@code Map.of("num.partitions", "4")}. */
    public static EmbeddedFreshet start(Map<String, String> brokerProperties) {
        try {
            return start(Files.createTempDirectory("freshet-"), brokerProperties, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data directory", e);
        }
    }

    public static EmbeddedFreshet start(Path dataDir, Map<String, String> brokerProperties) {
        return start(dataDir, brokerProperties, false);
    }

    private static EmbeddedFreshet start(Path dataDir, Map<String, String> brokerProperties, boolean temporary) {
        EmbeddedFreshet freshet = new EmbeddedFreshet(dataDir, brokerProperties, temporary);
        // A listener in the properties wins; otherwise port 0 picks a free port (for MQTT too).
        freshet.mqttRequest = brokerProperties.containsKey(ServerProperties.MQTT_LISTENERS) ? null : 0;
        freshet.httpRequest = brokerProperties.containsKey(ServerProperties.HTTP_LISTENERS) ? null : 0;
        freshet.startServer(brokerProperties.containsKey("listeners") ? null : 0);
        return freshet;
    }

    private void startServer(Integer listenerPort) {
        Map<String, String> merged = ServerProperties.merge(properties, Map.of(), ServerProperties.DEFAULT_HOST,
                listenerPort, mqttRequest, httpRequest, dataDir.toString());
        try {
            server = FreshetServer.start(FreshetServer.Config.fromProperties(merged));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Freshet did not start in " + dataDir + ": " + e.getMessage(), e);
        }
        port = server.kafkaPort();
        mqttPort = server.mqttPort().orElse(-1);
        if (mqttPort >= 0) {
            mqttRequest = mqttPort; // a restart keeps the port
        }
        httpPort = server.httpPort().orElse(-1);
        if (httpPort >= 0) {
            httpRequest = httpPort;
        }
    }

    /** Stops cleanly (as SIGTERM would) and starts again on the same data directory and ports. */
    public EmbeddedFreshet restart() {
        stop();
        startServer(port);
        return this;
    }

    /** Stops cleanly; the data directory stays until {@link #close()}. */
    public void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Freshet did not stop cleanly: " + e.getMessage(), e);
        } finally {
            server = null;
        }
    }

    /** Keeps a temporary data directory after {@link #close()}, to look at after a failure. */
    public void keepDataDir() {
        keepDataDir = true;
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            if (temporary && !keepDataDir) {
                deleteRecursively(dataDir);
            }
        }
    }

    public String bootstrapServers() {
        return ServerProperties.DEFAULT_HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /**
     * The bound port of Kafka listener {@code listenerName} (e.g. {@code SSL} of
     * {@code listeners=PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0}); {@link #port()} is the first listener's.
     */
    public int port(String listenerName) {
        if (server == null) {
            throw new IllegalStateException("This Freshet is not running");
        }
        return server.broker().boundPort(listenerName);
    }

    /** The MQTT listener's port, or -1 when it has none ({@code mqtt.listeners} with port -1). */
    public int mqttPort() {
        return mqttPort;
    }

    /** Where MQTT clients connect: {@code tcp://127.0.0.1:PORT} (Paho's form; mqtt.js takes it too). */
    public String mqttUri() {
        if (mqttPort < 0) {
            throw new IllegalStateException("This Freshet has no MQTT listener (mqtt.listeners has port -1)");
        }
        return "tcp://" + ServerProperties.DEFAULT_HOST + ":" + mqttPort;
    }

    /** The HTTP listener's port, or -1 when it has none ({@code http.listeners} with port -1). */
    public int httpPort() {
        return httpPort;
    }

    /** Where HTTP clients connect: {@code http://127.0.0.1:PORT} (no trailing slash). */
    public String httpUri() {
        if (httpPort < 0) {
            throw new IllegalStateException("This Freshet has no HTTP listener (http.listeners has port -1)");
        }
        return "http://" + ServerProperties.DEFAULT_HOST + ":" + httpPort;
    }

    /** The cluster id (REST v3 paths name it). */
    /**
     * {@code ssl://127.0.0.1:PORT} of the MQTTS listener ({@code mqtt.listeners=...,MQTTS://127.0.0.1:0}), the URI
     * Paho takes for MQTT over TLS.
     *
     * @throws IllegalStateException when there is no MQTTS listener
     */
    public String mqttsUri() {
        Integer port = server.mqttPorts().get("MQTTS");
        if (port == null) {
            throw new IllegalStateException("This Freshet has no MQTTS listener (mqtt.listeners)");
        }
        return "ssl://" + ServerProperties.DEFAULT_HOST + ":" + port;
    }

    /** The MQTTS listener's port; -1 when there is none. */
    public int mqttsPort() {
        return server.mqttPorts().getOrDefault("MQTTS", -1);
    }

    /**
     * {@code https://127.0.0.1:PORT} of the HTTPS listener ({@code http.listeners=...,HTTPS://127.0.0.1:0}).
     *
     * @throws IllegalStateException when there is no HTTPS listener
     */
    public String httpsUri() {
        Integer port = server.httpPorts().get("HTTPS");
        if (port == null) {
            throw new IllegalStateException("This Freshet has no HTTPS listener (http.listeners)");
        }
        return "https://" + ServerProperties.DEFAULT_HOST + ":" + port;
    }

    public String clusterId() {
        if (server == null) {
            throw new IllegalStateException("Freshet is not running");
        }
        return server.broker().clusterId();
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean isRunning() {
        return server != null;
    }

    /** The running broker, for tests that need more than a client can see. */
    public FreshetBroker broker() {
        if (server == null) {
            throw new IllegalStateException("Freshet is stopped");
        }
        return server.broker();
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
