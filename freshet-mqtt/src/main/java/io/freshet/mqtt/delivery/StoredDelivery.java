package io.freshet.mqtt.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
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
