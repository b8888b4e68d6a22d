package io.freshet.broker.handler;

import java.util.function.Function;

/**
 * Who this broker is, as Metadata and FindCoordinator report it. The endpoint depends on the listener the request
 * came in on (a client follows the address it is given, so an SSL client must be told the SSL port), and is a
 * function because handlers are built before the listeners bind: with port 0 only the bound port is worth
 * advertising.
 */
public record BrokerIdentity(int nodeId, Function<String, Endpoint> endpoints, String clusterId) {

    /** A host and port a client connects to. */
    public record Endpoint(String host, int port) {
    }

    /** What a client connected to listener {@code listenerName} is told to connect to. */
    public Endpoint endpoint(String listenerName) {
        return endpoints.apply(listenerName);
    }
}
