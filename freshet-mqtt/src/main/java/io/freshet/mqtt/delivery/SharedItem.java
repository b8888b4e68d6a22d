package io.freshet.mqtt.delivery;

import io.freshet.gateway.LogRecord;
import io.freshet.mqtt.message.Message;

/**
 * A record a share group handed to one member. {@code memberGeneration}: the member's attachment the group
 * handed it to; an item reaching a later attachment is stale (the group took it back when the member detached).
 */
record SharedItem(ShareGroup group, LogRecord record, Message message, int memberGeneration) {
}
