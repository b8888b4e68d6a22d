package io.freshet.security.auth;

import io.freshet.security.acl.Authorizer;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The protocol-free part of how the MQTT and HTTP listeners decide who a client is; each listener keeps its own
 * answers (CONNACK codes, 401):
 * <ul>
 *   <li>a user name and password: checked by {@link PasswordCheck}, which may cost PBKDF2, so on {@code checks}
 *       ({@link #onCheckThread}), never on an event loop;</li>
 *   <li>no credentials on a TLS session with a verified client certificate: the certificate's principal;</li>
 *   <li>no credentials otherwise: {@code User:ANONYMOUS}, or refused when anonymous clients are not allowed.</li>
 * </ul>
 * Thread-safe.
 */
public final class ClientAuthentication {

    private final PasswordCheck passwords;
    private final Authorizer authorizer;
    private final boolean allowAnonymous;
    private final Executor checks;
    private final Function<SSLSession, KafkaPrincipal> certificatePrincipal;

    /**
     * @param certificatePrincipal the principal of a TLS session with a verified client certificate (Kafka's rules:
     *                             {@code ssl.principal.mapping.rules} over the subject DN)
     */
    public ClientAuthentication(PasswordCheck passwords, Authorizer authorizer, boolean allowAnonymous,
                                Executor checks, Function<SSLSession, KafkaPrincipal> certificatePrincipal) {
        this.passwords = passwords;
        this.authorizer = authorizer;
        this.allowAnonymous = allowAnonymous;
        this.checks = checks;
        this.certificatePrincipal = certificatePrincipal;
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    /** {@code User:NAME} when the password is right for that user, else empty; may block (call it on a check). */
    public Optional<KafkaPrincipal> checkPassword(String username, byte[] password) {
        return passwords.check(username, password);
    }

    /** {@code check} (one that calls {@link #checkPassword}) run on a password-check thread. */
    public <T> CompletableFuture<T> onCheckThread(Supplier<T> check) {
        return CompletableFuture.supplyAsync(check, checks);
    }

    /**
     * Who a client that sent no credentials is: the certificate's principal when {@code tls} (null without TLS) has
     * a verified client certificate, else {@code User:ANONYMOUS} when anonymous clients are allowed, else empty
     * (the listener refuses it).
     */
    public Optional<KafkaPrincipal> withoutCredentials(SSLSession tls) {
        Optional<KafkaPrincipal> certificate = certificatePrincipal(tls);
        if (certificate.isPresent()) {
            return certificate;
        }
        return allowAnonymous ? Optional.of(KafkaPrincipal.ANONYMOUS) : Optional.empty();
    }

    private Optional<KafkaPrincipal> certificatePrincipal(SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        try {
            session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty(); // no client certificate (ssl.client.auth none or requested)
        }
        return Optional.of(certificatePrincipal.apply(session));
    }
}
