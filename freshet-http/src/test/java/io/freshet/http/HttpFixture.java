package io.freshet.http;

import io.freshet.broker.BrokerConfig;
import io.freshet.broker.FreshetBroker;
import io.freshet.gateway.EventLog;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Freshet broker on a temporary data directory with the HTTP listener on its event log, both on free ports; can
 * be restarted on the same directory. Requests go through the JDK's HTTP client.
 */
public final class HttpFixture implements AutoCloseable {

    private final Path dataDir;
    private final HttpConfig config;
    private final Map<String, String> brokerProperties;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private FreshetBroker broker;
    private HttpServer server;

    private HttpFixture(Path dataDir, HttpConfig config, Map<String, String> brokerProperties) {
        this.dataDir = dataDir;
        this.config = config;
        this.brokerProperties = brokerProperties;
    }

    public static HttpFixture start(Path dataDir) {
        return start(dataDir, HttpConfig.defaults().withPort(0));
    }

    /** {@code brokerKeyValues}: broker properties as key, value, key, value... */
    public static HttpFixture start(Path dataDir, HttpConfig config, String... brokerKeyValues) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < brokerKeyValues.length; i += 2) {
            properties.put(brokerKeyValues[i], brokerKeyValues[i + 1]);
        }
        HttpFixture fixture = new HttpFixture(dataDir, config, properties);
        fixture.startBoth();
        return fixture;
    }

    private void startBoth() {
        Map<String, String> properties = new HashMap<>(brokerProperties);
        properties.putIfAbsent("port", "0");
        properties.put("log.dirs", dataDir.toString());
        broker = FreshetBroker.start(BrokerConfig.fromProperties(properties));
        server = HttpServer.start(config, new HttpBackends(broker.eventLog(),
            Optional.of("127.0.0.1:" + broker.boundPort()), Map.of(), org.apache.kafka.common.utils.Time.SYSTEM));
    }

    /** A clean stop of both (the HTTP listener first), then a start on the same data directory. */
    public void restart() {
        close();
        startBoth();
    }

    public EventLog log() {
        return broker.eventLog();
    }

    public FreshetBroker broker() {
        return broker;
    }

    public HttpServer server() {
        return server;
    }

    public int port() {
        return server.boundPort();
    }

    /** {@code http://127.0.0.1:PORT} */
    public String baseUri() {
        return "http://127.0.0.1:" + port();
    }

    /** The Kafka listener, for Kafka clients that cross-check what HTTP did. */
    public String bootstrap() {
        return "127.0.0.1:" + broker.boundPort();
    }

    public String clusterId() {
        return broker.clusterId();
    }

    public HttpClient client() {
        return client;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(baseUri() + path)).timeout(Duration.ofSeconds(10))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUri() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
