package io.freshet.broker.handler;

import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Per-connection state that handlers share across requests. Owned by the connection's event loop.
 *
 * <p>{@code appendTail} completes when the last produce request of the connection has appended (or failed).
 * A produce that must wait (for example for an auto-created topic) would otherwise let a later produce of the
 * same connection append first, and an idempotent producer's sequence numbers would then arrive out of order.
 *
 * <p>Close hooks: state kept elsewhere on behalf of this connection (share sessions) is ended by a hook the
 * network layer runs once the socket is closed.
 *
 * <p>Who the client is: the listener it connected to, that listener's security protocol, its address, and its
 * principal ({@code User:ANONYMOUS} until TLS client authentication or SASL says otherwise). Handlers authorize
 * with {@link #principal()} and {@link #clientAddress()}.
 */
public final class ConnectionState {

    private CompletableFuture<Void> appendTail = CompletableFuture.completedFuture(null);
    private final Map<Object, Runnable> closeHooks = new LinkedHashMap<>();
    private boolean closed;
    private String listenerName = "PLAINTEXT";
    private SecurityProtocol securityProtocol = SecurityProtocol.PLAINTEXT;
    private InetAddress clientAddress = InetAddress.getLoopbackAddress();
    private KafkaPrincipal principal = KafkaPrincipal.ANONYMOUS;
    private final SaslSession sasl = new SaslSession(); // where a SASL listener's client is in authenticating

    public String listenerName() {
        return listenerName;
    }

    public SecurityProtocol securityProtocol() {
        return securityProtocol;
    }

    public InetAddress clientAddress() {
        return clientAddress;
    }

    public KafkaPrincipal principal() {
        return principal;
    }

    /** Set by the network layer when the connection opens. */
    public void accepted(String listenerName, SecurityProtocol protocol, InetAddress clientAddress) {
        this.listenerName = listenerName;
        this.securityProtocol = protocol;
        this.clientAddress = clientAddress;
    }

    /** Set when TLS client authentication or SASL has established who the client is. */
    public void authenticated(KafkaPrincipal principal) {
        this.principal = principal;
    }

    public SaslSession sasl() {
        return sasl;
    }

    public CompletableFuture<Void> appendTail() {
        return appendTail;
    }

    public void appendTail(CompletableFuture<Void> tail) {
        this.appendTail = tail;
    }

    /** Runs {@code hook} when the connection closes; a second hook under the same key is ignored. */
    public void onClose(Object key, Runnable hook) {
        if (closed) {
            hook.run();
        } else {
            closeHooks.putIfAbsent(key, hook);
        }
    }

    /** The connection closed: runs the hooks, once. */
    public void closed() {
        if (closed) {
            return;
        }
        closed = true;
        closeHooks.values().forEach(Runnable::run);
        closeHooks.clear();
    }
}
