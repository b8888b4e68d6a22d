package io.freshet.mqtt.protocol;

import io.freshet.mqtt.message.MessageProperties;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttProperties;

import java.util.ArrayList;
import java.util.List;

/**
 * MQTT 5 application message properties (of a PUBLISH or a will) to {@link MessageProperties} and back, and the
 * encoded size of a property set (the encoder's rules), to check a PUBLISH against the client's Maximum Packet Size
 * before it is written.
 */
final class MessagePropertiesCodec {

    private MessagePropertiesCodec() {
    }

    static MessageProperties fromMqtt(MqttProperties properties) {
        if (properties.isEmpty()) {
            return MessageProperties.NONE;
        }
        Integer expiry = intValue(properties, MqttProperties.PUBLICATION_EXPIRY_INTERVAL);
        List<MessageProperties.UserProperty> users = new ArrayList<>();
        for (MqttProperties.MqttProperty<?> property : properties.getProperties(MqttProperties.USER_PROPERTY)) {
            MqttProperties.StringPair pair = ((MqttProperties.UserProperty) property).value();
            users.add(new MessageProperties.UserProperty(pair.key, pair.value));
        }
        return new MessageProperties(
            intValue(properties, MqttProperties.PAYLOAD_FORMAT_INDICATOR),
            expiry == null ? null : Integer.toUnsignedLong(expiry),
            stringValue(properties, MqttProperties.CONTENT_TYPE),
            stringValue(properties, MqttProperties.RESPONSE_TOPIC),
            binaryValue(properties, MqttProperties.CORRELATION_DATA),
            users);
    }

    /** The properties of an outbound PUBLISH: the message's, its subscription identifiers and a topic alias (> 0). */
    static MqttProperties toMqtt(MessageProperties message, List<Integer> subscriptionIds, int topicAlias) {
        MqttProperties properties = new MqttProperties();
        if (message.payloadFormatIndicator() != null) {
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR,
                message.payloadFormatIndicator()));
        }
        if (message.messageExpirySeconds() != null) {
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL,
                (int) (long) message.messageExpirySeconds()));
        }
        if (message.contentType() != null) {
            properties.add(new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, message.contentType()));
        }
        if (message.responseTopic() != null) {
            properties.add(new MqttProperties.StringProperty(MqttProperties.RESPONSE_TOPIC, message.responseTopic()));
        }
        if (message.correlationData() != null) {
            properties.add(new MqttProperties.BinaryProperty(MqttProperties.CORRELATION_DATA,
                message.correlationData()));
        }
        for (MessageProperties.UserProperty user : message.userProperties()) {
            properties.add(new MqttProperties.UserProperty(user.name(), user.value()));
        }
        for (int id : subscriptionIds) {
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER, id));
        }
        if (topicAlias > 0) {
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS, topicAlias));
        }
        return properties;
    }

    /** The bytes {@code properties} take in a packet, with the property length in front. */
    static int encodedSize(MqttProperties properties) {
        int size = 0;
        for (MqttProperties.MqttProperty<?> property : properties.listAll()) {
            size += switch (property.propertyId()) {
                case MqttProperties.PAYLOAD_FORMAT_INDICATOR, MqttProperties.REQUEST_PROBLEM_INFORMATION,
                     MqttProperties.REQUEST_RESPONSE_INFORMATION, MqttProperties.MAXIMUM_QOS,
                     MqttProperties.RETAIN_AVAILABLE, MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE,
                     MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE,
                     MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE -> 2;
                case MqttProperties.SERVER_KEEP_ALIVE, MqttProperties.RECEIVE_MAXIMUM,
                     MqttProperties.TOPIC_ALIAS_MAXIMUM, MqttProperties.TOPIC_ALIAS -> 3;
                case MqttProperties.PUBLICATION_EXPIRY_INTERVAL, MqttProperties.SESSION_EXPIRY_INTERVAL,
                     MqttProperties.WILL_DELAY_INTERVAL, MqttProperties.MAXIMUM_PACKET_SIZE -> 5;
                case MqttProperties.SUBSCRIPTION_IDENTIFIER ->
                    1 + ConnackRefusal.variableByteIntegerSize((Integer) property.value());
                case MqttProperties.USER_PROPERTY -> userPropertiesSize(property);
                case MqttProperties.CORRELATION_DATA, MqttProperties.AUTHENTICATION_DATA ->
                    3 + ((byte[]) property.value()).length;
                default -> 3 + ByteBufUtil.utf8Bytes((String) property.value());
            };
        }
        return ConnackRefusal.variableByteIntegerSize(size) + size;
    }

    private static int userPropertiesSize(MqttProperties.MqttProperty<?> property) {
        int size = 0;
        @SuppressWarnings("unchecked")
        List<MqttProperties.StringPair> pairs = (List<MqttProperties.StringPair>) property.value();
        for (MqttProperties.StringPair pair : pairs) {
            size += 5 + ByteBufUtil.utf8Bytes(pair.key) + ByteBufUtil.utf8Bytes(pair.value);
        }
        return size;
    }

    static Integer intValue(MqttProperties properties, int id) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(id);
        return property == null ? null : (Integer) property.value();
    }

    static String stringValue(MqttProperties properties, int id) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(id);
        return property == null ? null : (String) property.value();
    }

    private static byte[] binaryValue(MqttProperties properties, int id) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(id);
        return property == null ? null : (byte[]) property.value();
    }
}
