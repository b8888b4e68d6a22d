package io.freshet.mqtt.delivery;

import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.MessageProperties;

import java.util.Optional;

/**
 * MQTT 5 Message Expiry Interval on the way out (3.3.2.3.3): a message whose interval has passed since it was
 * written is not delivered; one still alive is sent with the interval that remains.
 */
final class MessageExpiry {

    private MessageExpiry() {
    }

    /**
     * The message with its remaining expiry interval (whole seconds, rounded up so an alive message never says 0), or
     * empty if it expired. {@code writtenAt}: the record's timestamp.
     */
    static Optional<Message> remaining(Message message, long writtenAt, long nowMs) {
        MessageProperties p = message.properties();
        Long interval = p.messageExpirySeconds();
        if (interval == null) {
            return Optional.of(message);
        }
        long remainingMs = interval * 1000 - Math.max(0, nowMs - writtenAt);
        if (remainingMs <= 0) {
            return Optional.empty();
        }
        long seconds = (remainingMs + 999) / 1000;
        MessageProperties left = new MessageProperties(p.payloadFormatIndicator(), seconds, p.contentType(),
            p.responseTopic(), p.correlationData(), p.userProperties());
        return Optional.of(new Message(message.topic(), message.payload(), message.qos(), message.retain(), left));
    }

    /**
     * For a resend of a message whose delivery already began (it must be completed even if it expired meanwhile):
     * the remaining interval, at least 1 s.
     */
    static Message forResend(Message message, long writtenAt, long nowMs) {
        return remaining(message, writtenAt, nowMs).orElseGet(() -> {
            MessageProperties p = message.properties();
            return new Message(message.topic(), message.payload(), message.qos(), message.retain(),
                new MessageProperties(p.payloadFormatIndicator(), 1L, p.contentType(), p.responseTopic(),
                    p.correlationData(), p.userProperties()));
        });
    }
}
