package io.freshet.mqtt.protocol;

import io.freshet.mqtt.message.ReasonCode;
import io.freshet.mqtt.MqttConfig;
import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.MessageProperties;
import io.freshet.mqtt.message.TopicFilter;
import io.freshet.mqtt.session.ConnectRequest;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;

import java.util.function.Supplier;

/**
 * Checks a CONNECT the decoder parsed (protocol level 4 or 5) and makes the session layer's request of it, or the
 * refusal. The Session Expiry is capped at {@code mqtt.session.expiry.max.seconds}; an MQTT 3.1.1 clean session
 * false gets that cap as its expiry.
 */
final class ConnectCheck {

    private ConnectCheck() {
    }

    sealed interface Result {
    }

    /** {@code requestedExpirySeconds}: what the client asked for, before the cap (MQTT 5 CONNACK tells it the cap). */
    record Accepted(ConnectRequest request, ClientLimits limits, long requestedExpirySeconds) implements Result {
    }

    record Refused(int reasonCode, String reason) implements Result {
    }

    static Result check(MqttConnectMessage connect, MqttConfig config, Supplier<String> newClientId) {
        MqttConnectVariableHeader header = connect.variableHeader();
        MqttConnectPayload payload = connect.payload();
        int version = header.version();
        boolean v5 = version == 5;
        if (!v5 && header.hasPassword() && !header.hasUserName()) {
            return new Refused(ReasonCode.MALFORMED_PACKET, "password without user name");
        }
        Result willCheck = checkWillFlags(header);
        if (willCheck != null) {
            return willCheck;
        }
        MqttProperties properties = header.properties();
        if (v5 && properties.getProperty(MqttProperties.AUTHENTICATION_METHOD) != null) {
            return new Refused(ReasonCode.BAD_AUTHENTICATION_METHOD, "enhanced authentication is not supported");
        }
        Integer receiveMaximum = MessagePropertiesCodec.intValue(properties, MqttProperties.RECEIVE_MAXIMUM);
        Integer maximumPacketSize = MessagePropertiesCodec.intValue(properties, MqttProperties.MAXIMUM_PACKET_SIZE);
        Integer problemInformation = MessagePropertiesCodec.intValue(properties,
            MqttProperties.REQUEST_PROBLEM_INFORMATION);
        if ((receiveMaximum != null && receiveMaximum == 0) || (maximumPacketSize != null && maximumPacketSize == 0)) {
            return new Refused(ReasonCode.PROTOCOL_ERROR, "Receive Maximum and Maximum Packet Size may not be 0");
        }
        if (problemInformation != null && problemInformation > 1) {
            return new Refused(ReasonCode.PROTOCOL_ERROR, "Request Problem Information must be 0 or 1");
        }

        boolean cleanStart = header.isCleanSession();
        String clientId = payload.clientIdentifier();
        boolean assigned = clientId == null || clientId.isEmpty();
        if (assigned && !v5 && !cleanStart) {
            return new Refused(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                "an empty client id needs a clean session (MQTT 3.1.1)");
        }
        if (assigned) {
            clientId = newClientId.get();
        }

        long requestedExpiry = v5 ? unsigned(MessagePropertiesCodec.intValue(properties,
            MqttProperties.SESSION_EXPIRY_INTERVAL)) : (cleanStart ? 0 : ConnectRequest.NEVER_EXPIRES);
        long expiry = Math.min(requestedExpiry, config.maxSessionExpirySeconds());

        ConnectRequest.Will will = null;
        if (header.isWillFlag()) {
            String willTopic = payload.willTopic();
            if (!TopicFilter.isValidTopicName(willTopic)) {
                return new Refused(ReasonCode.TOPIC_NAME_INVALID, "will topic is not a valid topic name");
            }
            MqttProperties willProperties = payload.willProperties();
            MessageProperties messageProperties = v5 ? MessagePropertiesCodec.fromMqtt(willProperties)
                : MessageProperties.NONE;
            long delay = v5 ? unsigned(MessagePropertiesCodec.intValue(willProperties,
                MqttProperties.WILL_DELAY_INTERVAL)) : 0;
            byte[] willPayload = payload.willMessageInBytes() == null ? new byte[0] : payload.willMessageInBytes();
            will = new ConnectRequest.Will(new Message(willTopic, willPayload, header.willQos(), header.isWillRetain(),
                messageProperties), delay);
        }

        ClientLimits limits = v5
            ? new ClientLimits(receiveMaximum == null ? 65535 : receiveMaximum,
                maximumPacketSize == null ? ClientLimits.PROTOCOL_MAXIMUM_PACKET_SIZE : unsigned(maximumPacketSize),
                orZero(MessagePropertiesCodec.intValue(properties, MqttProperties.TOPIC_ALIAS_MAXIMUM)),
                problemInformation == null || problemInformation == 1, header.keepAliveTimeSeconds())
            : ClientLimits.forMqtt311(header.keepAliveTimeSeconds());
        return new Accepted(new ConnectRequest(clientId, assigned, cleanStart, expiry, will, payload.userName()),
            limits, requestedExpiry);
    }

    /** Will QoS 3, or will QoS / retain without a will, are malformed (3.1.1: 3.1.2-11 to -15; 5: 3.1.2-11 to -13). */
    private static Result checkWillFlags(MqttConnectVariableHeader header) {
        if (header.willQos() > 2) {
            return new Refused(ReasonCode.MALFORMED_PACKET, "will QoS 3");
        }
        if (!header.isWillFlag() && (header.willQos() != 0 || header.isWillRetain())) {
            return new Refused(ReasonCode.MALFORMED_PACKET, "will QoS or retain set without a will");
        }
        return null;
    }

    private static long unsigned(Integer value) {
        return value == null ? 0 : Integer.toUnsignedLong(value);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
