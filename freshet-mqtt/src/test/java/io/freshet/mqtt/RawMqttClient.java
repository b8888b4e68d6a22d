package io.freshet.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An MQTT client made of a socket and hand-written bytes, for what real clients refuse to send: malformed packets,
 * wrong protocol levels, floods, sockets dropped without DISCONNECT. Packets are read back whole.
 */
final class RawMqttClient implements AutoCloseable {

    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int PUBREC = 5;
    static final int PUBCOMP = 7;
    static final int SUBACK = 9;
    static final int PINGRESP = 13;
    static final int DISCONNECT = 14;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    RawMqttClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    /** A packet as read: type (high nibble), flags (low nibble), and the bytes after the remaining length. */
    record Packet(int type, int flags, byte[] body) {

        /** CONNACK's reason / return code, the reason code of an MQTT 5 DISCONNECT or PUBACK/PUBREC/PUBCOMP. */
        int reasonCode() {
            return switch (type) {
                case CONNACK -> body[1] & 0xFF;
                case DISCONNECT -> body.length == 0 ? 0 : body[0] & 0xFF;
                default -> body.length > 2 ? body[2] & 0xFF : 0;
            };
        }

        boolean sessionPresent() {
            return (body[0] & 1) == 1;
        }

        int packetId() {
            return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        }

        /** A PUBLISH's topic name (empty when it uses a topic alias). */
        String topic() {
            int length = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
            return new String(body, 2, length, StandardCharsets.UTF_8);
        }

        /** An MQTT 5 PUBLISH's properties: id -> the raw bytes of the value (the last of a repeated id). */
        java.util.Map<Integer, Integer> intProperties() {
            int index = 2 + topic().getBytes(StandardCharsets.UTF_8).length + (((flags >> 1) & 3) > 0 ? 2 : 0);
            int[] length = new int[1];
            index += readVariableInt(body, index, length);
            int end = index + length[0];
            java.util.Map<Integer, Integer> properties = new java.util.HashMap<>();
            while (index < end) {
                int id = body[index++] & 0xFF;
                switch (id) {
                    case 0x01 -> properties.put(id, body[index++] & 0xFF);
                    case 0x23 -> {
                        properties.put(id, ((body[index] & 0xFF) << 8) | (body[index + 1] & 0xFF));
                        index += 2;
                    }
                    case 0x02 -> {
                        properties.put(id, java.nio.ByteBuffer.wrap(body, index, 4).getInt());
                        index += 4;
                    }
                    case 0x0B -> {
                        int[] value = new int[1];
                        index += readVariableInt(body, index, value);
                        properties.put(id, value[0]);
                    }
                    case 0x03, 0x08, 0x09 -> index += 2 + (((body[index] & 0xFF) << 8) | (body[index + 1] & 0xFF));
                    case 0x26 -> {
                        index += 2 + (((body[index] & 0xFF) << 8) | (body[index + 1] & 0xFF));
                        index += 2 + (((body[index] & 0xFF) << 8) | (body[index + 1] & 0xFF));
                    }
                    default -> throw new IllegalStateException("unexpected PUBLISH property " + id);
                }
            }
            return properties;
        }

        /** A PUBLISH's payload. */
        byte[] payload() {
            int index = 2 + topic().getBytes(StandardCharsets.UTF_8).length + (((flags >> 1) & 3) > 0 ? 2 : 0);
            int[] length = new int[1];
            index += readVariableInt(body, index, length) + length[0];
            return java.util.Arrays.copyOfRange(body, index, body.length);
        }

        /** The Reason String of an MQTT 5 DISCONNECT, or null. */
        String disconnectReason() {
            if (type != DISCONNECT || body.length < 2) {
                return null;
            }
            int[] length = new int[1];
            int index = 1 + readVariableInt(body, 1, length);
            int end = index + length[0];
            while (index < end) {
                int id = body[index++] & 0xFF;
                if (id == 0x1F) {
                    int n = ((body[index] & 0xFF) << 8) | (body[index + 1] & 0xFF);
                    return new String(body, index + 2, n, StandardCharsets.UTF_8);
                }
                return null; // only the reason string is expected here
            }
            return null;
        }

        @Override
        public String toString() {
            return "Packet(type " + type + ", reason 0x" + Integer.toHexString(type == PUBLISH ? 0 : reasonCode()) + ")";
        }
    }

    // ---- writing ------------------------------------------------------------------------------------------------

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** CONNECT with protocol name "MQTT" at {@code level}; MQTT 5 gets Session Expiry {@code expiry} if > 0. */
    static byte[] connect(int level, String clientId, boolean cleanStart, int keepAlive, long expiry) {
        return connect("MQTT", level, clientId, cleanStart, keepAlive, expiry, null, null, 0);
    }

    /** An MQTT 5 CONNECT (Clean Start) carrying the CONNECT {@code properties} given. */
    static byte[] connect5(String clientId, Bytes properties) {
        Bytes variable = new Bytes().string("MQTT").u8(5).u8(0x02).u16(60).properties(properties).string(clientId);
        return packet(0x10, variable);
    }

    /** SUBSCRIBE (MQTT 5) of one filter at {@code qos} with a Subscription Identifier. */
    static byte[] subscribe5(int packetId, String filter, int qos, int subscriptionId) {
        Bytes properties = new Bytes().u8(0x0B).variableInt(subscriptionId);
        return packet(0x82, new Bytes().u16(packetId).properties(properties).string(filter).u8(qos));
    }

