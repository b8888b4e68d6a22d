package io.freshet.server;

import io.freshet.http.HttpConfig;
import io.freshet.mqtt.MqttConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Assembles the broker's properties, with Kafka's key names, from three sources in rising precedence:
 * the {@code --config} file, {@code --set key=value} pairs, then the named flags ({@code --host}, {@code --port},
 * {@code --mqtt-port}, {@code --http-port}, {@code --data-dir}). A default applies only when no source gives the key, so {@code --config}
 * alone can move a listener or the data directory. Validation of the values is {@code BrokerConfig}'s,
 * {@code MqttConfig}'s and {@code HttpConfig}'s job, not this class's.
 *
 * <p>{@code --host} moves every listener ({@code listeners}, {@code mqtt.listeners}, {@code http.listeners});
 * {@code --port}, {@code --mqtt-port} and {@code --http-port} change only their own port. A flag keeps what the configured listener says for the part it does
 * not name (the host of {@code mqtt.listeners=MQTT://0.0.0.0:1883} stays under {@code --mqtt-port 1884}).
 */
public final class ServerProperties {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9092;
    public static final String DEFAULT_DATA_DIR = "./data";
    /** The MQTT listener's key ({@code MQTT://HOST:PORT}; port -1: none). */
    public static final String MQTT_LISTENERS = MqttConfig.LISTENERS;
    /** The HTTP listener's key ({@code HTTP://HOST:PORT}; port -1: none). */
    public static final String HTTP_LISTENERS = HttpConfig.LISTENERS;

    static final String LISTENERS = "listeners";
    static final String LOG_DIRS = "log.dirs";
    static final String LOG_DIR = "log.dir";
    static final String HOST = "host";
    static final String PORT = "port";
    private static final String PLAINTEXT = "PLAINTEXT://";
    private static final String MQTT = "MQTT://";
    private static final String HTTP = "HTTP://";

    private ServerProperties() {
    }

    /** The one listener Freshet opens, in Kafka's {@code listeners} syntax. */
    public static String listener(String host, int port) {
        return PLAINTEXT + host + ":" + port;
    }

    /** Reads a Java properties file; values are trimmed as Kafka trims them. */
    public static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new InvalidServerConfigException("config file not found: " + file);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidServerConfigException("cannot read config file " + file + ": " + describe(e));
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key.trim(), properties.getProperty(key).trim()));
        return values;
    }

    /** The MQTT listener, in the syntax of {@code mqtt.listeners}. */
    public static String mqttListener(String host, int port) {
        return MQTT + host + ":" + port;
    }

    /** The HTTP listener, in the syntax of {@code http.listeners}. */
    public static String httpListener(String host, int port) {
        return HTTP + host + ":" + port;
    }

    /** As {@link #merge(Map, Map, String, Integer, Integer, Integer, String)} without {@code --http-port}. */
    public static Map<String, String> merge(Map<String, String> file, Map<String, String> sets,
                                            String host, Integer port, Integer mqttPort, String dataDir) {
        return merge(file, sets, host, port, mqttPort, null, dataDir);
    }

    /**
     * Merges the sources; {@code host}, {@code port}, {@code mqttPort}, {@code httpPort} and {@code dataDir} are null
     * when their flag was not given.
     */
    public static Map<String, String> merge(Map<String, String> file, Map<String, String> sets,
                                            String host, Integer port, Integer mqttPort, Integer httpPort,
                                            String dataDir) {
        Map<String, String> merged = new LinkedHashMap<>(file);
        merged.putAll(sets);
        merged.computeIfAbsent(LOG_DIRS, key -> merged.getOrDefault(LOG_DIR, DEFAULT_DATA_DIR));
        if (dataDir != null) {
            merged.put(LOG_DIRS, dataDir);
        }
        merged.put(LISTENERS, mergeListener(merged, host, port));
        if (host != null || mqttPort != null) {
            merged.put(MqttConfig.LISTENERS, mergeMqttListener(merged.get(MqttConfig.LISTENERS), host, mqttPort));
        }
        if (host != null || httpPort != null) {
            merged.put(HttpConfig.LISTENERS, mergeHttpListener(merged.get(HttpConfig.LISTENERS), host, httpPort));
        }
        return merged;
    }

    private static String mergeHttpListener(String configured, String host, Integer httpPort) {
        if (configured == null || configured.isBlank()) {
            return httpListener(host != null ? host : DEFAULT_HOST,
                httpPort != null ? httpPort : HttpConfig.DEFAULT_PORT);
        }
        return withAddresses(HttpConfig.LISTENERS, configured.trim(), host, httpPort, "--host/--http-port",
            httpListener(DEFAULT_HOST, HttpConfig.DEFAULT_PORT));
    }

    private static String mergeMqttListener(String configured, String host, Integer mqttPort) {
        if (configured == null || configured.isBlank()) {
            return mqttListener(host != null ? host : DEFAULT_HOST,
                mqttPort != null ? mqttPort : MqttConfig.DEFAULT_PORT);
        }
        return withAddresses(MqttConfig.LISTENERS, configured.trim(), host, mqttPort, "--host/--mqtt-port",
            mqttListener(DEFAULT_HOST, MqttConfig.DEFAULT_PORT));
    }

    private static String mergeListener(Map<String, String> merged, String host, Integer port) {
        String configured = merged.get(LISTENERS);
        if (configured == null) {
            // Kafka's old "host" and "port" keys still mean something to BrokerConfig; keep them as the base.
            return PLAINTEXT + (host != null ? host : merged.getOrDefault(HOST, DEFAULT_HOST)) + ":"
                    + (port != null ? port.toString() : merged.getOrDefault(PORT, Integer.toString(DEFAULT_PORT)));
        }
        if (host == null && port == null) {
            return configured;
        }
        // Several listeners (PLAINTEXT, SSL, ...): --host moves them all, --port is the first one's.
        String[] entries = configured.split(",");
        StringBuilder result = new StringBuilder();
        for (int i = 0; i < entries.length; i++) {
            result.append(i == 0 ? "" : ",").append(withAddress(LISTENERS, entries[i].trim(), host,
                i == 0 ? port : null, "--host/--port", listener(DEFAULT_HOST, DEFAULT_PORT)));
        }
        return result.toString();
    }

    /**
     * A gateway's listeners ({@code MQTT://h:p,MQTTS://h:p}) with the flags applied: {@code host} to every one,
     * {@code port} to the first only.
     */
    private static String withAddresses(String key, String configured, String host, Integer port, String flags,
                                        String example) {
        String[] listeners = configured.split(",");
        StringBuilder merged = new StringBuilder();
        for (int i = 0; i < listeners.length; i++) {
            merged.append(i == 0 ? "" : ",").append(withAddress(key, listeners[i].trim(), host, i == 0 ? port : null,
                flags, example));
        }
        return merged.toString();
    }

    /** {@code configured} (one {@code SCHEME://HOST:PORT}) with the host and port the flags give replaced. */
    private static String withAddress(String key, String configured, String host, Integer port, String flags,
                                      String example) {
        int schemeEnd = configured.indexOf("://");
        int portStart = configured.lastIndexOf(':');
        if (schemeEnd < 0 || portStart <= schemeEnd || configured.contains(",")) {
            throw new InvalidServerConfigException("cannot apply " + flags + " to " + key + "=" + configured
                    + ": expected one listener such as " + example);
        }
        String scheme = configured.substring(0, schemeEnd + 3);
        String configuredHost = configured.substring(schemeEnd + 3, portStart);
        String configuredPort = configured.substring(portStart + 1);
        return scheme + (host != null ? host : configuredHost) + ":" + (port != null ? port.toString() : configuredPort);
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
