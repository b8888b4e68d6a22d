package io.freshet.server;

import io.freshet.gateway.ListenerTls;
import io.freshet.security.tls.ServerTls;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import java.util.Map;

/**
 * The TLS of an MQTTS or HTTPS listener: freshet-security's {@link ServerTls} for that listener name
 * ({@code listener.name.mqtts.ssl.*} / {@code listener.name.https.ssl.*} over {@code ssl.*}, Kafka's
 * DefaultSslEngineFactory, the client certificate's principal as Kafka's default principal builder names it).
 */
final class GatewayTls implements ListenerTls {

    private final ServerTls tls;

    private GatewayTls(ServerTls tls) {
        this.tls = tls;
    }

    /** @throws IllegalArgumentException naming the key at fault */
    static GatewayTls fromProperties(Map<String, String> props, String listenerName) {
        return new GatewayTls(ServerTls.forListener(listenerName, props));
    }

    @Override
    public SSLEngine newEngine() {
        return tls.newServerEngine(null, -1);
    }

    @Override
    public KafkaPrincipal principal(SSLSession session) {
        return tls.principal(session, null); // the address is only context for a custom principal builder
    }
}
