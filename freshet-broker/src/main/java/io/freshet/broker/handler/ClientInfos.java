package io.freshet.broker.handler;

import io.freshet.coordinator.ClientInfo;

import java.net.InetSocketAddress;

/** The coordinator's view of who sent a request. */
final class ClientInfos {

    private ClientInfos() {
    }

    static ClientInfo of(RequestContext context) {
        String host = context.remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null
            ? "/" + inet.getAddress().getHostAddress() : String.valueOf(context.remoteAddress());
        return new ClientInfo(context.clientId() == null ? "" : context.clientId(), host, context.apiVersion());
    }
}
