package io.freshet.mqtt.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;

import java.nio.charset.StandardCharsets;

/**
 * The bytes of a refusing CONNACK, written without the encoder: a refusal may come before (or instead of) a CONNECT
 * the decoder understood, when the encoder does not know the protocol version yet.
 * <pre>
 *   MQTT 5:     0x20, remaining length, flags 0x00, reason code, property length, [0x1F Reason String]
 *   MQTT 3.1.1: 0x20, 0x02, flags 0x00, return code (0x01-0x05)
 * </pre>
 */
final class ConnackRefusal {

    private static final int CONNACK = 0x20;
    private static final int REASON_STRING = 0x1F;
    private static final int MAX_REASON_BYTES = 256;

    private ConnackRefusal() {
    }

    /**
     * The CONNACK refusing with {@code reasonCode} (an MQTT 5 code) for a client at protocol {@code level}; null
     * when 3.1.1 has no return code for it (the connection is closed without a CONNACK).
     */
    static ByteBuf encode(ByteBufAllocator alloc, int level, int reasonCode, String reasonString) {
        if (level < 5) {
            MqttConnectReturnCode code = ReasonCodes.connackFor311(reasonCode);
            if (code == null) {
                return null;
            }
            ByteBuf buf = alloc.buffer(4);
            buf.writeByte(CONNACK).writeByte(2).writeByte(0).writeByte(code.byteValue());
            return buf;
        }
        byte[] reason = reasonString == null ? new byte[0] : truncated(reasonString);
        int propertiesLength = reason.length == 0 ? 0 : 3 + reason.length;
        int remaining = 2 + variableByteIntegerSize(propertiesLength) + propertiesLength;
        ByteBuf buf = alloc.buffer(2 + remaining);
        buf.writeByte(CONNACK);
        writeVariableByteInteger(buf, remaining);
        buf.writeByte(0).writeByte(reasonCode);
        writeVariableByteInteger(buf, propertiesLength);
        if (reason.length > 0) {
            buf.writeByte(REASON_STRING).writeShort(reason.length).writeBytes(reason);
        }
        return buf;
    }

    private static byte[] truncated(String reason) {
        String text = reason;
        while (ByteBufUtil.utf8Bytes(text) > MAX_REASON_BYTES) {
            text = text.substring(0, text.length() / 2);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static int variableByteIntegerSize(int value) {
        int size = 1;
        while (value >= 128) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    private static void writeVariableByteInteger(ByteBuf buf, int value) {
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            buf.writeByte(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
    }
}
