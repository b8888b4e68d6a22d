package io.freshet.mqtt.session;

import io.freshet.mqtt.message.Message;
import io.netty.util.concurrent.EventExecutor;

import java.util.List;

/**
 * A session's way to its client, implemented by the protocol layer (one per connection). Every method is called on
 * {@link #executor()}, the connection's event loop, which owns the session while it is attached.
 */
public interface ClientLink {

    String clientId();

    /** 4 for MQTT 3.1.1, 5 for MQTT 5. */
    int protocolVersion();

    EventExecutor executor();

    /** How many QoS 1 and 2 PUBLISHes may be unacknowledged towards the client (its Receive Maximum). */
    int receiveMaximum();

    /**
     * Sends a PUBLISH (the protocol layer applies topic aliases and the client's Maximum Packet Size).
     *
     * @param packetId 0 for QoS 0
     * @param subscriptionIds the matching subscriptions' identifiers (MQTT 5; empty if none)
     * @return false if the message was not sent because it is larger than the client's Maximum Packet Size (the spec
     *     says to discard it as if it had been delivered)
     */
    boolean sendPublish(Message message, int packetId, boolean dup, List<Integer> subscriptionIds);

    void sendPubrel(int packetId);

    /** False while the socket's outbound buffer is above its high-water mark: stop sending until told writable. */
    boolean isWritable();

    /** {@code host:port} of the client's end of the connection, for operators (the console); "" when unknown. */
    default String remoteAddress() {
        return "";
    }

    /** Closes the connection from the server side, with a DISCONNECT carrying {@code reasonCode} on MQTT 5. */
    void close(int reasonCode, String reasonString);
}
