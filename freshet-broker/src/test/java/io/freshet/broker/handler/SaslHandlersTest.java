package io.freshet.broker.handler;

import io.freshet.security.Security;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialDeletion;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialUpsertion;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SASL handlers and the authentication gate on a connection state the network layer would set up for a
 * SASL_PLAINTEXT or PLAINTEXT listener: what each stage lets through and answers, with Kafka's codes and messages.
 * (Real clients against a SASL listener: freshet-it's SaslClientsTest.)
 */
class SaslHandlersTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
        + "user_alice=\"alice-pw\" user_bob=\"bob-pw\";";

    @TempDir
    Path dataDir;
    private Security security;
    private AuthenticationGate gate;
    private ScheduledExecutorService loop;

    @BeforeEach
    void setUp() {
        security = Security.open(Map.of("listener.name.sasl_plaintext.plain.sasl.jaas.config", JAAS,
            "connections.max.reauth.ms", "60000", "connection.failed.authentication.delay.ms", "50",
            "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256"), dataDir);
        gate = new AuthenticationGate(security.sasl());
        loop = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void tearDown() {
        loop.shutdownNow();
        security.close();
    }

    @Test
    void plainListenerAnswersIllegalSaslStateAndGatesNothing() {
        ConnectionState plain = connection(SecurityProtocol.PLAINTEXT);
        assertThat(gate.check(plain, ApiKeys.METADATA, System.nanoTime())).isEqualTo(AuthenticationGate.Verdict.HANDLE);
        assertThat(handshake(plain, "PLAIN").errorCode()).isEqualTo(Errors.ILLEGAL_SASL_STATE.code());
        SaslAuthenticateResponseData auth = authenticate(plain, "\0alice\0alice-pw");
        assertThat(auth.errorCode()).isEqualTo(Errors.ILLEGAL_SASL_STATE.code());
        assertThat(auth.errorMessage()).isEqualTo("SaslAuthenticate request received after successful authentication");
        assertThat(plain.principal()).isEqualTo(KafkaPrincipal.ANONYMOUS);
    }

    @Test
    void onlyHandshakeThenAuthenticateBeforeSuccess() {
        ConnectionState c = connection(SecurityProtocol.SASL_PLAINTEXT);
        long now = System.nanoTime();
        assertThat(gate.check(c, ApiKeys.API_VERSIONS, now)).isEqualTo(AuthenticationGate.Verdict.HANDLE);
        assertThat(gate.check(c, ApiKeys.METADATA, now)).isEqualTo(AuthenticationGate.Verdict.CLOSE);
        assertThat(gate.refusal(c, ApiKeys.METADATA, now))
            .isEqualTo("Unexpected Kafka request of type METADATA during SASL handshake.");

        SaslHandshakeResponseData hs = handshake(c, "PLAIN");
        assertThat(hs.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(hs.mechanisms()).containsExactly("PLAIN", "SCRAM-SHA-256");
        assertThat(gate.check(c, ApiKeys.PRODUCE, now)).isEqualTo(AuthenticationGate.Verdict.REFUSE);
        assertThat(gate.check(c, ApiKeys.SASL_AUTHENTICATE, now)).isEqualTo(AuthenticationGate.Verdict.HANDLE);

        SaslAuthenticateResponseData ok = authenticate(c, "\0alice\0alice-pw");
        assertThat(ok.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(ok.sessionLifetimeMs()).isEqualTo(60000);
        assertThat(c.principal()).isEqualTo(new KafkaPrincipal("User", "alice"));
        assertThat(gate.check(c, ApiKeys.PRODUCE, System.nanoTime())).isEqualTo(AuthenticationGate.Verdict.HANDLE);
        // A second authentication is not a re-authentication within a second of the first: KafkaApis' answer.
        assertThat(authenticate(c, "\0alice\0alice-pw").errorCode()).isEqualTo(Errors.ILLEGAL_SASL_STATE.code());
    }

    @Test
    void wrongPasswordAndUnknownMechanismFailAfterTheDelay() {
        ConnectionState c = connection(SecurityProtocol.SASL_PLAINTEXT);
        handshake(c, "PLAIN");
        long start = System.nanoTime();
        SaslAuthenticateResponseData failed = authenticate(c, "\0alice\0wrong");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(45);
        assertThat(failed.errorCode()).isEqualTo(Errors.SASL_AUTHENTICATION_FAILED.code());
        assertThat(failed.errorMessage()).isEqualTo("Authentication failed: Invalid username or password");
        assertThat(c.sasl().failed()).isTrue();
        assertThat(c.principal()).isEqualTo(KafkaPrincipal.ANONYMOUS);

        ConnectionState other = connection(SecurityProtocol.SASL_PLAINTEXT);
        SaslHandshakeResponseData refused = handshake(other, "SCRAM-SHA-512");
        assertThat(refused.errorCode()).isEqualTo(Errors.UNSUPPORTED_SASL_MECHANISM.code());
        assertThat(refused.mechanisms()).containsExactly("PLAIN", "SCRAM-SHA-256");
        assertThat(other.sasl().failed()).isTrue();
    }

    @Test
    void scramUserFailsWithKafkasGenericMessageWhenUnknown() {
        ConnectionState c = connection(SecurityProtocol.SASL_PLAINTEXT);
        handshake(c, "SCRAM-SHA-256");
        SaslAuthenticateResponseData failed = authenticate(c, "n,,n=nobody,r=abcdefghijklmnop");
        assertThat(failed.errorCode()).isEqualTo(Errors.SASL_AUTHENTICATION_FAILED.code());
        assertThat(failed.errorMessage()).isEqualTo(
            "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256");
    }

    @Test
    void alterAndDescribeScramCredentialsWithKafkasErrors() throws Exception {
        ConnectionState c = connection(SecurityProtocol.PLAINTEXT);
        AlterUserScramCredentialsResponseData altered = alter(c, new AlterUserScramCredentialsRequestData()
            .setUpsertions(List.of(
                upsert("carol", ScramMechanism.SCRAM_SHA_256, 4096),
                upsert("dave", ScramMechanism.SCRAM_SHA_512, 4095),
                upsert("erin", ScramMechanism.SCRAM_SHA_256, 16385),
                upsert("frank", ScramMechanism.SCRAM_SHA_256, 8192),
                upsert("frank", ScramMechanism.SCRAM_SHA_512, 8192),
                upsert("gina", ScramMechanism.UNKNOWN, 8192)))
            .setDeletions(List.of(new ScramCredentialDeletion().setName("nobody")
                .setMechanism(ScramMechanism.SCRAM_SHA_256.type()))));
        assertThat(altered.results()).extracting(AlterUserScramCredentialsResult::user,
                AlterUserScramCredentialsResult::errorCode)
            .containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("carol", Errors.NONE.code()),
                org.assertj.core.groups.Tuple.tuple("dave", Errors.UNACCEPTABLE_CREDENTIAL.code()),
                org.assertj.core.groups.Tuple.tuple("erin", Errors.UNACCEPTABLE_CREDENTIAL.code()),
                org.assertj.core.groups.Tuple.tuple("frank", Errors.DUPLICATE_RESOURCE.code()),
                org.assertj.core.groups.Tuple.tuple("gina", Errors.UNSUPPORTED_SASL_MECHANISM.code()),
                org.assertj.core.groups.Tuple.tuple("nobody", Errors.RESOURCE_NOT_FOUND.code()));

        DescribeUserScramCredentialsResponseData all = describe(c, null);
        assertThat(all.results()).singleElement().satisfies(r -> {
            assertThat(r.user()).isEqualTo("carol");
            assertThat(r.credentialInfos()).singleElement().satisfies(i -> {
                assertThat(i.mechanism()).isEqualTo(ScramMechanism.SCRAM_SHA_256.type());
                assertThat(i.iterations()).isEqualTo(4096);
            });
        });
        DescribeUserScramCredentialsResponseData named = describe(c, List.of("carol", "zed"));
        assertThat(named.results()).filteredOn(r -> r.user().equals("zed")).singleElement()
            .satisfies(r -> assertThat(r.errorCode()).isEqualTo(Errors.RESOURCE_NOT_FOUND.code()));

        // The stored credential authenticates carol over SCRAM-SHA-256.
        assertThat(security.passwords().check("carol", "carol-pw".getBytes(StandardCharsets.UTF_8))).isPresent();
    }

    @Test
    void scramAdminApisNeedAlterAndDescribeOnTheCluster() throws Exception {
        try (Security withAcls = Security.open(Map.of(
            "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            "super.users", "User:admin"), dataDir.resolve("acls"))) {
            ConnectionState alice = connection(SecurityProtocol.SASL_PLAINTEXT);
            alice.authenticated(new KafkaPrincipal("User", "alice"));
            AlterUserScramCredentialsResponseData altered = new AlterUserScramCredentialsHandler(withAcls)
                .handle(context(alice, ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, (short) 0),
                    new AlterUserScramCredentialsRequestData().setUpsertions(List.of(
                        upsert("mallory", ScramMechanism.SCRAM_SHA_256, 4096)))).join();
            assertThat(altered.results()).singleElement().satisfies(r ->
                assertThat(r.errorCode()).isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code()));
            DescribeUserScramCredentialsResponseData described = new DescribeUserScramCredentialsHandler(withAcls)
                .handle(context(alice, ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, (short) 0),
                    new DescribeUserScramCredentialsRequestData()).join();
            assertThat(described.errorCode()).isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
            assertThat(withAcls.sasl().credentials().users()).isEmpty();

            ConnectionState admin = connection(SecurityProtocol.SASL_PLAINTEXT);
            admin.authenticated(new KafkaPrincipal("User", "admin"));
            assertThat(new DescribeUserScramCredentialsHandler(withAcls)
                .handle(context(admin, ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, (short) 0),
                    new DescribeUserScramCredentialsRequestData()).join().errorCode()).isZero();
        }
    }

    private ScramCredentialUpsertion upsert(String user, ScramMechanism mechanism, int iterations) throws Exception {
        byte[] salt = new byte[]{1, 2, 3, 4, 5, 6, 7, 8};
        var internal = mechanism == ScramMechanism.UNKNOWN
            ? org.apache.kafka.common.security.scram.internals.ScramMechanism.SCRAM_SHA_256
            : org.apache.kafka.common.security.scram.internals.ScramMechanism.forMechanismName(
            mechanism.mechanismName());
        return new ScramCredentialUpsertion().setName(user).setMechanism(mechanism.type()).setIterations(iterations)
            .setSalt(salt).setSaltedPassword(new ScramFormatter(internal).saltedPassword(user + "-pw", salt,
                Math.max(1, Math.min(iterations, 16384))));
    }

    private ConnectionState connection(SecurityProtocol protocol) {
        ConnectionState state = new ConnectionState();
        state.accepted(protocol.name, protocol, InetAddress.getLoopbackAddress());
        return state;
    }

    private RequestContext context(ConnectionState c, ApiKeys key, short version) {
        return new RequestContext(new RequestHeader(key, version, "test", 1), new InetSocketAddress(0), loop, c);
    }

    private SaslHandshakeResponseData handshake(ConnectionState c, String mechanism) {
        return new SaslHandshakeHandler(gate).handle(context(c, ApiKeys.SASL_HANDSHAKE, (short) 1),
            new SaslHandshakeRequestData().setMechanism(mechanism)).join();
    }

    private SaslAuthenticateResponseData authenticate(ConnectionState c, String token) {
        return new SaslAuthenticateHandler(gate).handle(context(c, ApiKeys.SASL_AUTHENTICATE, (short) 2),
            new SaslAuthenticateRequestData().setAuthBytes(token.getBytes(StandardCharsets.UTF_8))).join();
    }

    private AlterUserScramCredentialsResponseData alter(ConnectionState c, AlterUserScramCredentialsRequestData r) {
        return new AlterUserScramCredentialsHandler(security)
            .handle(context(c, ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, (short) 0), r).join();
    }

    private DescribeUserScramCredentialsResponseData describe(ConnectionState c, List<String> users) {
        DescribeUserScramCredentialsRequestData r = new DescribeUserScramCredentialsRequestData().setUsers(
            users == null ? null : users.stream().map(u -> new DescribeUserScramCredentialsRequestData.UserName()
                .setName(u)).toList());
        return new DescribeUserScramCredentialsHandler(security)
            .handle(context(c, ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, (short) 0), r).join();
    }
}
