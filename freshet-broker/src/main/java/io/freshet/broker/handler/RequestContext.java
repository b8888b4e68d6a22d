package io.freshet.broker.handler;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;

import java.net.SocketAddress;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a handler knows about the request besides its body.
 *
 * @param eventLoop  the connection's event loop: handlers are called on it, may schedule timers on it (long-poll
 *                   fetch) and hop back to it after asynchronous work; never block it
 * @param connection state that outlives one request of this connection; touched only on {@code eventLoop}
 */
public record RequestContext(RequestHeader header, SocketAddress remoteAddress, ScheduledExecutorService eventLoop,
                             ConnectionState connection) {

    public short apiVersion() {
        return header.apiVersion();
    }

    public ApiKeys apiKey() {
        return header.apiKey();
    }

    public String clientId() {
        return header.clientId();
    }
}
