package io.freshet.mqtt.delivery;

import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.session.ClientLink;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One session's outbound QoS 1/2 window and the client's acknowledgements in it. At most {@code limit}
 * ({@code min(client Receive Maximum, mqtt.max.inflight.messages)}) PUBLISHes are unacknowledged, each an
 * {@link InFlight} under a packet id from {@link PacketIds}, kept in the order first sent: the order of resending.
 *
 * <p>A PUBLISH or PUBREL that needs a state version durable first (a QoS 2 packet id before its first PUBLISH, the
 * PUBREL stage before the PUBREL) waits in {@code held}, and everything sent after it waits behind it, so order is
 * kept; {@link #sendHeld} lets them go as {@link DurableState} reports writes done.
 *
 * <p>Owned by the session's thread, like the {@link LogSessionDelivery} it belongs to.
 */
final class OutboundWindow {

    /** Messages waiting for a state write before they go out; more waits in the log. */
    private static final int HELD_LIMIT = 1024;

    private final ShareMember member;
    private final DurableState durable;
    private final PacketIds packetIds = new PacketIds();
    /** In the order the PUBLISHes were first sent: the order of resending. */
    private final LinkedHashMap<Integer, InFlight> inFlight = new LinkedHashMap<>();
    private final ArrayDeque<Outgoing> held = new ArrayDeque<>();

    private ClientLink link;
    private int limit = 1;

    /** A PUBLISH or PUBREL to send, once {@code needsVersion} of the state is durable. */
    private record Outgoing(InFlight entry, Message message, boolean dup, List<Integer> subscriptionIds,
                            long needsVersion, boolean pubrel) {

        static Outgoing pubrel(InFlight entry) {
            return new Outgoing(entry, null, false, List.of(), entry.needsVersion, true);
        }
    }

    /**
     * @param member the session, as share groups know it: a shared record's completion is reported in its name
     */
    OutboundWindow(ShareMember member, DurableState durable) {
        this.member = member;
        this.durable = durable;
    }

    // ---------------------------------------------------------------- attach / detach

    void attach(ClientLink newLink, int windowLimit) {
        link = newLink;
        limit = windowLimit;
    }

    /**
     * The connection is gone. Shared PUBLISHes are forgotten (their group gives them to other members now); the rest
     * stays in flight and is resent on the next attach. What was held is dropped: QoS 0 ones are lost, the others
     * are in flight.
     */
    void detach() {
        for (Iterator<InFlight> it = inFlight.values().iterator(); it.hasNext(); ) {
            InFlight e = it.next();
            if (e.isShared() && e.stage == InFlight.Stage.PUBLISH) {
                it.remove();
                packetIds.release(e.packetId);
            }
        }
        held.clear();
        link = null;
    }

    /** The session is discarded: nothing is owed any more. */
    void clear() {
        inFlight.clear();
    }

    /** An entry from the stored state (at open, before anyone else sees the session). */
    void restore(InFlight entry) {
        packetIds.reserve(entry.packetId);
        inFlight.put(entry.packetId, entry);
    }

    int limit() {
        return limit;
    }

    /** What is in flight, in the order first sent. */
    Collection<InFlight> entries() {
        return inFlight.values();
    }

    boolean isInFlight(InFlight entry) {
        return inFlight.get(entry.packetId) == entry;
    }

    // ---------------------------------------------------------------- sending

    /** Whether a message of {@code qos} can go out now: the socket takes it and (QoS 1/2) the window has room. */
    boolean canSend(int qos) {
        return link.isWritable() && held.size() < HELD_LIMIT && (qos == 0 || inFlight.size() < limit);
    }

    /** Sends a QoS 0 message: nothing to track. */
    void sendAtMostOnce(Message out, List<Integer> ids) {
        emit(new Outgoing(null, out, false, ids, 0, false));
    }

    /** Sends a message read from the log ({@code group}: the share group that handed it over, or null). */
    void sendFromLog(Message out, List<Integer> ids, TopicPartition tp, long offset, ShareGroup group) {
        if (out.qos() == 0) {
            sendAtMostOnce(out, ids);
            return;
        }
        InFlight entry = InFlight.fromLog(packetIds.allocate(), tp, offset, out.qos(), out.retain(), ids, group);
        inFlight.put(entry.packetId, entry);
        if (group == null) {
            // QoS 2: the packet id is durable before the first PUBLISH, so a resend after a restart carries it
            // and the client discards the duplicate. QoS 1 only needs it eventually (at least once).
            long version = durable.changed(out.qos() == 2);
            entry.needsVersion = out.qos() == 2 ? version : 0;
        }
        emit(new Outgoing(entry, out, false, ids, entry.needsVersion, false));
    }

    /** Sends a QoS 1/2 retained message for a new subscription: it has no offset, so the message is kept. */
    void sendRetained(Message out, List<Integer> ids) {
        InFlight entry = InFlight.retained(packetIds.allocate(), out, ids);
        inFlight.put(entry.packetId, entry);
        entry.needsVersion = out.qos() == 2 ? durable.changed(true) : 0;
        if (out.qos() == 1) {
            durable.changed(false);
        }
        emit(new Outgoing(entry, out, false, ids, entry.needsVersion, false));
    }

    /** Resends an entry's PUBLISH on attach (DUP set, same packet id). */
    void resendPublish(InFlight entry, Message message) {
        emit(new Outgoing(entry, message, true, entry.subscriptionIds, entry.needsVersion, false));
    }

    void resendPubrel(InFlight entry) {
        emit(Outgoing.pubrel(entry));
    }

    /** A state write is done: sends what waited for it, in order, up to the first that still waits. */
    void sendHeld() {
        while (link != null && !held.isEmpty() && durable.isDurable(held.peekFirst().needsVersion())) {
            transmit(held.pollFirst());
        }
    }

    /** Sends now, or holds behind what waits for a state write (so order is kept). */
    private void emit(Outgoing out) {
        if (!held.isEmpty() || !durable.isDurable(out.needsVersion())) {
            held.addLast(out);
            return;
        }
        transmit(out);
    }

    private void transmit(Outgoing out) {
        InFlight entry = out.entry();
        if (out.pubrel()) {
            link.sendPubrel(entry.packetId);
            return;
        }
        boolean sent = link.sendPublish(out.message(), entry == null ? 0 : entry.packetId, out.dup(),
            out.subscriptionIds());
        if (!sent && entry != null && inFlight.get(entry.packetId) == entry) {
            finish(entry); // larger than the client takes: discarded as if delivered (MQTT 5 3.1.2.25)
        }
    }

    // ---------------------------------------------------------------- acknowledgements

    /** Returns whether a window slot was freed (the session then sends more). */
    boolean puback(int packetId) {
        InFlight entry = inFlight.get(packetId);
        if (entry != null && entry.qos == 1) {
            finish(entry);
            return true;
        }
        return false;
    }

    /** Returns whether a window slot was freed (the session then sends more). */
    boolean pubrec(int packetId, int reasonCode) {
        InFlight entry = inFlight.get(packetId);
        if (entry == null || entry.qos != 2) {
            return false;
        }
        if (entry.stage == InFlight.Stage.PUBREL) {
            emit(Outgoing.pubrel(entry)); // the client did not get our PUBREL: again
            return false;
        }
        if (reasonCode >= 0x80) {
            finish(entry); // the client refused it: that delivery ends here
            return true;
        }
        if (entry.isShared()) {
            entry.group.completed(member, new PartitionOffset(entry.partition, entry.offset));
        }
        entry.stage = InFlight.Stage.PUBREL;
        // stored as done (past the position) and in the PUBREL stage before the PUBREL goes out: after a restart the
        // PUBREL is sent again, never the message
        entry.needsVersion = durable.changed(true);
        emit(Outgoing.pubrel(entry));
        return false;
    }

    /** Returns whether a window slot was freed (the session then sends more). */
    boolean pubcomp(int packetId) {
        InFlight entry = inFlight.get(packetId);
        if (entry != null && entry.stage == InFlight.Stage.PUBREL) {
            finish(entry);
            return true;
        }
        return false;
    }

    /** The client is done with {@code entry} (or its message is gone): its packet id and window slot are free. */
    void finish(InFlight entry) {
        inFlight.remove(entry.packetId);
        packetIds.release(entry.packetId);
        if (entry.isShared() && entry.stage == InFlight.Stage.PUBLISH) {
            entry.group.completed(member, new PartitionOffset(entry.partition, entry.offset));
        }
        durable.changed(false);
    }
}
