package io.freshet.mqtt.delivery;

import io.freshet.gateway.LogRecord;
import io.freshet.mqtt.mapping.MessageHeaders;
import io.freshet.mqtt.message.Message;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One session's non-shared subscriptions served from what its {@link SessionPartitions} read: each record mapped to
 * an MQTT message, matched once against the subscriptions (highest QoS, every identifier, No Local), dropped if
 * expired, and sent through the {@link OutboundWindow}; partitions take turns, records of one partition go in log
 * order. Owned by the session's thread.
 */
final class DirectDelivery {

    private final String clientId;
    private final DeliveryContext ctx;
    private final SubscriptionSet subscriptions;
    private final SessionPartitions partitions;
    private final OutboundWindow window;
    private final DurableState durable;

    DirectDelivery(String clientId, DeliveryContext ctx, SubscriptionSet subscriptions, SessionPartitions partitions,
                   OutboundWindow window, DurableState durable) {
        this.clientId = clientId;
        this.ctx = ctx;
        this.subscriptions = subscriptions;
        this.partitions = partitions;
        this.window = window;
        this.durable = durable;
    }

    /** Sends the records read so far; returns true if some must wait (window full, socket not writable). */
    boolean send(int protocolVersion) {
        boolean moved = false;
        boolean blocked = false;
        for (PartitionCursor cursor : partitions.inTurn()) {
            if (blocked) {
                break;
            }
            while (!cursor.pending.isEmpty()) {
                if (!offer(cursor.partition, cursor.pending.peekFirst(), protocolVersion)) {
                    blocked = true;
                    break;
                }
                cursor.pending.pollFirst();
                moved = true;
            }
        }
        if (moved) {
            durable.changed(false); // positions moved: stored within the batch delay
        }
        return blocked;
    }

    /** Sends {@code record} if this session's subscriptions take it; false if it must wait (window, socket). */
    private boolean offer(TopicPartition tp, LogRecord record, int protocolVersion) {
        Optional<Message> mapped = ctx.mapper().toMessage(record);
        if (mapped.isEmpty()) {
            return true; // no MQTT topic for it
        }
        Message message = mapped.get();
        Optional<Match> match = subscriptions.matchDirect(message, header(record, MessageHeaders.CLIENT_ID), clientId);
        if (match.isEmpty()) {
            return true;
        }
        Optional<Message> alive = MessageExpiry.remaining(message, record.timestamp(), ctx.time().milliseconds());
        if (alive.isEmpty()) {
            return true;
        }
        int qos = Math.min(message.qos(), match.get().qos());
        if (!window.canSend(qos)) {
            return false;
        }
        boolean retain = message.retain() && match.get().retainAsPublished();
        List<Integer> ids = protocolVersion >= 5 ? match.get().subscriptionIds() : List.of();
        window.sendFromLog(alive.get().withQos(qos).withRetain(retain), ids, tp, record.offset(), null);
        return true;
    }

    private static String header(LogRecord record, String name) {
        String value = null;
        for (Header h : record.headers()) {
            if (h.key().equals(name) && h.value() != null) {
                value = new String(h.value(), StandardCharsets.UTF_8);
            }
        }
        return value;
    }
}
