package io.freshet.server;

import io.freshet.broker.BrokerConfig;
import io.freshet.broker.FreshetBroker;
import io.freshet.broker.metrics.BrokerMetrics;
import io.freshet.broker.ReportedConfigs;
import io.freshet.http.HttpBackends;
import io.freshet.http.HttpConfig;
import io.freshet.http.HttpServer;
import io.freshet.http.ksql.KsqlBackend;
import io.freshet.http.routing.WebSocketEndpoint;
import io.freshet.http.websocket.BinaryStreamEndpoint;
import io.freshet.mqtt.MqttConfig;
import io.freshet.mqtt.MqttServer;
import io.freshet.security.Security;
import io.freshet.server.metrics.FreshetMetrics;
import io.freshet.sql.engine.SqlEngine;
import io.freshet.sql.engine.SqlEngineConfig;
import io.freshet.gateway.GatewaySettings;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.common.utils.Time;

/**
 * A running Freshet: the broker (storage, Kafka listener), unless {@code mqtt.listeners} says -1 the MQTT listener,
 * and unless {@code http.listeners} says -1 the HTTP listener, both on the broker's log, and unless {@code
 * sql.enabled=false} the SQL engine, a client of the Kafka listener. Both {@code freshet server} and the testkit's
 * {@code EmbeddedFreshet} run this, so the order lives in one place:
 *
 * <pre>
 *   start: the metrics registry (unless metrics.enabled=false) -> FreshetBroker.start, recording into it
 *          -> MQTT listener on broker.eventLog() -> SQL engine (returns at once: its own thread replays the
 *          command topic and starts the queries) -> HTTP listener on broker.eventLog() (with the Kafka listener's
 *          address for REST v2 consumers, /mqtt when MQTT runs, /metrics when metrics are on) -> the listeners
 *          bound to the registry; a failure closes what started
 *   close: SQL engine (queries commit and stop while the broker still answers) -> HTTP listener (streams end)
 *          -> MQTT listener (clients get DISCONNECT, sessions stay in their topic) -> FreshetBroker.close
 *          -> the metrics registry (its lag thread, the GC listeners)
 * </pre>
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread (a shutdown hook), once or more.
 */
public final class FreshetServer implements AutoCloseable {

    /** Where browsers reach the MQTT listener over WebSocket ({@code ws://HOST:8082/mqtt}). */
    public static final String MQTT_OVER_WEBSOCKET_PATH = "/mqtt";
    /** The WebSocket subprotocol MQTT 3.1.1 and 5 name (section 6 of both). */
    public static final String MQTT_SUBPROTOCOL = "mqtt";

    private final FreshetBroker broker;
    private final Config config;
    private final MqttServer mqtt;
    private final HttpServer http;
    private final SqlEngine sql;
    private final FreshetMetrics metrics;
    private boolean closed;

    /**
     * The configuration of every listener, validated once.
     *
     * @param broker the broker's keys ({@link BrokerConfig})
     * @param mqtt   the {@code mqtt.*} keys ({@link MqttConfig})
     * @param http   the {@code http.*} keys ({@link HttpConfig})
     * @param sql    the {@code sql.*} keys ({@link SqlSettings})
     */
    public record Config(BrokerConfig broker, MqttConfig mqtt, HttpConfig http, SqlSettings sql) {

        /** Without the SQL keys: the engine runs (sql.enabled's default). */
        public Config(BrokerConfig broker, MqttConfig mqtt, HttpConfig http) {
            this(broker, mqtt, http, new SqlSettings(true));
        }

        /**
         * @throws IllegalArgumentException or a Kafka {@code ConfigException}, naming the key, on a bad value
         */
        public static Config fromProperties(Map<String, String> properties) {
            return new Config(BrokerConfig.fromProperties(properties), MqttConfig.fromProperties(properties),
                HttpConfig.fromProperties(properties), SqlSettings.fromProperties(properties));
        }
    }

