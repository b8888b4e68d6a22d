package io.freshet.server;

import io.freshet.gateway.GatewaySettings;
import io.freshet.gateway.kafka.KafkaEventLog;
import io.freshet.gateway.kafka.KafkaEventLogConfig;
import io.freshet.http.HttpBackends;
import io.freshet.http.HttpConfig;
import io.freshet.http.HttpServer;
import io.freshet.http.routing.WebSocketEndpoint;
import io.freshet.http.websocket.BinaryStreamEndpoint;
import io.freshet.mqtt.MqttConfig;
import io.freshet.mqtt.MqttServer;
import io.freshet.server.gateway.GatewayAuthConfig;
import io.freshet.server.gateway.GatewaySecurity;
import io.freshet.server.metrics.FreshetMetrics;
import org.apache.kafka.common.utils.Time;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * {@code freshet gateway --bootstrap-server HOST:PORT}: the MQTT listener and the HTTP listener (REST v3 and v2, SSE,
 * WebSocket, MQTT over WebSocket, the console, metrics) in a process of their own, in front of any Kafka-protocol
 * cluster, on a {@link KafkaEventLog}. No data directory: everything the listeners keep (MQTT sessions, retained
 * messages, QoS 2 receipts, share-subscription positions) is in the cluster's topics, so several gateways can run
 * side by side on one cluster. The console and the REST v2 consumer instances connect to the same bootstrap list
 * with the same client properties ({@code kafka.*}).
 *
 * <pre>
 *   start: the metrics registry (unless metrics.enabled=false) -> KafkaEventLog.start (cluster id, topics, offsets;
 *          its watcher thread) -> GatewaySecurity (gateway.auth=cluster: the cluster's ACLs read once, then by the
 *          freshet-gateway-acls thread) -> MQTT listener on it (reads __mqtt_sessions and __mqtt_retained) -> HTTP
 *          listener (/mqtt when MQTT runs) -> the listeners bound to the registry; a failure closes what started
 *   close: HTTP listener -> MQTT listener -> GatewaySecurity -> KafkaEventLog (queued appends sent) -> the metrics
 *          registry
 * </pre>
 *
 * <p>Security: the listeners' TLS ({@code mqtt.listeners=MQTTS://...}, {@code listener.name.mqtts.ssl.*}) works as in
 * the server. Users and ACLs are the cluster's own ({@link GatewaySecurity}, {@code gateway.auth=cluster}, the
 * default when the gateway's clients log in with SASL): a CONNECT or Basic password is checked by a SASL login to
 * the cluster as that user, and the cluster's ACLs are enforced for {@code User:NAME}. With {@code gateway.auth=none}
 * (the default on a PLAINTEXT or SSL cluster) the listeners let every client in: keep them on a trusted network. The
 * gateway's own clients log in to the cluster with the {@code kafka.*} properties.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread (a shutdown hook), once or more.
 */
public final class FreshetGateway implements AutoCloseable {

    /** The Kafka cluster's bootstrap list, as {@code --bootstrap-server} gives it. */
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

    private final Config config;
    private final KafkaEventLog log;
    private final GatewaySecurity security;
    private final MqttServer mqtt;
    private final HttpServer http;
    private final FreshetMetrics metrics;
    private boolean closed;

    /**
     * What a gateway runs, validated once.
     *
     * @param properties the merged properties, for the listeners' TLS keys
     */
    public record Config(KafkaEventLogConfig log, GatewayAuthConfig auth, MqttConfig mqtt, HttpConfig http,
                         boolean metricsEnabled, Map<String, String> properties) {

        public Config {
            properties = Map.copyOf(properties);
        }

        /**
         * Reads {@code bootstrap.servers}, {@code mqtt.*}, {@code http.*}, {@code gateway.*}, {@code kafka.*},
         * {@code super.users}, {@code allow.everyone.if.no.acl.found} and {@code metrics.enabled}.
         *
         * @throws IllegalArgumentException naming the key, on a bad or missing value
         */
        public static Config fromProperties(Map<String, String> properties) {
            String bootstrap = GatewaySettings.string(properties, BOOTSTRAP_SERVERS, "");
            if (bootstrap.isEmpty()) {
                throw new IllegalArgumentException("--bootstrap-server (" + BOOTSTRAP_SERVERS
                    + "): the Kafka cluster to stand in front of is required");
            }
            String metrics = GatewaySettings.string(properties, "metrics.enabled", "true");
            KafkaEventLogConfig log = KafkaEventLogConfig.fromProperties(bootstrap, properties);
            return new Config(log, GatewayAuthConfig.fromProperties(properties, log.clientProperties()),
                MqttConfig.fromProperties(properties), HttpConfig.fromProperties(properties),
                !metrics.equals("false"), properties);
        }
    }

