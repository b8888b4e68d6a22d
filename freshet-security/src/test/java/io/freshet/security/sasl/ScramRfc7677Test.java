package io.freshet.security.sasl;

import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ClientFinalMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ClientFirstMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ServerFirstMessage;
import org.junit.jupiter.api.Test;

import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SCRAM-SHA-256 against RFC 7677's example (user "user", password "pencil"): the stored credential Freshet derives
 * from a salted password, the proof it accepts and the signature it answers, then a whole exchange through the
 * SASL server Freshet hands the Kafka listener.
 */
class ScramRfc7677Test {

    private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_FIRST =
        "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL_NO_PROOF = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String PROOF = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_SIGNATURE = "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";
    private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");

    private final ScramMechanism sha256 = ScramMechanism.SCRAM_SHA_256;

    @Test
    void rfcProofAndSignatureFromTheStoredCredential() throws Exception {
        ScramFormatter formatter = new ScramFormatter(sha256);
        byte[] salted = formatter.saltedPassword("pencil", SALT, 4096);
        ScramCredential credential = ScramCredentials.fromSaltedPassword(sha256, SALT, salted, 4096);

        ClientFirstMessage first = new ClientFirstMessage(bytes(CLIENT_FIRST));
        ServerFirstMessage serverFirst = new ServerFirstMessage(bytes(SERVER_FIRST));
        ClientFinalMessage fin = new ClientFinalMessage(bytes(CLIENT_FINAL_NO_PROOF + ",p=" + PROOF));

        assertThat(Base64.getEncoder().encodeToString(formatter.clientProof(salted, first, serverFirst, fin)))
            .isEqualTo(PROOF);
        // The server only has the stored keys: ClientKey = proof XOR ClientSignature(StoredKey) hashes to StoredKey.
        byte[] clientSignature = formatter.hmac(credential.storedKey(),
            bytes(ScramFormatter.authMessage(first.clientFirstMessageBare(), SERVER_FIRST, CLIENT_FINAL_NO_PROOF)));
        byte[] clientKey = ScramFormatter.xor(Base64.getDecoder().decode(PROOF), clientSignature);
        assertThat(formatter.hash(clientKey)).isEqualTo(credential.storedKey());
        assertThat(Base64.getEncoder().encodeToString(
            formatter.serverSignature(credential.serverKey(), first, serverFirst, fin))).isEqualTo(SERVER_SIGNATURE);
    }

    @Test
    void wholeExchangeThroughTheListenersSaslServer() throws Exception {
        SaslAuthentication sasl = withRfcUser();
        SaslServer server = sasl.newServer("SASL_PLAINTEXT", "SCRAM-SHA-256");

        ServerFirstMessage serverFirst = new ServerFirstMessage(server.evaluateResponse(bytes(CLIENT_FIRST)));
        assertThat(serverFirst.nonce()).startsWith("rOprNGfwEbeRWgbNEkqO").hasSizeGreaterThan(20);
        assertThat(serverFirst.salt()).isEqualTo(SALT);
        assertThat(serverFirst.iterations()).isEqualTo(4096);

        ScramFormatter formatter = new ScramFormatter(sha256);
        byte[] salted = formatter.saltedPassword("pencil", SALT, 4096);
        ClientFirstMessage first = new ClientFirstMessage(bytes(CLIENT_FIRST));
        ClientFinalMessage fin = new ClientFinalMessage(bytes("n,,"), serverFirst.nonce());
        fin.proof(formatter.clientProof(salted, first, serverFirst, fin));
        byte[] serverFinal = server.evaluateResponse(fin.toBytes());

        assertThat(server.isComplete()).isTrue();
        assertThat(server.getAuthorizationID()).isEqualTo("user");
        assertThat(new String(serverFinal, StandardCharsets.UTF_8)).isEqualTo("v=" + Base64.getEncoder()
            .encodeToString(formatter.serverSignature(formatter.serverKey(salted), first, serverFirst, fin)));
    }

    @Test
    void wrongPasswordAndForeignNonceAreRefused() throws Exception {
        SaslAuthentication sasl = withRfcUser();
        ScramFormatter formatter = new ScramFormatter(sha256);
        ClientFirstMessage first = new ClientFirstMessage(bytes(CLIENT_FIRST));

        SaslServer wrongPassword = sasl.newServer("SASL_PLAINTEXT", "SCRAM-SHA-256");
        ServerFirstMessage serverFirst = new ServerFirstMessage(wrongPassword.evaluateResponse(bytes(CLIENT_FIRST)));
        ClientFinalMessage fin = new ClientFinalMessage(bytes("n,,"), serverFirst.nonce());
        fin.proof(formatter.clientProof(formatter.saltedPassword("pencil2", SALT, 4096), first, serverFirst, fin));
        assertThatThrownBy(() -> wrongPassword.evaluateResponse(fin.toBytes()))
            .isInstanceOfAny(SaslException.class, SaslAuthenticationException.class);
        assertThat(wrongPassword.isComplete()).isFalse();

        // The RFC's own final message carries the RFC's server nonce, not the one this server chose.
        SaslServer replay = sasl.newServer("SASL_PLAINTEXT", "SCRAM-SHA-256");
        replay.evaluateResponse(bytes(CLIENT_FIRST));
        assertThatThrownBy(() -> replay.evaluateResponse(bytes(CLIENT_FINAL_NO_PROOF + ",p=" + PROOF)))
            .isInstanceOf(SaslException.class);
    }

    @Test
    void unknownUserIsRefusedAtTheFirstMessage() {
        SaslAuthentication sasl = withRfcUser();
        SaslServer server = sasl.newServer("SASL_PLAINTEXT", "SCRAM-SHA-512");
        assertThatThrownBy(() -> server.evaluateResponse(bytes(CLIENT_FIRST)))
            .isInstanceOf(SaslException.class).hasMessageContaining("Invalid user credentials");
    }

    private SaslAuthentication withRfcUser() {
        ScramCredentialStore store = ScramCredentialStore.inMemory();
        try {
            byte[] salted = new ScramFormatter(sha256).saltedPassword("pencil", SALT, 4096);
            store.apply(List.of(new ScramCredentialStore.Upsert("user", sha256,
                ScramCredentials.fromSaltedPassword(sha256, SALT, salted, 4096)))).join();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return new SaslAuthentication(new SaslSettings(Map.of()), store);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
