package io.freshet.broker.handler;

import org.apache.kafka.common.security.auth.KafkaPrincipal;

import javax.security.sasl.SaslServer;

/**
 * Where one connection of a SASL listener is in its authentication: waiting for a handshake, exchanging tokens
 * with a kafka-clients {@link SaslServer}, authenticated (until its KIP-368 session expires), or failed (the
 * connection is closing). Owned by the connection's event loop.
 */
public final class SaslSession {

    enum Stage { HANDSHAKE, AUTHENTICATE, COMPLETE, FAILED }

    /** Kafka lets a client re-authenticate at most once a second. */
    static final long MIN_REAUTH_INTERVAL_NANOS = 1_000_000_000L;

    private Stage stage = Stage.HANDSHAKE;
    private String mechanism;
    private SaslServer server;
    private boolean rawTokens;
    private KafkaPrincipal principal;
    private long expiryNanos;
    private boolean expires;
    private long lastReauthStartNanos;
    private boolean reauthenticating;
    private String previousMechanism;
    private String badMechanismMessage;

    Stage stage() {
        return stage;
    }

    /** After a SaslHandshake v0 the client sends bare SASL tokens, not SaslAuthenticate requests. */
    public boolean expectsRawTokens() {
        return stage == Stage.AUTHENTICATE && rawTokens;
    }

    public boolean failed() {
        return stage == Stage.FAILED;
    }

    boolean reauthenticating() {
        return reauthenticating;
    }

    String mechanism() {
        return mechanism;
    }

    SaslServer server() {
        return server;
    }

    KafkaPrincipal principal() {
        return principal;
    }

    /** Set when a re-authentication asked for another mechanism: the next token fails with it (Kafka's message). */
    String badMechanismMessage() {
        return badMechanismMessage;
    }

    public boolean expired(long nowNanos) {
        return stage == Stage.COMPLETE && expires && nowNanos - expiryNanos > 0;
    }

    /** KIP-368: only a session with a lifetime is re-authenticated, and at most once a second. */
    boolean canBeginReauthentication(long nowNanos) {
        return stage == Stage.COMPLETE && expires
            && (lastReauthStartNanos == 0 || nowNanos - lastReauthStartNanos >= MIN_REAUTH_INTERVAL_NANOS);
    }

    void begin(String mechanism, SaslServer server, boolean rawTokens) {
        disposeServer();
        this.mechanism = mechanism;
        this.server = server;
        this.rawTokens = rawTokens;
        this.stage = Stage.AUTHENTICATE;
    }

    void beginReauthentication(String mechanism, SaslServer server, long nowNanos) {
        this.previousMechanism = this.mechanism;
        this.reauthenticating = true;
        this.lastReauthStartNanos = nowNanos;
        this.badMechanismMessage = previousMechanism.equals(mechanism) ? null : String.format(
            "SASL mechanism '%s' requested by client is not supported for re-authentication of mechanism '%s'",
            mechanism, previousMechanism);
        begin(mechanism, server, false);
    }

    /** @param lifetimeMs 0: the session never expires */
    void complete(KafkaPrincipal principal, long lifetimeMs, long nowNanos) {
        this.principal = principal;
        this.expires = lifetimeMs > 0;
        this.expiryNanos = nowNanos + lifetimeMs * 1_000_000L;
        this.reauthenticating = false;
        this.badMechanismMessage = null;
        this.stage = Stage.COMPLETE;
        disposeServer();
    }

    public void fail() {
        stage = Stage.FAILED;
        disposeServer();
    }

    private void disposeServer() {
        if (server != null) {
            try {
                server.dispose();
            } catch (Exception ignored) {
                // kafka-clients' servers only clear their state
            }
            server = null;
        }
    }
}
