package io.freshet.broker.handler;

import io.freshet.security.sasl.SaslAuthentication;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;

import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a connection of a SASL listener may send before it has authenticated, as Kafka's
 * {@code SaslServerAuthenticator} decides it: ApiVersions and SaslHandshake, then only SaslAuthenticate; any other
 * request fails the authentication and the connection closes. Also the KIP-368 session: after its lifetime, any
 * request but a re-authentication's SaslHandshake closes the connection. Shared by every connection (stateless;
 * the per-connection state is the {@link SaslSession}).
 */
public final class AuthenticationGate {

    /** What the network layer does with a request. */
    public enum Verdict {
        /** Hand it to its API handler. */
        HANDLE,
        /** Fail the authentication and close, without an answer (Kafka: a request before the handshake). */
        CLOSE,
        /** Answer the request's own error response (ILLEGAL_SASL_STATE), then close (Kafka: during the exchange). */
        REFUSE
    }

    private final SaslAuthentication sasl;

    public AuthenticationGate(SaslAuthentication sasl) {
        this.sasl = sasl;
    }

    static boolean isSasl(SecurityProtocol protocol) {
        return protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL;
    }

    public Verdict check(ConnectionState connection, ApiKeys apiKey, long nowNanos) {
        if (!isSasl(connection.securityProtocol())) {
            return Verdict.HANDLE;
        }
        SaslSession session = connection.sasl();
        return switch (session.stage()) {
            case HANDSHAKE -> apiKey == ApiKeys.API_VERSIONS || apiKey == ApiKeys.SASL_HANDSHAKE
                ? Verdict.HANDLE : Verdict.CLOSE;
            case AUTHENTICATE -> apiKey == ApiKeys.SASL_AUTHENTICATE ? Verdict.HANDLE : Verdict.REFUSE;
            case COMPLETE -> {
                if (apiKey == ApiKeys.SASL_HANDSHAKE && session.canBeginReauthentication(nowNanos)) {
                    yield Verdict.HANDLE;
                }
                yield session.expired(nowNanos) ? Verdict.CLOSE : Verdict.HANDLE;
            }
            case FAILED -> Verdict.CLOSE;
        };
    }

    /** Why a request was not handled, for the log and the error response (Kafka's wording). */
    public String refusal(ConnectionState connection, ApiKeys apiKey, long nowNanos) {
        SaslSession session = connection.sasl();
        return switch (session.stage()) {
            case HANDSHAKE -> "Unexpected Kafka request of type " + apiKey + " during SASL handshake.";
            case AUTHENTICATE -> "Unexpected Kafka request of type " + apiKey + " during SASL authentication.";
            case COMPLETE -> "SASL session of " + session.principal() + " expired (connections.max.reauth.ms) "
                + "without re-authentication";
            case FAILED -> "SASL authentication failed";
        };
    }

    /** How long a failed authentication waits before its answer and the close. */
    public long failedAuthenticationDelayMs() {
        return sasl.settings().failedAuthenticationDelayMs();
    }

    /**
     * Evaluates one client token of the connection's exchange (a SaslAuthenticate's bytes, or a bare token after a
     * SaslHandshake v0). On completion the connection is authenticated as {@code User:<authorization id>}.
     *
     * @throws SaslAuthenticationException the authentication failed, with the message Kafka gives the client; the
     *                                     session is then failed
     */
    Step evaluate(ConnectionState connection, byte[] token, long nowNanos) {
        SaslSession session = connection.sasl();
        try {
            if (session.badMechanismMessage() != null) {
                throw new SaslAuthenticationException(session.badMechanismMessage());
            }
            SaslServer server = session.server();
            byte[] response = server.evaluateResponse(token);
            if (!server.isComplete()) {
                return new Step(response, 0L, false);
            }
            KafkaPrincipal principal = new KafkaPrincipal(KafkaPrincipal.USER_TYPE, server.getAuthorizationID());
            if (session.reauthenticating() && !principal.equals(session.principal())) {
                KafkaPrincipal previous = session.principal();
                throw new SaslAuthenticationException(String.format(
                    "Cannot change principals during re-authentication from %s.%s: %s.%s",
                    previous.getPrincipalType(), previous.getName(), principal.getPrincipalType(),
                    principal.getName()));
            }
            long lifetimeMs = sasl.settings().maxReauthMs(connection.listenerName(), session.mechanism());
            session.complete(principal, lifetimeMs, nowNanos);
            connection.authenticated(principal);
            return new Step(response, lifetimeMs, true);
        } catch (SaslAuthenticationException e) {
            session.fail();
            throw e;
        } catch (SaslException | RuntimeException e) {
            // As Kafka: a SaslException's own text may tell whether the user exists, so the client gets a
            // generic message.
            String message = "Authentication failed during "
                + (session.reauthenticating() ? "re-authentication" : "authentication")
                + " due to invalid credentials with SASL mechanism " + session.mechanism();
            session.fail();
            throw new SaslAuthenticationException(message, e);
        }
    }

    /** One evaluated token: what to send back, and once complete the session's lifetime (0: none). */
    record Step(byte[] response, long sessionLifetimeMs, boolean complete) {
    }

    /** A bare token of the SaslHandshake v0 exchange; null when nothing is sent back. */
    public byte[] evaluateRawToken(ConnectionState connection, byte[] token, long nowNanos) {
        return evaluate(connection, token, nowNanos).response();
    }

    /**
     * Completes with {@code answer} once connection.failed.authentication.delay.ms has passed (a timer on the
     * connection's event loop, never a wait): Kafka holds a failed authentication's answer and close that long.
     */
    <T> CompletableFuture<T> afterFailureDelay(RequestContext context, T answer) {
        long delayMs = failedAuthenticationDelayMs();
        if (delayMs == 0) {
            return CompletableFuture.completedFuture(answer);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        context.eventLoop().schedule(() -> result.complete(answer), delayMs, TimeUnit.MILLISECONDS);
        return result;
    }

    SaslAuthentication sasl() {
        return sasl;
    }
}