    /** CONNECT with a will (QoS 1) to {@code willTopic}; MQTT 5 may give a Will Delay Interval. */
    static byte[] connect(String name, int level, String clientId, boolean cleanStart, int keepAlive, long expiry,
                          String willTopic, byte[] willPayload, long willDelay) {
        Bytes variable = new Bytes().string(name).u8(level);
        int flags = (cleanStart ? 0x02 : 0) | (willTopic != null ? 0x04 | 0x08 : 0);
        variable.u8(flags).u16(keepAlive);
        if (level == 5) {
            Bytes properties = new Bytes();
            if (expiry > 0) {
                properties.u8(0x11).u32(expiry);
            }
            variable.properties(properties);
        }
        variable.string(clientId);
        if (willTopic != null) {
            if (level == 5) {
                Bytes willProperties = new Bytes();
                if (willDelay > 0) {
                    willProperties.u8(0x18).u32(willDelay);
                }
                variable.properties(willProperties);
            }
            variable.string(willTopic).binary(willPayload);
        }
        return packet(0x10, variable);
    }

    static byte[] publish(int level, String topic, int qos, int packetId, boolean dup, byte[] payload) {
        return publish(level, topic, qos, packetId, dup, payload, new Bytes());
    }

    /** PUBLISH with MQTT 5 {@code properties} as given (ignored for 3.1.1). */
    static byte[] publish(int level, String topic, int qos, int packetId, boolean dup, byte[] payload,
                          Bytes properties) {
        Bytes variable = new Bytes().string(topic);
        if (qos > 0) {
            variable.u16(packetId);
        }
        if (level == 5) {
            variable.properties(properties);
        }
        variable.raw(payload);
        return packet(0x30 | (dup ? 0x08 : 0) | (qos << 1), variable);
    }

    static byte[] pubrel(int packetId) {
        return packet(0x62, new Bytes().u16(packetId));
    }

    static byte[] subscribe(int level, int packetId, String filter, int qos) {
        Bytes variable = new Bytes().u16(packetId);
        if (level == 5) {
            variable.properties(new Bytes());
        }
        variable.string(filter).u8(qos);
        return packet(0x82, variable);
    }

    static byte[] pingreq() {
        return new byte[] {(byte) 0xC0, 0};
    }

    static byte[] disconnect() {
        return new byte[] {(byte) 0xE0, 0};
    }

    /** An MQTT 5 DISCONNECT with {@code reasonCode} and, if >= 0, a Session Expiry Interval. */
    static byte[] disconnect5(int reasonCode, long sessionExpiry) {
        Bytes properties = new Bytes();
        if (sessionExpiry >= 0) {
            properties.u8(0x11).u32(sessionExpiry);
        }
        return packet(0xE0, new Bytes().u8(reasonCode).properties(properties));
    }

    static byte[] packet(int firstByte, Bytes variable) {
        byte[] body = variable.toByteArray();
        Bytes whole = new Bytes().u8(firstByte).variableInt(body.length).raw(body);
        return whole.toByteArray();
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    /** The next packet; fails if none comes within the socket timeout or the server closed the connection. */
    Packet read() throws IOException {
        int first = in.readUnsignedByte();
        int length = 0;
        int multiplier = 1;
        for (int i = 0; i < 4; i++) {
            int digit = in.readUnsignedByte();
            length += (digit & 0x7F) * multiplier;
            if ((digit & 0x80) == 0) {
                break;
            }
            multiplier *= 128;
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return new Packet(first >> 4, first & 0x0F, body);
    }

    /** The next packet of {@code type}, skipping others (PUBLISHes, PINGRESPs) on the way. */
    Packet read(int type) throws IOException {
        while (true) {
            Packet packet = read();
            if (packet.type() == type) {
                return packet;
            }
        }
    }

    /** The packets the server sent before closing the connection, waiting at most {@code timeout} for the close. */
    List<Packet> readUntilClosed(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        List<Packet> packets = new ArrayList<>();
        try {
            while (true) {
                packets.add(read());
            }
        } catch (EOFException | SocketException e) {
            return packets; // closed (or reset) by the server
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + timeout + "; read "
                + packets, e);
        }
    }

    /** Whether the server has closed the connection (waits up to {@code timeout} for the end of the stream). */
    boolean isClosedByServer(Duration timeout) throws IOException {
        return readUntilClosed(timeout) != null;
    }

    InputStream input() {
        return in;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static int readVariableInt(byte[] bytes, int offset, int[] value) {
        int result = 0;
        int multiplier = 1;
        int i = 0;
        while (true) {
            int digit = bytes[offset + i] & 0xFF;
            result += (digit & 0x7F) * multiplier;
            i++;
            if ((digit & 0x80) == 0) {
                value[0] = result;
                return i;
            }
            multiplier *= 128;
        }
    }

    /** A growing byte array with MQTT's encodings. */
    static final class Bytes {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Bytes u8(int value) {
            bytes.write(value);
            return this;
        }

        Bytes u16(int value) {
            return u8(value >> 8).u8(value);
        }

        Bytes u32(long value) {
            return u16((int) (value >> 16)).u16((int) value);
        }

        Bytes string(String text) {
            return binary(text.getBytes(StandardCharsets.UTF_8));
        }

        Bytes binary(byte[] data) {
            return u16(data.length).raw(data);
        }

        Bytes raw(byte[] data) {
            bytes.write(data, 0, data.length);
            return this;
        }

        Bytes variableInt(int value) {
            do {
                int digit = value & 0x7F;
                value >>>= 7;
                u8(value > 0 ? digit | 0x80 : digit);
            } while (value > 0);
            return this;
        }

        Bytes properties(Bytes properties) {
            byte[] data = properties.toByteArray();
            return variableInt(data.length).raw(data);
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
