package io.freshet.mqtt.protocol;

import io.freshet.mqtt.message.Outcome;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;

import java.util.List;

/**
 * The packets the server sends besides PUBLISH. The encoder writes them in the connection's protocol version (it
 * leaves reason codes and properties out for 3.1.1), so one builder serves both.
 */
final class Packets {

    static final MqttMessage PINGRESP = new MqttMessage(
        new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0));

    private Packets() {
    }

    static MqttConnAckMessage connack(boolean sessionPresent, MqttProperties properties) {
        return new MqttConnAckMessage(fixed(MqttMessageType.CONNACK, MqttQoS.AT_MOST_ONCE),
            new MqttConnAckVariableHeader(MqttConnectReturnCode.CONNECTION_ACCEPTED, sessionPresent, properties));
    }

    /** PUBACK, PUBREC or PUBCOMP; the reason string only if the client accepts problem information. */
    static MqttMessage pubReply(MqttMessageType type, int packetId, Outcome outcome, boolean withReason) {
        return new MqttMessage(fixed(type, MqttQoS.AT_MOST_ONCE), new MqttPubReplyMessageVariableHeader(packetId,
            (byte) outcome.reasonCode(), reasonProperties(withReason ? outcome.reasonString() : null)));
    }

    static MqttMessage pubrel(int packetId) {
        return new MqttMessage(fixed(MqttMessageType.PUBREL, MqttQoS.AT_LEAST_ONCE),
            new MqttPubReplyMessageVariableHeader(packetId, (byte) 0, MqttProperties.NO_PROPERTIES));
    }

    static MqttSubAckMessage suback(int packetId, List<Integer> codes, String reason) {
        return new MqttSubAckMessage(fixed(MqttMessageType.SUBACK, MqttQoS.AT_MOST_ONCE),
            new MqttMessageIdAndPropertiesVariableHeader(packetId, reasonProperties(reason)),
            new MqttSubAckPayload(codes));
    }

    static MqttUnsubAckMessage unsuback(int packetId, List<Short> codes, String reason) {
        return new MqttUnsubAckMessage(fixed(MqttMessageType.UNSUBACK, MqttQoS.AT_MOST_ONCE),
            new MqttMessageIdAndPropertiesVariableHeader(packetId, reasonProperties(reason)),
            new MqttUnsubAckPayload(codes));
    }

    static MqttMessage unsuback311(int packetId) {
        return new MqttUnsubAckMessage(fixed(MqttMessageType.UNSUBACK, MqttQoS.AT_MOST_ONCE),
            MqttMessageIdVariableHeader.from(packetId));
    }

    /** An MQTT 5 DISCONNECT (the server sends none to a 3.1.1 client: it just closes). */
    static MqttMessage disconnect(int reasonCode, String reason) {
        return new MqttMessage(fixed(MqttMessageType.DISCONNECT, MqttQoS.AT_MOST_ONCE),
            new MqttReasonCodeAndPropertiesVariableHeader((byte) reasonCode, reasonProperties(reason)));
    }

    private static MqttProperties reasonProperties(String reason) {
        if (reason == null || reason.isEmpty()) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.StringProperty(MqttProperties.REASON_STRING, reason));
        return properties;
    }

    private static MqttFixedHeader fixed(MqttMessageType type, MqttQoS qos) {
        return new MqttFixedHeader(type, false, qos, false, 0);
    }
}
