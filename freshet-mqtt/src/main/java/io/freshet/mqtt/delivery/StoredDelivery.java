package io.freshet.mqtt.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.freshet.mqtt.message.TopicFilter;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A persistent session's delivery state as stored under {@code delivery/CLIENT} in {@code __mqtt_sessions}: JSON,
 * one value per session, rewritten whole (the topic is compacted, so only the latest counts). Format version 1:
 * <pre>
 * {"version":1,
 *  "subscriptions":[{"filter":"sensors/+/temp","qos":1,"noLocal":false,"retainAsPublished":false,
 *                    "retainHandling":0,"subscriptionId":0}],
 *  "positions":[{"topic":"sensors","partition":0,"offset":42}],
 *  "inFlight":[{"packetId":7,"stage":"PUBLISH","topic":"sensors","partition":0,"offset":40,"qos":2,
 *               "retain":false,"subscriptionIds":[]},
 *              {"packetId":8,"stage":"PUBLISH","retainedTopic":"sensors/dev1","qos":1,"retain":true,...},
 *              {"packetId":5,"stage":"PUBREL","qos":2,...}]}
 * </pre>
 * A position is where reading restarts: every record below it was sent (QoS 0), skipped, completed, or is listed in
 * {@code inFlight}. In-flight entries are in the order they were first sent (the order of resending). Entries of
 * shared subscriptions are not stored: their share group's committed offsets cover them. Unknown fields are ignored,
 * so a newer Freshet may add some.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StoredDelivery(int version, List<StoredSubscription> subscriptions, List<StoredPosition> positions,
                      List<StoredInFlight> inFlight) {

    static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    StoredDelivery {
        subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
        positions = positions == null ? List.of() : List.copyOf(positions);
        inFlight = inFlight == null ? List.of() : List.copyOf(inFlight);
    }

    record StoredSubscription(String filter, int qos, boolean noLocal, boolean retainAsPublished,
                              int retainHandling, int subscriptionId) {
    }

    record StoredPosition(String topic, int partition, long offset) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StoredInFlight(int packetId, String stage, String topic, Integer partition, Long offset,
                          String retainedTopic, int qos, boolean retain, List<Integer> subscriptionIds) {
    }

    /**
     * The state of a session now. Shared subscriptions' PUBLISHes in flight are left out (their group's offsets
     * cover them); PUBRELs keep only their packet id.
     */
    static StoredDelivery of(Collection<Subscription> subscriptions, Collection<PartitionCursor> cursors,
                             Collection<InFlight> inFlight) {
        List<StoredSubscription> subs = new ArrayList<>();
        for (Subscription s : subscriptions) {
            subs.add(new StoredSubscription(s.filter().toString(), s.qos(), s.noLocal(), s.retainAsPublished(),
                s.retainHandling(), s.subscriptionId()));
        }
        List<StoredPosition> positions = new ArrayList<>();
        for (PartitionCursor cursor : cursors) {
            positions.add(new StoredPosition(cursor.partition.topic(), cursor.partition.partition(),
                cursor.position()));
        }
        List<StoredInFlight> entries = new ArrayList<>();
        for (InFlight e : inFlight) {
            if (e.stage == InFlight.Stage.PUBREL) {
                entries.add(new StoredInFlight(e.packetId, e.stage.name(), null, null, null, null, 2, false,
                    List.of()));
            } else if (e.fromLog() && !e.isShared()) {
                entries.add(new StoredInFlight(e.packetId, e.stage.name(), e.partition.topic(),
                    e.partition.partition(), e.offset, null, e.qos, e.retain, e.subscriptionIds));
            } else if (!e.fromLog()) {
                entries.add(new StoredInFlight(e.packetId, e.stage.name(), null, null, null, e.retainedTopic, e.qos,
                    true, e.subscriptionIds));
            }
        }
        return new StoredDelivery(VERSION, subs, positions, entries);
    }

    /** The subscriptions; one whose filter no longer parses is left out. */
    List<Subscription> toSubscriptions() {
        List<Subscription> restored = new ArrayList<>();
        for (StoredSubscription s : subscriptions) {
            TopicFilter.parse(s.filter()).ifPresent(filter -> restored.add(new Subscription(filter, s.qos(),
                s.noLocal(), s.retainAsPublished(), s.retainHandling(), s.subscriptionId())));
        }
        return restored;
    }

    /** The subscriptions as {@code FILTER@QOS}, as {@link SessionDelivery#subscriptions()} shows them. */
    List<String> describeSubscriptions() {
        return subscriptions.stream().map(s -> s.filter() + "@" + s.qos()).toList();
    }

    /** The in-flight entries, in the order they were sent. */
    List<InFlight> toInFlight() {
        List<InFlight> restored = new ArrayList<>();
        for (StoredInFlight f : inFlight) {
            List<Integer> ids = f.subscriptionIds() == null ? List.of() : f.subscriptionIds();
            if (InFlight.Stage.PUBREL.name().equals(f.stage())) {
                restored.add(InFlight.releasing(f.packetId()));
            } else if (f.topic() != null && f.partition() != null && f.offset() != null) {
                restored.add(InFlight.fromLog(f.packetId(), new TopicPartition(f.topic(), f.partition()),
                    f.offset(), f.qos(), f.retain(), ids, null));
            } else if (f.retainedTopic() != null) {
                restored.add(new InFlight(f.packetId(), null, -1, f.retainedTopic(), f.qos(), true, ids, null));
            }
        }
        return restored;
    }

    byte[] encode() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a stored value; fails with {@link IllegalArgumentException} for one it cannot read. */
    static StoredDelivery decode(byte[] bytes) {
        StoredDelivery stored;
        try {
            stored = JSON.readValue(bytes, StoredDelivery.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable delivery state: " + e.getMessage(), e);
        }
        if (stored.version() != VERSION) {
            throw new IllegalArgumentException("delivery state version " + stored.version() + " is not "
                + VERSION);
        }
        return stored;
    }
}
