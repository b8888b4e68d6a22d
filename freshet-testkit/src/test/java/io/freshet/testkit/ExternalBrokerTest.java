package io.freshet.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The switch {@code -Dfreshet.it.bootstrap}: test classes below run through the launcher with and without it, and
 * each outcome (passed, skipped with its reason, aborted with its reason) is recorded by display name.
 */
@Timeout(60)
class ExternalBrokerTest {

    private static final String EXTERNAL = "127.0.0.1:1,127.0.0.1:2";

    @AfterEach
    void clearTheSwitch() {
        System.clearProperty(ExternalBroker.BOOTSTRAP_PROPERTY);
    }

    @Test
    void shouldHandOutTheExternalListAndStartNoFreshet() {
        System.setProperty(ExternalBroker.BOOTSTRAP_PROPERTY, EXTERNAL);

        Map<String, String> outcomes = run(UsesTheExtension.class);

        assertThat(outcomes).containsEntry("bootstrapServers()", "passed");
        assertThat(UsesTheExtension.seen).containsEntry("bootstrapServers()", EXTERNAL);
    }

    @Test
    void shouldSkipWhatOnlyAnEmbeddedFreshetHas() {
        System.setProperty(ExternalBroker.BOOTSTRAP_PROPERTY, EXTERNAL);

        Map<String, String> outcomes = run(UsesTheExtension.class);

        assertThat(outcomes.get("broker()")).startsWith("aborted: needs the embedded broker's internals")
                .contains(EXTERNAL);
    }

    @Test
    void shouldRunAGatewayInFrontOfTheExternalBrokerForMqttAndHttp() {
        try (EmbeddedFreshet external = EmbeddedFreshet.start(Map.of("mqtt.listeners", "MQTT://127.0.0.1:-1",
                "http.listeners", "HTTP://127.0.0.1:-1"))) {
            System.setProperty(ExternalBroker.BOOTSTRAP_PROPERTY, external.bootstrapServers());

            Map<String, String> outcomes = run(UsesTheGateway.class);

            assertThat(outcomes.values()).containsOnly("passed");
            assertThat(UsesTheGateway.seen.get("clusterId()")).isEqualTo(external.clusterId());
        }
    }

    @Test
    void shouldSkipFreshetOnlyTestsWithTheirReasonAgainstAnExternalBroker() {
        System.setProperty(ExternalBroker.BOOTSTRAP_PROPERTY, EXTERNAL);

        Map<String, String> outcomes = run(TaggedTests.class);

        assertThat(outcomes).containsEntry("tagged()", "skipped: Freshet-only: a promise of Freshet's own")
                .containsEntry("untagged()", "passed");
    }

    @Test
    void shouldChangeNothingAgainstFreshet() {
        Map<String, String> outcomes = run(TaggedTests.class);
        Map<String, String> extension = run(UsesTheExtension.class);
        extension.putAll(run(UsesTheGateway.class));

        assertThat(outcomes).containsEntry("tagged()", "passed").containsEntry("untagged()", "passed");
        assertThat(extension.values()).containsOnly("passed");
        assertThat(UsesTheExtension.seen.get("bootstrapServers()")).startsWith("127.0.0.1:").isNotEqualTo(EXTERNAL);
    }

    private static Map<String, String> run(Class<?> testClass) {
        Map<String, String> outcomes = new ConcurrentHashMap<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                outcomes.put(test.getDisplayName(), "skipped: " + reason);
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (!test.isTest()) {
                    return;
                }
                outcomes.put(test.getDisplayName(), switch (result.getStatus()) {
                    case SUCCESSFUL -> "passed";
                    case ABORTED -> "aborted: " + result.getThrowable().map(Throwable::getMessage).orElse("");
                    case FAILED -> "failed: " + result.getThrowable().map(Throwable::toString).orElse("");
                });
            }
        };
        LauncherFactory.create().execute(
                LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(), listener);
        return outcomes;
    }

    /** Run only through the launcher above (Surefire runs top-level classes matching *Test, not this one). */
    static class UsesTheExtension {
        static final Map<String, String> seen = new ConcurrentHashMap<>();

        @RegisterExtension
        static final FreshetExtension FRESHET = FreshetExtension.perClass();

        @Test
        void bootstrapServers() {
            seen.put("bootstrapServers()", FRESHET.bootstrapServers());
        }

        @Test
        void broker() {
            assertThat(FRESHET.broker().isRunning()).isTrue();
        }
    }

    /** Run only through the launcher above: the MQTT and HTTP listeners, a gateway's in front of a Kafka broker. */
    static class UsesTheGateway {
        static final Map<String, String> seen = new ConcurrentHashMap<>();

        @RegisterExtension
        static final FreshetExtension FRESHET = FreshetExtension.perClass();

        @Test
        void mqttUri() throws Exception {
            assertThat(FRESHET.mqttUri()).startsWith("tcp://");
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", FRESHET.mqttPort())) {
                assertThat(socket.isConnected()).isTrue();
            }
        }

        @Test
        void httpUri() throws Exception {
            java.net.http.HttpResponse<String> clusters = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(FRESHET.httpUri() + "/v3/clusters")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(clusters.statusCode()).isEqualTo(200);
            assertThat(clusters.body()).contains(FRESHET.clusterId());
        }

        @Test
        void clusterId() {
            seen.put("clusterId()", FRESHET.clusterId());
        }
    }

    /** Run only through the launcher above. */
    static class TaggedTests {
        @Test
        @FreshetOnly("a promise of Freshet's own")
        void tagged() {
        }

        @Test
        void untagged() {
            assertThat(List.of()).isEmpty();
        }
    }
}
