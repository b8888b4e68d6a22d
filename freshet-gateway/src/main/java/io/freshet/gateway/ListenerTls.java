package io.freshet.gateway;

import org.apache.kafka.common.security.auth.KafkaPrincipal;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * TLS of one gateway listener ({@code MQTTS}, {@code HTTPS}), configured from Kafka's keys
 * ({@code listener.name.<name>.ssl.*} over {@code ssl.*}): a server engine per connection, and the principal of a
 * client certificate as Kafka's SSL listener names it ({@code ssl.principal.mapping.rules} over the subject DN).
 * Thread-safe.
 */
public interface ListenerTls {

    /** A new server-mode engine for one connection ({@code ssl.client.auth} applied). */
    SSLEngine newEngine();

    /** The principal of a session whose client certificate was verified. */
    KafkaPrincipal principal(SSLSession session);
}
