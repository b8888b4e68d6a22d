package io.freshet.security.listener;

import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * One entry of {@code listeners} or {@code advertised.listeners}: its (upper-case) name, the security protocol the
 * name maps to, a host (never bracketed; an IPv6 literal is bare) and a port (0: any free port, for a bound one).
 */
public record ListenerEndpoint(String name, SecurityProtocol protocol, String host, int port) {

    public ListenerName listenerName() {
        return new ListenerName(name);
    }

    /** True when the protocol runs over TLS (SSL and SASL_SSL). */
    public boolean tls() {
        return protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL;
    }

    /** The same endpoint on another port (a bound port 0 once the socket is bound). */
    public ListenerEndpoint withPort(int newPort) {
        return new ListenerEndpoint(name, protocol, host, newPort);
    }

    /** {@code host:port}, with an IPv6 host in brackets. */
    public String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** As written in {@code listeners}: {@code NAME://host:port}. */
    @Override
    public String toString() {
        return name + "://" + hostPort();
    }
}
