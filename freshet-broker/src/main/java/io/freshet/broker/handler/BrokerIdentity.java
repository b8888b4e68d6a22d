package io.freshet.broker.handler;

import java.util.function.IntSupplier;

/**
 * Who this broker is, as Metadata reports it. The port is a supplier because handlers are built before the
 * listener binds, and with port 0 only the bound port is worth advertising.
 */
public record BrokerIdentity(int nodeId, String host, IntSupplier port, String clusterId) {
}