    private FreshetServer(FreshetBroker broker, Config config, MqttServer mqtt, HttpServer http, SqlEngine sql,
                          FreshetMetrics metrics) {
        this.metrics = metrics;
        this.broker = broker;
        this.config = config;
        this.mqtt = mqtt;
        this.http = http;
        this.sql = sql;
    }

    /** Starts the broker, then the MQTT and HTTP listeners; returns once all accept connections. */
    public static FreshetServer start(Config config) {
        FreshetMetrics metrics = config.broker().metricsEnabled() ? new FreshetMetrics() : null;
        FreshetBroker broker = FreshetBroker.start(config.broker(),
            metrics != null ? metrics.brokerMetrics() : BrokerMetrics.disabled());
        MqttServer mqtt = null;
        SqlEngine sql = null;
        try {
            // One Security for every listener: the same users and ACLs (and TLS keys) as the Kafka listener's.
            Security security = broker.security();
            Map<String, String> props = config.broker().properties();
            mqtt = config.mqtt().enabled() ? MqttServer.start(config.mqtt(), broker.eventLog(), Time.SYSTEM, security,
                name -> GatewayTls.fromProperties(props, name)) : null;
            sql = config.sql().enabled() ? startSql(broker, security) : null;
            HttpServer http = config.http().enabled()
                ? HttpServer.start(config.http(), httpBackends(broker, mqtt, config.mqtt().host(), sql, metrics, security),
                    security, name -> GatewayTls.fromProperties(props, name))
                : null;
            if (metrics != null) {
                metrics.bindBroker(broker);
                if (mqtt != null) {
                    metrics.bindMqtt(mqtt);
                }
                if (http != null) {
                    metrics.bindHttp(http);
                }
            }
            FreshetServer server = new FreshetServer(broker, config, mqtt, http, sql, metrics);
            server.reportToClients();
            return server;
        } catch (RuntimeException e) {
            InOrder.closeAfter(e, sql, mqtt, broker, metrics);
            throw e;
        }
    }

    /** The engine connects to this broker's own Kafka listener, as any client would; state in data dir/sql. */
    private static SqlEngine startSql(FreshetBroker broker, Security security) {
        String bootstrap = kafkaAddress(broker);
        return SqlEngine.start(new SqlEngineConfig(bootstrap, broker.dataDir().resolve("sql"), true,
            security.internalClientProperties()));
    }

    /**
     * Where the in-process clients (console, REST v2 consumers, SQL engine) connect: the listener
     * {@code inter.broker.listener.name} names, by default the first, which is the one {@code boundPort} reports.
     */
    private static String kafkaAddress(FreshetBroker broker) {
        String name = Security.internalListenerName(broker.config().properties());
        return broker.boundListeners().stream().filter(l -> l.name().equalsIgnoreCase(name)).findFirst()
            .map(l -> l.host() == null || l.host().isEmpty() || l.host().equals("0.0.0.0") || l.host().equals("::")
                ? "127.0.0.1:" + l.port() : l.hostPort()) // a wildcard bind: this process, over loopback
            .orElse(broker.config().advertisedHost() + ":" + broker.boundPort());
    }

    /**
     * The HTTP listener's backends: the log, the Kafka listener, /mqtt and the console's MQTT clients when MQTT runs,
     * /ksql when SQL runs, /metrics when metrics are on.
     */
    private static HttpBackends httpBackends(FreshetBroker broker, MqttServer mqtt, String mqttHost, SqlEngine sql,
                                             FreshetMetrics metrics, Security security) {
        Map<String, WebSocketEndpoint> webSockets = new HashMap<>();
        if (mqtt != null) {
            // MQTT over WebSocket: binary frames carry the MQTT byte stream to the MQTT listener's own handlers.
            webSockets.put(MQTT_OVER_WEBSOCKET_PATH,
                new BinaryStreamEndpoint(MQTT_SUBPROTOCOL, mqtt::installOn, mqtt::shutdown, true));
        }
        String kafka = kafkaAddress(broker);
        HttpBackends backends = new HttpBackends(broker.eventLog(), Optional.of(kafka), webSockets, Time.SYSTEM)
            .withKafkaClientProperties(security.internalClientProperties());
        if (metrics != null) {
            backends = backends.withMetrics(metrics);
        }
        if (mqtt != null) {
            backends = backends.withMqttClients(new ConsoleMqttClients(mqtt, mqttHost));
        }
        return sql == null ? backends : backends.withKsql(new KsqlBackend(sql::newSession, FreshetVersion.get()));
    }

