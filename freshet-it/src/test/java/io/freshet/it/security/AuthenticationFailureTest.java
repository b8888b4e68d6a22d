package io.freshet.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.freshet.it.security.ExternalClients.Result;
import io.freshet.it.security.ExternalClients.Step;
import io.freshet.it.security.SecureBroker.Credentials;
import io.freshet.it.security.SecureBroker.Listener;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong password and a SCRAM user whose credential was deleted are refused, each client showing the error its
 * users know: the Java client's SaslAuthenticationException, kcat's "SASL authentication error" line and exit code
 * 1, kafkajs's KafkaJSSASLAuthenticationError. The texts are Kafka 4.4's (Kafka checks them the same way).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthenticationFailureTest {

    static final String PLAIN_REFUSED = "Authentication failed: Invalid username or password";
    static final String SCRAM_256_REFUSED =
            "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256";

    private static final Step TOPICS = Step.of("topics", "");
    private static final Credentials WRONG_PLAIN = Credentials.plain("alice", "not-alice-secret");

    @TempDir
    static Path temp;

    private SecureBroker broker;
    private ExternalClients clients;

    @BeforeAll
    void start() {
        broker = SecureBroker.start(temp);
        clients = new ExternalClients(broker, temp);
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    /** Lists topics with a new Admin client: the first request after the SASL exchange. */
    private void listTopics(Credentials credentials) throws Exception {
        Map<String, Object> config = broker.clientConfig(Listener.SASL_SSL, credentials);
        config.put("default.api.timeout.ms", 10_000);
        config.put("request.timeout.ms", 5_000);
        try (Admin admin = Admin.create(config)) {
            admin.listTopics().names().get(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void javaClientShouldSeeSaslAuthenticationExceptionForAWrongPassword() {
        assertThatThrownBy(() -> listTopics(WRONG_PLAIN))
                .cause().isInstanceOf(SaslAuthenticationException.class).hasMessage(PLAIN_REFUSED);
    }

    @Test
    void javaClientShouldBeRefusedOnceItsScramCredentialIsDeleted() throws Exception {
        Credentials erin = Credentials.scram(ScramMechanism.SCRAM_SHA_256, "erin", "erin-secret");
        broker.upsertScram(ScramMechanism.SCRAM_SHA_256, erin.user(), erin.password());
        listTopics(erin); // accepted while the credential exists

        broker.deleteScram(ScramMechanism.SCRAM_SHA_256, erin.user());
        assertThatThrownBy(() -> listTopics(erin))
                .cause().isInstanceOf(SaslAuthenticationException.class).hasMessage(SCRAM_256_REFUSED);
        assertThatThrownBy(() -> listTopics(Credentials.scram(ScramMechanism.SCRAM_SHA_256, "erin", "guess")))
                .cause().isInstanceOf(SaslAuthenticationException.class).hasMessage(SCRAM_256_REFUSED);
    }

    @Test
    void kcatShouldPrintTheAuthenticationErrorAndExitWith1() {
        Result listed = clients.kcat(Listener.SASL_SSL, WRONG_PLAIN, false, List.of("-L", "-m", "2"), null);
        assertThat(listed.exit()).as("kcat -L: %s", listed).isEqualTo(1);
        assertThat(listed.stderr()).contains("SASL authentication error: " + PLAIN_REFUSED);
        assertThat(listed.stdout()).doesNotContain("topics:");
    }

    @Test
    void kafkajsShouldThrowKafkaJSSASLAuthenticationError() throws Exception {
        Result wrong = clients.kafkajs(Listener.SASL_SSL, WRONG_PLAIN, false, TOPICS);
        assertThat(wrong.exit()).as("kafkajs: %s", wrong).isEqualTo(1);
        assertThat(wrong.step(0).get("name").asText()).isEqualTo("KafkaJSSASLAuthenticationError");
        assertThat(wrong.step(0).get("message").asText()).isEqualTo("SASL PLAIN authentication failed: " + PLAIN_REFUSED);

        Credentials frank = Credentials.scram(ScramMechanism.SCRAM_SHA_256, "frank", "frank-secret");
        broker.upsertScram(ScramMechanism.SCRAM_SHA_256, frank.user(), frank.password());
        Result accepted = clients.kafkajs(Listener.SASL_SSL, frank, false, TOPICS);
        assertThat(accepted.exit()).as("kafkajs before the deletion: %s", accepted).isZero();
        broker.deleteScram(ScramMechanism.SCRAM_SHA_256, frank.user());
        Result revoked = clients.kafkajs(Listener.SASL_SSL, frank, false, TOPICS);
        assertThat(revoked.exit()).as("kafkajs after the deletion: %s", revoked).isEqualTo(1);
        assertThat(revoked.step(0).get("name").asText()).isEqualTo("KafkaJSSASLAuthenticationError");
        assertThat(revoked.step(0).get("message").asText())
                .isEqualTo("SASL SCRAM SHA256 authentication failed: " + SCRAM_256_REFUSED);
    }
}
