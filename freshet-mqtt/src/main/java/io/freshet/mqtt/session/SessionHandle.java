package io.freshet.mqtt.session;

import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.Outcome;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The protocol layer's handle on the session attached to its connection. Called only on the connection's event loop;
 * futures complete on any thread (the protocol layer hops back before writing).
 */
public interface SessionHandle {

    /** Whether the server had a session for this client id (CONNACK's Session Present). */
    boolean sessionPresent();

    /**
     * An inbound PUBLISH, already validated (topic name, QoS, alias resolved). QoS 0 completes when appended, QoS 1
     * and 2 when appended and fsynced: then PUBACK / PUBREC carry the outcome. A QoS 2 PUBLISH whose packet id is
     * already stored (a resend) completes with success without appending again.
     */
    CompletableFuture<Outcome> publish(Message message, int packetId);

    /** PUBREL from the client: the QoS 2 packet id is released. The outcome goes into PUBCOMP (0x92 if unknown). */
    CompletableFuture<Outcome> pubrel(int packetId);

    /** PUBACK from the client for an outbound QoS 1 PUBLISH. */
    void puback(int packetId);

    /** PUBREC from the client for an outbound QoS 2 PUBLISH (a failure reason code ends that delivery). */
    void pubrec(int packetId, int reasonCode);

    /** PUBCOMP from the client for an outbound QoS 2 PUBREL. */
    void pubcomp(int packetId);

    /**
     * SUBSCRIBE: one outcome per filter, in order (granted QoS, or a failure code). {@code subscriptionId} is the
     * MQTT 5 Subscription Identifier, 0 if absent.
     */
    CompletableFuture<List<Outcome>> subscribe(List<SubscriptionRequest> requests, int subscriptionId);

    /** UNSUBSCRIBE: one outcome per filter (0x00, or 0x11 No subscription existed). */
    CompletableFuture<List<Outcome>> unsubscribe(List<String> filters);

    /** The socket became writable again: resume sending. */
    void writable();

    /**
     * The connection ended. {@code sessionExpirySeconds}: the value of a v5 DISCONNECT's Session Expiry Interval, or
     * -1 to keep the one from CONNECT.
     */
    void disconnected(DisconnectKind kind, long sessionExpirySeconds);
}
