package io.freshet.server;

import io.freshet.gateway.ListenerTls;

/**
 * The TLS of the MQTTS and HTTPS listeners, from Kafka's {@code ssl.*} keys of their listener name.
 */
final class GatewayTls {

    private GatewayTls() {
    }

    /** Until the server's TLS engines are wired: a TLS gateway listener cannot start. */
    static ListenerTls refuse(String listenerName) {
        throw new IllegalArgumentException(listenerName + " listener: TLS is not available in this build");
    }
}
