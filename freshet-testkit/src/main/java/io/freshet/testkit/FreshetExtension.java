package io.freshet.testkit;

import io.freshet.server.FreshetGateway;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs an {@link EmbeddedFreshet} for a test class or for each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FreshetExtension FRESHET = FreshetExtension.perClass().withProperty("num.partitions", "4");
 *
 * @Test
 * void shouldRoundTrip() {
 *     try (var producer = new KafkaProducer<>(Map.of("bootstrap.servers", FRESHET.bootstrapServers()), ...)) { ... }
 * }
 * }</pre>
 *
 * Per class, register it on a static field; per test, on a static or an instance field. Registered on an instance
 * field, a per-class extension cannot see the class start, so it behaves per test. Test methods may also take an
 * {@link EmbeddedFreshet} parameter. When a test fails, the data directory is kept and its path printed to
 * stderr and published as the report entry {@code freshet.dataDir}.
 *
 * <p>With {@code -Dfreshet.it.bootstrap=HOST:PORT[,...]} ({@link ExternalBroker}) it starts no Freshet and
 * {@link #bootstrapServers()} returns that list, so the same tests run against Apache Kafka. {@link #mqttUri()},
 * {@link #httpUri()} and {@link #clusterId()} are then those of a {@link FreshetGateway} (what {@code freshet gateway}
 * runs) in front of that list, started in process at the first call, on free ports, with this extension's
 * {@code mqtt.*}, {@code http.*} and {@code gateway.*} properties, and closed with the extension's broker would be.
 * What has no Kafka equivalent ({@link #broker()}, an {@link EmbeddedFreshet} parameter) aborts the test, which JUnit
 * reports as skipped with the reason.
 */
public final class FreshetExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    public enum Lifecycle { PER_CLASS, PER_TEST }

    private final Lifecycle lifecycle;
    private final Map<String, String> properties;
    private EmbeddedFreshet broker;
    /** In front of the external broker, from the first mqttUri()/httpUri()/clusterId() until the owner stops. */
    private FreshetGateway gateway;
    private String startedBy;
    private boolean failed;

    public FreshetExtension() {
        this(Lifecycle.PER_CLASS, Map.of());
    }

    private FreshetExtension(Lifecycle lifecycle, Map<String, String> properties) {
        this.lifecycle = lifecycle;
        this.properties = Map.copyOf(properties);
    }

    public static FreshetExtension perClass() {
        return new FreshetExtension(Lifecycle.PER_CLASS, Map.of());
    }

    public static FreshetExtension perTest() {
        return new FreshetExtension(Lifecycle.PER_TEST, Map.of());
    }

    /** A copy with one more broker property (Kafka's key names). */
    public FreshetExtension withProperty(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(properties);
        more.put(key, value);
        return new FreshetExtension(lifecycle, more);
    }

    /** The embedded Freshet's {@code 127.0.0.1:PORT}, or the external bootstrap list when one is set. */
    public String bootstrapServers() {
        return ExternalBroker.bootstrap().orElseGet(() -> broker().bootstrapServers());
    }

    /**
     * The Kafka port of the first bootstrap server: the embedded Freshet's, or the external broker's (tests that
     * speak the protocol on a raw socket to 127.0.0.1 use it; the external broker is on loopback).
     */
    public int bootstrapPort() {
        String first = bootstrapServers().split(",")[0].strip();
        return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    }

    /** {@code tcp://127.0.0.1:PORT} of the MQTT listener (the gateway's in front of an external broker). */
    public String mqttUri() {
        return ExternalBroker.isSet() ? "tcp://127.0.0.1:" + mqttPort() : broker().mqttUri();
    }

    /** The MQTT listener's port (the gateway's in front of an external broker). */
    public int mqttPort() {
        if (ExternalBroker.isSet()) {
            return externalGateway().mqttPort().orElseThrow(() ->
                new IllegalStateException("this extension's mqtt.listeners turned MQTT off"));
        }
        return broker().mqttPort();
    }

    /** {@code http://127.0.0.1:PORT} of the HTTP listener (the gateway's in front of an external broker). */
    public String httpUri() {
        return ExternalBroker.isSet() ? "http://127.0.0.1:" + httpPort() : broker().httpUri();
    }

    /** The HTTP listener's port (the gateway's in front of an external broker). */
    public int httpPort() {
        if (ExternalBroker.isSet()) {
            return externalGateway().httpPort().orElseThrow(() ->
                new IllegalStateException("this extension's http.listeners turned HTTP off"));
        }
        return broker().httpPort();
    }

    /** The cluster id, as REST v3 paths take it: the embedded Freshet's, or the external cluster's. */
    public String clusterId() {
        return ExternalBroker.isSet() ? externalGateway().clusterId() : broker().clusterId();
    }

    private synchronized FreshetGateway externalGateway() {
        if (startedBy == null) {
            throw new IllegalStateException("The gateway runs only while a test runs: register this extension with "
                    + "@RegisterExtension and call mqttUri()/httpUri() from a test");
        }
        if (gateway == null) {
            Map<String, String> props = new LinkedHashMap<>();
            props.put("mqtt.listeners", "MQTT://127.0.0.1:0");
            props.put("http.listeners", "HTTP://127.0.0.1:0");
            properties.forEach((key, value) -> {
                if (key.startsWith("mqtt.") || key.startsWith("http.") || key.startsWith("gateway.")) {
                    props.put(key, value);
                }
            });
            props.put(FreshetGateway.BOOTSTRAP_SERVERS, ExternalBroker.bootstrap().orElseThrow());
            gateway = FreshetGateway.start(FreshetGateway.Config.fromProperties(props));
        }
        return gateway;
    }

    public EmbeddedFreshet broker() {
        abortIfExternal("the embedded broker's internals (broker())");
        if (broker == null) {
            throw new IllegalStateException("Freshet runs only while a test runs: register this extension with "
                    + "@RegisterExtension and call broker() from a test");
        }
        return broker;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (lifecycle == Lifecycle.PER_CLASS) {
            startFor(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        startFor(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopFor(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopFor(context);
    }

    /** Against an external broker, what only an embedded Freshet has skips the test instead of failing it. */
    private static void abortIfExternal(String what) {
        ExternalBroker.bootstrap().ifPresent(external -> Assumptions.abort(
                "needs " + what + ", which an external Kafka broker (-D" + ExternalBroker.BOOTSTRAP_PROPERTY + "="
                        + external + ") does not have"));
    }

    // Nested classes and each test call the callbacks again: only the context that started the broker stops it.
    private synchronized void startFor(ExtensionContext context) {
        if (ExternalBroker.isSet()) {
            if (startedBy == null) {
                startedBy = context.getUniqueId(); // the gateway, if a test asks for it, lives as long
            }
            return;
        }
        if (broker == null) {
            broker = EmbeddedFreshet.start(properties);
            startedBy = context.getUniqueId();
        }
    }

    private synchronized void stopFor(ExtensionContext context) {
        failed |= context.getExecutionException().isPresent();
        if (ExternalBroker.isSet()) {
            if (context.getUniqueId().equals(startedBy)) {
                try {
                    if (gateway != null) {
                        gateway.close();
                    }
                } finally {
                    gateway = null;
                    startedBy = null;
                    failed = false;
                }
            }
            return;
        }
        if (broker == null || !context.getUniqueId().equals(startedBy)) {
            return;
        }
        if (failed) {
            broker.keepDataDir();
            System.err.println("[freshet] a test failed; data kept in " + broker.dataDir().toAbsolutePath());
            context.publishReportEntry("freshet.dataDir", broker.dataDir().toAbsolutePath().toString());
        }
        try {
            broker.close();
        } finally {
            broker = null;
            startedBy = null;
            failed = false;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedFreshet.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return broker();
    }
}
