package io.freshet.security.sasl;

import io.freshet.security.Security;
import io.freshet.security.auth.PasswordCheck;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.security.sasl.SaslServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PLAIN users from Kafka's JAAS keys, the durable SCRAM store, and the password check MQTT and HTTP use. */
class SaslUsersTest {

    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule required";

    @TempDir
    Path dataDir;

    @Test
    void plainUsersComeFromTheMostSpecificJaasKey() throws Exception {
        SaslAuthentication sasl = new SaslAuthentication(new SaslSettings(Map.of(
            "sasl.jaas.config", PLAIN + " user_global=\"g\";",
            "listener.name.sasl_plaintext.sasl.jaas.config", PLAIN + " user_listener=\"l\";",
            "listener.name.sasl_plaintext.plain.sasl.jaas.config",
            PLAIN + " username=\"admin\" password=\"admin-pw\" user_admin=\"admin-pw\" user_alice=\"alice-pw\";",
            "listener.name.other.sasl.jaas.config", PLAIN + " user_listener=\"l\";")),
            ScramCredentialStore.inMemory());

        assertThat(plainLogin(sasl, "SASL_PLAINTEXT", "alice", "alice-pw")).isEqualTo("alice");
        assertThat(plainLogin(sasl, "sasl_plaintext", "admin", "admin-pw")).isEqualTo("admin");
        assertThatThrownBy(() -> plainLogin(sasl, "SASL_PLAINTEXT", "listener", "l"))
            .isInstanceOf(SaslAuthenticationException.class)
            .hasMessage("Authentication failed: Invalid username or password");
        assertThatThrownBy(() -> plainLogin(sasl, "SASL_PLAINTEXT", "alice", "wrong"))
            .isInstanceOf(SaslAuthenticationException.class)
            .hasMessage("Authentication failed: Invalid username or password");
        assertThat(plainLogin(sasl, "OTHER", "listener", "l")).isEqualTo("listener");
        assertThat(plainLogin(sasl, "THIRD", "global", "g")).isEqualTo("global");
    }

