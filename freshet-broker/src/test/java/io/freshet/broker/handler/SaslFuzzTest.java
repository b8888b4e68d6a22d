package io.freshet.broker.handler;

import io.freshet.storage.testing.FuzzBudget;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import io.freshet.security.Security;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.security.plain.PlainAuthenticateCallback;
import org.apache.kafka.common.security.plain.internals.PlainSaslServer;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.ScramCredentialCallback;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.SaslException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hostile SASL messages into kafka-clients' PLAIN and SCRAM servers, the ones the broker's SaslAuthenticate
 * handler uses, with a credential callback like the broker's: random bytes and mutations of valid PLAIN tokens,
 * SCRAM client-first and client-final messages. Only SaslException / SaslAuthenticationException may come out
 * (the handler turns them into SASL_AUTHENTICATION_FAILED); anything else would be a broker error. Then the same
 * tokens through the broker's SaslHandshake / SaslAuthenticate handlers and authentication gate: every answer is
 * NONE, SASL_AUTHENTICATION_FAILED or ILLEGAL_SASL_STATE, never an exception.
 */
@AddLifecycleHook(FuzzBudget.class)
class SaslFuzzTest {

    private static final ScramCredential ALICE;

    static {
        try {
            ALICE = new ScramFormatter(ScramMechanism.SCRAM_SHA_256).generateCredential("alice-secret", 4096);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Property(tries = 300)
    void plainOnlyFailsWithSaslErrors(@ForAll("plainTokens") byte[] token) {
        PlainSaslServer server = new PlainSaslServer(callbacks());
        assertOnlySaslErrors(() -> server.evaluateResponse(token));
    }

    @Property(tries = 100)
    void scramOnlyFailsWithSaslErrors(@ForAll("scramFirst") byte[] first, @ForAll("scramFinal") byte[] last,
                                      @ForAll("mechanisms") ScramMechanism mechanism) throws Exception {
        ScramSaslServer server = new ScramSaslServer(mechanism, Map.of(), callbacks());
        assertOnlySaslErrors(() -> {
            byte[] serverFirst = server.evaluateResponse(first);
            String nonce = new String(serverFirst, StandardCharsets.UTF_8).replaceAll("^r=([^,]*),.*$", "$1");
            // The client's final message on the server's nonce, then mutated: it reaches the proof check.
            String text = new String(last, StandardCharsets.ISO_8859_1).replace("NONCE", nonce);
            server.evaluateResponse(text.getBytes(StandardCharsets.ISO_8859_1));
        });
    }

    @Property(tries = 50)
    void theSaslHandlersAnswerEveryTokenWithAKafkaCode(@ForAll("handlerMechanisms") String mechanism,
                                                       @ForAll("handlerTokens") List<byte[]> tokens) {
        ConnectionState connection = new ConnectionState();
        connection.accepted("SASL_PLAINTEXT", SecurityProtocol.SASL_PLAINTEXT, InetAddress.getLoopbackAddress());
        SaslHandshakeResponseData handshake = new SaslHandshakeHandler(gate).handle(
            context(connection, ApiKeys.SASL_HANDSHAKE, (short) 1),
            new SaslHandshakeRequestData().setMechanism(mechanism)).join();
        assertThat(handshake.errorCode()).isEqualTo(Errors.NONE.code());
        for (byte[] token : tokens) {
            SaslAuthenticateResponseData answer = new SaslAuthenticateHandler(gate).handle(
                context(connection, ApiKeys.SASL_AUTHENTICATE, (short) 2),
                new SaslAuthenticateRequestData().setAuthBytes(token)).join();
            assertThat(Errors.forCode(answer.errorCode())).isIn(Errors.NONE, Errors.SASL_AUTHENTICATION_FAILED,
                Errors.ILLEGAL_SASL_STATE);
        }
    }

    private static Security security;
    private static AuthenticationGate gate;
    private static ScheduledExecutorService loop;

    @BeforeContainer
    static void openSecurity() throws IOException {
        security = Security.open(Map.of("listener.name.sasl_plaintext.plain.sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required user_alice=\"alice-secret\";",
            "connection.failed.authentication.delay.ms", "0", "sasl.enabled.mechanisms",
            "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512"), Files.createTempDirectory("sasl-fuzz"));
        gate = new AuthenticationGate(security.sasl());
        loop = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterContainer
    static void closeSecurity() {
        loop.shutdownNow();
        security.close();
    }

    private static RequestContext context(ConnectionState c, ApiKeys key, short version) {
        return new RequestContext(new RequestHeader(key, version, "fuzz", 1), new InetSocketAddress(0), loop, c);
    }

    @Provide
    Arbitrary<String> handlerMechanisms() {
        return Arbitraries.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    }

    @Provide
    Arbitrary<List<byte[]>> handlerTokens() {
        return Arbitraries.oneOf(plainTokens(), scramFirst(), scramFinal()).list().ofMinSize(1).ofMaxSize(3);
    }

    /**
     * Found by this suite, in kafka-clients 4.4 itself: a SCRAM client-final message whose proof has another
     * length than the mechanism's hash makes {@code ScramSaslServer.evaluateResponse} throw
     * IllegalArgumentException (from {@code ScramFormatter.xor}), not SaslException. The broker's
     * {@link AuthenticationGate} turns any RuntimeException of the SASL server into SASL_AUTHENTICATION_FAILED,
     * which {@link #theSaslHandlersAnswerEveryTokenWithAKafkaCode} checks; pinned here so that the raw property
     * above stays honest about what it lets through.
     */
    @Example
    void aScramProofOfTheWrongLengthEscapesAsIllegalArgumentException() throws Exception {
        ScramSaslServer server = new ScramSaslServer(ScramMechanism.SCRAM_SHA_256, Map.of(), callbacks());
        String serverFirst = new String(server.evaluateResponse("n,,n=alice,r=abc".getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8);
        String nonce = serverFirst.replaceAll("^r=([^,]*),.*$", "$1");
        byte[] last = ("c=biws,r=" + nonce + ",p=" + Base64.getEncoder().encodeToString(new byte[5]))
            .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> server.evaluateResponse(last)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage(WRONG_PROOF_LENGTH);
    }

    private static final String WRONG_PROOF_LENGTH = "Argument arrays must be of the same length";

    private interface SaslStep {
        void run() throws Exception;
    }

    private static void assertOnlySaslErrors(SaslStep step) {
        try {
            step.run();
        } catch (SaslException | SaslAuthenticationException expected) {
            // refused as SASL: the handler answers SASL_AUTHENTICATION_FAILED
        } catch (IllegalArgumentException e) {
            if (!WRONG_PROOF_LENGTH.equals(e.getMessage())) {
                throw new AssertionError("Not a SASL error: " + e, e);
            }
            // known, see aScramProofOfTheWrongLengthEscapesAsIllegalArgumentException
        } catch (Exception | Error e) {
            throw new AssertionError("Not a SASL error: " + e, e);
        }
    }

    /** The broker's view: alice's PLAIN password and SCRAM credential, no one else. */
    private static CallbackHandler callbacks() {
        return new CallbackHandler() {
            private String user;

            @Override
            public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
                for (Callback callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        user = name.getDefaultName();
                    } else if (callback instanceof ScramCredentialCallback scram) {
                        scram.scramCredential("alice".equals(user) ? ALICE : null);
                    } else if (callback instanceof PlainAuthenticateCallback plain) {
                        plain.authenticated("alice".equals(user)
                            && Arrays.equals("alice-secret".toCharArray(), plain.password()));
                    } else if (!callback.getClass().getSimpleName().startsWith("DelegationToken")) {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            }
        };
    }

    // ---- generators ----

    @Provide
    Arbitrary<ScramMechanism> mechanisms() {
        return Arbitraries.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512);
    }

    @Provide
    Arbitrary<byte[]> plainTokens() {
        return mutated(List.of("\u0000alice\u0000alice-secret", "alice\u0000alice\u0000alice-secret",
            "\u0000bob\u0000x", "\u0000\u0000"));
    }

    @Provide
    Arbitrary<byte[]> scramFirst() {
        return mutated(List.of("n,,n=alice,r=abcdefgh", "y,,n=alice,r=abcdefgh", "n,a=alice,n=alice,r=xyz",
            "n,,n=alice,r=abc,tokenauth=true", "n,,n=al=2Cice,r=abc"));
    }

    @Provide
    Arbitrary<byte[]> scramFinal() {
        String proof = Base64.getEncoder().encodeToString(new byte[32]);
        return mutated(List.of("c=biws,r=NONCE,p=" + proof, "c=eSws,r=NONCE,p=" + proof, "c=biws,r=NONCE,p=",
            "c=biws,r=NONCE,ext=1,p=" + proof));
    }

    /** Valid messages, cut, bit-flipped, with random bytes spliced in, or wholly random. */
    private static Arbitrary<byte[]> mutated(List<String> seeds) {
        Arbitrary<byte[]> seed = Arbitraries.of(seeds).map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> cut = seed.flatMap(b -> Arbitraries.integers().between(0, b.length)
            .map(n -> Arrays.copyOf(b, n)));
        Arbitrary<byte[]> flipped = seed.flatMap(b -> Arbitraries.integers().between(0, b.length * 8 - 1)
            .map(bit -> {
                byte[] out = b.clone();
                out[bit / 8] ^= (byte) (1 << (bit % 8));
                return out;
            }));
        Arbitrary<byte[]> spliced = seed.flatMap(b -> Arbitraries.integers().between(0, b.length)
            .flatMap(at -> Arbitraries.of(",", "=", "\u0000", "=2C", "=3D", "==", ",,,", "\u00ff\u00fe", "r=", "p=")
                .map(piece -> {
                    String text = new String(b, StandardCharsets.ISO_8859_1);
                    return (text.substring(0, at) + piece + text.substring(at)).getBytes(StandardCharsets.ISO_8859_1);
                })));
        return Arbitraries.oneOf(seed, random, cut, flipped, spliced);
    }
}
