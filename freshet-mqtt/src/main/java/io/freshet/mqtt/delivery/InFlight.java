package io.freshet.mqtt.delivery;

import io.freshet.mqtt.message.Message;
import org.apache.kafka.common.TopicPartition;

import java.util.List;

/**
 * One outbound QoS 1/2 message the client has not finished acknowledging, under its packet id. The message itself
 * is not kept: it is read again from the log at {@code partition}/{@code offset} when it must be resent, so the
 * window costs little memory. A retained message sent on subscribe has no offset: it is kept as {@code retained}
 * (or, restored after a restart, looked up again by {@code retainedTopic}). Owned by the session's thread.
 */
final class InFlight {

    enum Stage {
        /** PUBLISH sent (or about to be), waiting for PUBACK / PUBREC. */
        PUBLISH,
        /** QoS 2: PUBREC received, PUBREL sent (or about to be), waiting for PUBCOMP. */
        PUBREL
    }

    final int packetId;
    final TopicPartition partition;
    final long offset;
    final String retainedTopic;
    final int qos;
    final boolean retain;
    final List<Integer> subscriptionIds;
    /** The share group that handed the record over, or null: its completion is reported back there. */
    final ShareGroup group;

    Message retained;
    Stage stage = Stage.PUBLISH;
    /** The state version that must be durable before this entry's PUBLISH (QoS 2) or PUBREL goes out; 0: none. */
    long needsVersion;

    InFlight(int packetId, TopicPartition partition, long offset, String retainedTopic, int qos, boolean retain,
             List<Integer> subscriptionIds, ShareGroup group) {
        this.packetId = packetId;
        this.partition = partition;
        this.offset = offset;
        this.retainedTopic = retainedTopic;
        this.qos = qos;
        this.retain = retain;
        this.subscriptionIds = List.copyOf(subscriptionIds);
        this.group = group;
    }

    static InFlight fromLog(int packetId, TopicPartition partition, long offset, int qos, boolean retain,
                            List<Integer> subscriptionIds, ShareGroup group) {
        return new InFlight(packetId, partition, offset, null, qos, retain, subscriptionIds, group);
    }

    static InFlight retained(int packetId, Message message, List<Integer> subscriptionIds) {
        InFlight entry = new InFlight(packetId, null, -1, message.topic(), message.qos(), true, subscriptionIds,
            null);
        entry.retained = message;
        return entry;
    }

    /** A PUBREL restored after a restart: only the packet id is left of it. */
    static InFlight releasing(int packetId) {
        InFlight entry = new InFlight(packetId, null, -1, null, 2, false, List.of(), null);
        entry.stage = Stage.PUBREL;
        return entry;
    }

    boolean fromLog() {
        return partition != null;
    }

    boolean isShared() {
        return group != null;
    }
}