    @Test
    void enabledMechanismsAndLifetimesFollowTheListenerOverride() {
        SaslSettings settings = new SaslSettings(Map.of(
            "sasl.enabled.mechanisms", "SCRAM-SHA-512",
            "listener.name.sasl_ssl.sasl.enabled.mechanisms", "PLAIN, SCRAM-SHA-256",
            "connections.max.reauth.ms", "60000",
            "listener.name.sasl_ssl.plain.connections.max.reauth.ms", "1500"));
        assertThat(settings.mechanisms("SASL_SSL")).containsExactly("PLAIN", "SCRAM-SHA-256");
        assertThat(settings.mechanisms("SASL_PLAINTEXT")).containsExactly("SCRAM-SHA-512");
        assertThat(settings.maxReauthMs("SASL_SSL", "PLAIN")).isEqualTo(1500);
        assertThat(settings.maxReauthMs("SASL_SSL", "SCRAM-SHA-256")).isEqualTo(60000);
        assertThat(settings.failedAuthenticationDelayMs()).isEqualTo(100);
        assertThat(new SaslSettings(Map.of()).mechanisms("X"))
            .containsExactly("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
        assertThatThrownBy(() -> new SaslSettings(Map.of("sasl.enabled.mechanisms", "GSSAPI")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sasl.enabled.mechanisms");
        assertThatThrownBy(() -> Security.open(Map.of("listener.name.sasl_ssl.sasl.jaas.config",
            PLAIN + " user_a=\"a\"; " + PLAIN + " user_b=\"b\";"), dataDir))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("listener.name.sasl_ssl.sasl.jaas.config: ");
        assertThatThrownBy(() -> new SaslSettings(Map.of("connection.failed.authentication.delay.ms", "-1")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("connection.failed.authentication.delay.ms");
    }

    @Test
    void credentialsSurviveReopenAndHoldNoPassword() throws Exception {
        ScramCredential alice = ScramCredentials.fromPassword(ScramMechanism.SCRAM_SHA_512, "alice-secret", 8192);
        try (ScramCredentialStore store = ScramCredentialStore.open(dataDir)) {
            store.apply(List.of(
                new ScramCredentialStore.Upsert("alice", ScramMechanism.SCRAM_SHA_512, alice),
                new ScramCredentialStore.Upsert("alice", ScramMechanism.SCRAM_SHA_256,
                    ScramCredentials.fromPassword(ScramMechanism.SCRAM_SHA_256, "alice-secret", 4096)),
                new ScramCredentialStore.Upsert("bob", ScramMechanism.SCRAM_SHA_256,
                    ScramCredentials.fromPassword(ScramMechanism.SCRAM_SHA_256, "bob-secret", 4096)))).join();
            store.apply(List.of(new ScramCredentialStore.Delete("bob", ScramMechanism.SCRAM_SHA_256))).join();
        }
        Path file = dataDir.resolve("security/scram-credentials.json");
        assertThat(Files.readString(file)).doesNotContain("alice-secret").contains("SCRAM-SHA-512");
        assertThat(Files.exists(file.resolveSibling("scram-credentials.json.tmp"))).isFalse();

        try (ScramCredentialStore reopened = ScramCredentialStore.open(dataDir)) {
            assertThat(reopened.users()).containsOnlyKeys("alice");
            ScramCredential read = reopened.credential("alice", ScramMechanism.SCRAM_SHA_512).orElseThrow();
            assertThat(read.salt()).isEqualTo(alice.salt());
            assertThat(read.storedKey()).isEqualTo(alice.storedKey());
            assertThat(read.serverKey()).isEqualTo(alice.serverKey());
            assertThat(read.iterations()).isEqualTo(8192);
        }
    }

    @Test
    void passwordCheckKnowsPlainUsersOfEveryListenerThenScramUsers() throws Exception {
        Map<String, String> props = Map.of(
            "listener.name.sasl_ssl.plain.sasl.jaas.config", PLAIN + " user_admin=\"admin-pw\";",
            "listener.name.internal.sasl.jaas.config", PLAIN + " user_ops=\"ops-pw\";");
        try (Security security = Security.open(props, dataDir)) {
            security.sasl().credentials().apply(List.of(new ScramCredentialStore.Upsert("carol",
                ScramMechanism.SCRAM_SHA_256,
                ScramCredentials.fromPassword(ScramMechanism.SCRAM_SHA_256, "carol-pw", 4096)))).join();
            PasswordCheck check = security.passwords();
            assertThat(check.check("admin", utf8("admin-pw"))).contains(user("admin"));
            assertThat(check.check("ops", utf8("ops-pw"))).contains(user("ops"));
            assertThat(check.check("carol", utf8("carol-pw"))).contains(user("carol"));
            assertThat(check.check("carol", utf8("carol-PW"))).isEmpty();
            assertThat(check.check("admin", utf8("ops-pw"))).isEmpty();
            assertThat(check.check("nobody", utf8(""))).isEmpty();
            assertThat(check.check("carol", new byte[]{(byte) 0xff})).isEqualTo(Optional.empty());
            // A remembered check does not outlive the credential: a new password or a deletion applies at once.
            assertThat(check.check("carol", utf8("carol-pw"))).contains(user("carol"));
            security.sasl().credentials().apply(List.of(new ScramCredentialStore.Upsert("carol",
                ScramMechanism.SCRAM_SHA_256,
                ScramCredentials.fromPassword(ScramMechanism.SCRAM_SHA_256, "carol-new", 4096)))).join();
            assertThat(check.check("carol", utf8("carol-pw"))).isEmpty();
            assertThat(check.check("carol", utf8("carol-new"))).contains(user("carol"));
            security.sasl().credentials().apply(List.of(
                new ScramCredentialStore.Delete("carol", ScramMechanism.SCRAM_SHA_256))).join();
            assertThat(check.check("carol", utf8("carol-new"))).isEmpty();
        }
    }

    private static String plainLogin(SaslAuthentication sasl, String listener, String user, String password)
        throws Exception {
        SaslServer server = sasl.newServer(listener, "PLAIN");
        server.evaluateResponse(utf8("\0" + user + "\0" + password));
        assertThat(server.isComplete()).isTrue();
        return server.getAuthorizationID();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaPrincipal user(String name) {
        return new KafkaPrincipal(KafkaPrincipal.USER_TYPE, name);
    }
}
