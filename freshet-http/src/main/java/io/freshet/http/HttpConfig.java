package io.freshet.http;

import io.freshet.gateway.GatewaySettings;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The HTTP listener's settings, read from the broker's properties ({@code http.*} keys). Validated once at start-up:
 * a bad value throws {@link IllegalArgumentException} naming the key (the server turns it into exit code 2).
 *
 * @param host                 the address to bind ({@code http.listeners=HTTP://HOST:PORT})
 * @param port                 8082 by default (the port of Confluent's REST Proxy and Redpanda's HTTP Proxy); 0 a
 *                             free port; -1 no HTTP listener
 * @param maxRequestBytes      the largest request body read into memory (after gzip decoding); one record of a
 *                             streaming produce counts as one body. Larger: 413
 * @param corsAllowedOrigins   origins a page may call the API from ({@code *} for any); empty: no CORS headers
 * @param sseHeartbeatMs       an idle event stream gets a comment line this often, so proxies keep it open
 * @param consumerInstanceTimeoutMs a REST v2 consumer instance not used for this long is closed (Confluent's
 *                             {@code consumer.instance.timeout.ms})
 * @param listeners            every listener of {@code http.listeners} ({@code HTTP://h:p}, {@code HTTPS://h:p});
 *                             {@code host} and {@code port} are the first one's (port -1: none at all)
 * @param allowAnonymous       {@code http.allow.anonymous}: a request without credentials is {@code User:ANONYMOUS};
 *                             false: 401
 */
public record HttpConfig(String host, int port, int maxRequestBytes, List<String> corsAllowedOrigins,
                         long sseHeartbeatMs, long consumerInstanceTimeoutMs,
                         List<GatewaySettings.NamedListener> listeners, boolean allowAnonymous) {

    public static final String LISTENERS = "http.listeners";
    public static final String MAX_REQUEST_BYTES = "http.max.request.bytes";
    public static final String CORS_ALLOWED_ORIGINS = "http.cors.allowed.origins";
    public static final String SSE_HEARTBEAT_MS = "http.sse.heartbeat.ms";
    public static final String CONSUMER_INSTANCE_TIMEOUT_MS = "http.consumer.instance.timeout.ms";

    public static final int DEFAULT_PORT = 8082;

    public static final String ALLOW_ANONYMOUS = "http.allow.anonymous";
    public static final String PLAIN = "HTTP";
    /** The TLS listener's scheme; its TLS keys are {@code listener.name.https.ssl.*} over {@code ssl.*}. */
    public static final String TLS = "HTTPS";

    public HttpConfig {
        corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
        listeners = List.copyOf(listeners);
    }

    /** One plain listener on {@code host:port}, anonymous clients allowed. */
    public HttpConfig(String host, int port, int maxRequestBytes, List<String> corsAllowedOrigins,
                      long sseHeartbeatMs, long consumerInstanceTimeoutMs) {
        this(host, port, maxRequestBytes, corsAllowedOrigins, sseHeartbeatMs, consumerInstanceTimeoutMs,
            port < 0 ? List.of() : List.of(new GatewaySettings.NamedListener(PLAIN, host, port, false)), true);
    }

    public static HttpConfig defaults() {
        return new HttpConfig("127.0.0.1", DEFAULT_PORT, 8 * 1024 * 1024, List.of(), 15_000, 300_000);
    }

    public boolean enabled() {
        return port >= 0;
    }

    /** With the first listener on {@code newPort} (-1: no listener at all). */
    public HttpConfig withPort(int newPort) {
        List<GatewaySettings.NamedListener> moved = GatewaySettings.withFirstPort(listeners, PLAIN, host, newPort);
        return new HttpConfig(host, newPort, maxRequestBytes, corsAllowedOrigins, sseHeartbeatMs,
            consumerInstanceTimeoutMs, moved, allowAnonymous);
    }

    /**
     * Reads the {@code http.*} keys of {@code props} (others are ignored), with {@link #defaults()} for those not
     * given.
     */
    public static HttpConfig fromProperties(Map<String, String> props) {
        HttpConfig d = defaults();
        List<GatewaySettings.NamedListener> listeners = GatewaySettings.listeners(props, LISTENERS, PLAIN, TLS,
            new GatewaySettings.Listener(d.host(), d.port()));
        String host = listeners.isEmpty() ? d.host() : listeners.get(0).host();
        int port = listeners.isEmpty() ? -1 : listeners.get(0).port();
        String origins = GatewaySettings.string(props, CORS_ALLOWED_ORIGINS, "");
        List<String> allowed = origins.isEmpty() ? d.corsAllowedOrigins()
            : Arrays.stream(origins.split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList();
        String anonymous = GatewaySettings.string(props, ALLOW_ANONYMOUS, "true");
        if (!anonymous.equalsIgnoreCase("true") && !anonymous.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(ALLOW_ANONYMOUS + ": expected true or false, got '" + anonymous + "'");
        }
        return new HttpConfig(host, port,
            GatewaySettings.intValue(props, MAX_REQUEST_BYTES, 1024, Integer.MAX_VALUE - 1024, d.maxRequestBytes()),
            allowed,
            GatewaySettings.longValue(props, SSE_HEARTBEAT_MS, 100, 3_600_000, d.sseHeartbeatMs()),
            GatewaySettings.longValue(props, CONSUMER_INSTANCE_TIMEOUT_MS, 1_000, Long.MAX_VALUE,
                d.consumerInstanceTimeoutMs()), listeners, Boolean.parseBoolean(anonymous));
    }
}