    private FreshetGateway(Config config, KafkaEventLog log, GatewaySecurity security, MqttServer mqtt,
                           HttpServer http, FreshetMetrics metrics) {
        this.config = config;
        this.log = log;
        this.security = security;
        this.mqtt = mqtt;
        this.http = http;
        this.metrics = metrics;
    }

    /** Connects to the cluster, then starts the MQTT and HTTP listeners; returns once both accept connections. */
    public static FreshetGateway start(Config config) {
        FreshetMetrics metrics = config.metricsEnabled() ? new FreshetMetrics() : null;
        KafkaEventLog log = null;
        GatewaySecurity security = null;
        MqttServer mqtt = null;
        try {
            log = KafkaEventLog.start(config.log());
            security = GatewaySecurity.open(config.auth(), config.log().bootstrapServers(),
                config.log().clientProperties());
            Map<String, String> props = config.properties();
            mqtt = config.mqtt().enabled() ? MqttServer.start(config.mqtt(), log, Time.SYSTEM, security.authorizer(),
                security.passwords(), name -> GatewayTls.fromProperties(props, name)) : null;
            HttpServer http = config.http().enabled()
                ? HttpServer.start(config.http(), httpBackends(config, log, mqtt, metrics), security.authorizer(),
                    security.passwords(), name -> GatewayTls.fromProperties(props, name))
                : null;
            if (metrics != null) {
                if (mqtt != null) {
                    metrics.bindMqtt(mqtt);
                }
                if (http != null) {
                    metrics.bindHttp(http);
                }
            }
            return new FreshetGateway(config, log, security, mqtt, http, metrics);
        } catch (RuntimeException e) {
            InOrder.closeAfter(e, mqtt, security, log, metrics);
            throw e;
        }
    }

    private static HttpBackends httpBackends(Config config, KafkaEventLog log, MqttServer mqtt,
                                             FreshetMetrics metrics) {
        Map<String, WebSocketEndpoint> webSockets = new HashMap<>();
        if (mqtt != null) {
            webSockets.put(FreshetServer.MQTT_OVER_WEBSOCKET_PATH,
                new BinaryStreamEndpoint(FreshetServer.MQTT_SUBPROTOCOL, mqtt::installOn, mqtt::shutdown, true));
        }
        HttpBackends backends = new HttpBackends(log, Optional.of(config.log().bootstrapServers()), webSockets,
            Time.SYSTEM).withKafkaClientProperties(config.log().clientProperties());
        if (metrics != null) {
            backends = backends.withMetrics(metrics);
        }
        if (mqtt != null) {
            backends = backends.withMqttClients(new ConsoleMqttClients(mqtt, config.mqtt().host()));
        }
        return backends;
    }

    /** The cluster this gateway stands in front of. */
    public String bootstrapServers() {
        return config.log().bootstrapServers();
    }

    public String clusterId() {
        return log.clusterId();
    }

    /** The MQTT listener's port (the configured one, or the one picked for port 0); empty when there is none. */
    public OptionalInt mqttPort() {
        return mqtt == null ? OptionalInt.empty() : OptionalInt.of(mqtt.boundPort());
    }

    /** The HTTP listener's port (the configured one, or the one picked for port 0); empty when there is none. */
    public OptionalInt httpPort() {
        return http == null ? OptionalInt.empty() : OptionalInt.of(http.boundPort());
    }

    /** The port of the MQTT listener named {@code listener} (e.g. {@code MQTTS}); empty when there is none. */
    public OptionalInt mqttPort(String listener) {
        Integer port = mqtt == null ? null : mqtt.boundPorts().get(listener);
        return port == null ? OptionalInt.empty() : OptionalInt.of(port);
    }

    /** The port of the HTTP listener named {@code listener} (e.g. {@code HTTPS}); empty when there is none. */
    public OptionalInt httpPort(String listener) {
        Integer port = http == null ? null : http.boundPorts().get(listener);
        return port == null ? OptionalInt.empty() : OptionalInt.of(port);
    }

    public String mqttHost() {
        return config.mqtt().host();
    }

    public String httpHost() {
        return config.http().host();
    }

    /** {@code "MQTT on 127.0.0.1:1883"} (each listener by its name), or {@code "MQTT off"}. */
    public String mqttDescription() {
        return mqtt == null ? "MQTT off" : listeners(config.mqtt().listeners(), mqtt.boundPorts());
    }

    /** {@code "HTTP on 127.0.0.1:8082"}, or {@code "HTTP off"}. */
    public String httpDescription() {
        return http == null ? "HTTP off" : listeners(config.http().listeners(), http.boundPorts());
    }

    private static String listeners(List<GatewaySettings.NamedListener> configured, Map<String, Integer> bound) {
        return configured.stream().map(l -> l.name() + " on " + l.host() + ":" + bound.get(l.name()))
            .collect(Collectors.joining(", "));
    }

    /** Closes the HTTP listener, the MQTT listener (sessions stay in their topic), the ACL refresh, then the log. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        InOrder.close(http, mqtt, security, log, metrics);
    }
}
