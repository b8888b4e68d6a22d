package io.freshet.mqtt.protocol;

import io.freshet.mqtt.message.ReasonCode;
import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.MessageProperties;
import io.freshet.mqtt.message.TopicFilter;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;

/**
 * Checks an inbound PUBLISH the decoder accepted (it already refused bad UTF-8, U+0000, wildcards, QoS 3 and packet
 * id 0) and makes its {@link Message}: resolves and records MQTT 5 topic aliases, and refuses what MQTT 5 calls a
 * protocol error (an alias out of range 0x94, an unknown alias, a Subscription Identifier from a client, an empty
 * topic). Owns the connection's inbound topic aliases; runs on its event loop.
 */
final class InboundPublishCheck {

    private final int protocolVersion;
    private final InboundTopicAliases aliases;

    InboundPublishCheck(int protocolVersion, int topicAliasMaximum) {
        this.protocolVersion = protocolVersion;
        this.aliases = new InboundTopicAliases(topicAliasMaximum);
    }

    sealed interface Result {
    }

    record Accepted(Message message) implements Result {
    }

    /** The connection is closed with {@code reasonCode} (MQTT 5 DISCONNECT). */
    record Violation(int reasonCode, String reason) implements Result {
    }

    Result check(MqttPublishMessage publish) {
        MqttPublishVariableHeader header = publish.variableHeader();
        String topic = header.topicName();
        MessageProperties messageProperties = MessageProperties.NONE;
        if (protocolVersion == 5) {
            MqttProperties properties = header.properties();
            Integer alias = MessagePropertiesCodec.intValue(properties, MqttProperties.TOPIC_ALIAS);
            if (alias != null) {
                if (!aliases.isValid(alias)) {
                    return new Violation(ReasonCode.TOPIC_ALIAS_INVALID,
                        "topic alias " + alias + " is not within 1.." + aliases.maximum());
                }
                if (topic.isEmpty()) {
                    topic = aliases.topic(alias);
                    if (topic == null) {
                        return new Violation(ReasonCode.PROTOCOL_ERROR, "topic alias " + alias + " was never set");
                    }
                } else {
                    aliases.set(alias, topic);
                }
            }
            if (properties.getProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER) != null) {
                return new Violation(ReasonCode.PROTOCOL_ERROR, "a client's PUBLISH carries a Subscription Identifier");
            }
            messageProperties = MessagePropertiesCodec.fromMqtt(properties);
            String invalid = invalidProperties(messageProperties);
            if (invalid != null) {
                return new Violation(ReasonCode.PROTOCOL_ERROR, invalid);
            }
        }
        if (topic.isEmpty()) {
            return new Violation(protocolVersion == 5 ? ReasonCode.PROTOCOL_ERROR : ReasonCode.MALFORMED_PACKET,
                "empty topic name");
        }
        return new Accepted(new Message(topic, ByteBufUtil.getBytes(publish.content()),
            publish.fixedHeader().qosLevel().value(), publish.fixedHeader().isRetain(), messageProperties));
    }

    private static String invalidProperties(MessageProperties properties) {
        Integer format = properties.payloadFormatIndicator();
        if (format != null && format != 0 && format != 1) {
            return "Payload Format Indicator must be 0 or 1";
        }
        if (properties.responseTopic() != null && !TopicFilter.isValidTopicName(properties.responseTopic())) {
            return "Response Topic is not a valid topic name";
        }
        return null;
    }
}