    /**
     * What DescribeConfigs of the broker says about this process ({@code freshet cluster info} reads it): the
     * release and the bound MQTT and HTTP listeners, {@code -1} for one that is off (as the key turns it off).
     */
    private void reportToClients() {
        ReportedConfigs reported = broker.reportedConfigs();
        reported.report(ReportedConfigs.VERSION, FreshetVersion.get());
        reported.report(ReportedConfigs.MQTT_LISTENERS, mqtt == null ? "-1"
            : listeners(config.mqtt().listeners(), mqtt.boundPorts(), "://", ","));
        reported.report(ReportedConfigs.HTTP_LISTENERS, http == null ? "-1"
            : listeners(config.http().listeners(), http.boundPorts(), "://", ","));
    }

    /** {@code NAME<between>HOST:PORT} for each listener with its bound port, joined by {@code separator}. */
    private static String listeners(List<GatewaySettings.NamedListener> configured, Map<String, Integer> bound,
                                    String between, String separator) {
        return configured.stream().map(l -> l.name() + between + l.host() + ":" + bound.get(l.name()))
            .collect(Collectors.joining(separator));
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
        return config.mqtt().host();
    }

    /**
     * For the start-up line: {@code "MQTT on 127.0.0.1:1883"}, with TLS {@code "MQTT on 127.0.0.1:1883, MQTTS on
     * 127.0.0.1:8883"} (each listener by its name), or {@code "MQTT off"}.
     */
    public String mqttDescription() {
        return mqtt == null ? "MQTT off" : listeners(config.mqtt().listeners(), mqtt.boundPorts(), " on ", ", ");
    }

    /** Each MQTT listener's bound port by its name ({@code MQTT}, {@code MQTTS}); empty when there is none. */
    public Map<String, Integer> mqttPorts() {
        return mqtt == null ? Map.of() : mqtt.boundPorts();
    }

    /** Each HTTP listener's bound port by its name ({@code HTTP}, {@code HTTPS}); empty when there is none. */
    public Map<String, Integer> httpPorts() {
        return http == null ? Map.of() : http.boundPorts();
    }

    /** The HTTP listener's port (the configured one, or the one picked for port 0); empty when there is none. */
    public OptionalInt httpPort() {
        return http == null ? OptionalInt.empty() : OptionalInt.of(http.boundPort());
    }

    /** The address the HTTP listener is bound to ({@code http.listeners}' host). */
    public String httpHost() {
        return config.http().host();
    }

    /** For the start-up line: {@code "HTTP on 127.0.0.1:8082"} (and {@code ", HTTPS on ..."}), or {@code "HTTP off"}. */
    public String httpDescription() {
        return http == null ? "HTTP off" : listeners(config.http().listeners(), http.boundPorts(), " on ", ", ");
    }

    /** The SQL engine running the persistent queries in this broker; empty with {@code sql.enabled=false}. */
    public Optional<SqlEngine> sqlEngine() {
        return Optional.ofNullable(sql);
    }

    /** For the start-up line: {@code "SQL on"} or {@code "SQL off"}. */
    public String sqlDescription() {
        return sql != null ? "SQL on" : "SQL off";
    }

    /** Closes the SQL engine, the HTTP listener, the MQTT listener, then the broker (flush, clean-shutdown marker). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (sql != null) {
                sql.close();
            }
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(FreshetServer.class).warn("SQL engine did not close cleanly: {}",
                e.getMessage());
        }
        InOrder.close(http, mqtt, broker, metrics);
    }
}
