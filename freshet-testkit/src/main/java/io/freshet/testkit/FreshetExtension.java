package io.freshet.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
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
 */
public final class FreshetExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    public enum Lifecycle { PER_CLASS, PER_TEST }

    private final Lifecycle lifecycle;
    private final Map<String, String> properties;
    private EmbeddedFreshet broker;
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

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** {@code tcp://127.0.0.1:PORT} of the MQTT listener. */
    public String mqttUri() {
        return broker().mqttUri();
    }

    /** {@code http://127.0.0.1:PORT} of the HTTP listener. */
    public String httpUri() {
        return broker().httpUri();
    }

    public EmbeddedFreshet broker() {
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

    // Nested classes and each test call the callbacks again: only the context that started the broker stops it.
    private void startFor(ExtensionContext context) {
        if (broker == null) {
            broker = EmbeddedFreshet.start(properties);
            startedBy = context.getUniqueId();
        }
    }

    private void stopFor(ExtensionContext context) {
        failed |= context.getExecutionException().isPresent();
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
