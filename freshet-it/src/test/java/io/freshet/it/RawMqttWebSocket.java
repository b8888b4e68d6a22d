package io.freshet.it;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * MQTT packets written by hand over the JDK's WebSocket client (subprotocol {@code mqtt}), for what a real MQTT
 * client would never send (an unknown protocol level, a packet over the limit, bytes that are not MQTT). The bytes
 * received are split back into packets, whatever the frames were.
 */
final class RawMqttWebSocket implements AutoCloseable {

    static final int CONNACK = 2;
    static final int DISCONNECT = 14;

    final WebSocket webSocket;
    /** The close code the server sent (-1: the connection ended without a close frame). */
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final BlockingQueue<Packet> packets = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** One packet: its type (the fixed header's upper 4 bits) and what follows the remaining length. */
    record Packet(int type, byte[] body) {
        /** CONNACK's return code (3.1.1) or reason code (5); DISCONNECT's reason code. */
        int reasonCode() {
            return type == CONNACK ? body[1] & 0xFF : body.length == 0 ? 0 : body[0] & 0xFF;
        }
    }

    RawMqttWebSocket(String wsUri) {
        webSocket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("mqtt")
            .connectTimeout(Duration.ofSeconds(5)).buildAsync(URI.create(wsUri), new Listener()).join();
    }

    void send(byte[] bytes) {
        webSocket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** The next packet, waiting up to 10 s; null if none came. */
    Packet read() throws InterruptedException {
        return packets.poll(10, TimeUnit.SECONDS);
    }

    /** Waits for the connection to end; the close code, or -1 if it ended without one. */
    int awaitClosed() throws Exception {
        return closeCode.get(15, TimeUnit.SECONDS);
    }

    /** CONNECT, clean start, no will, no credentials, at {@code level} (4: 3.1.1, 5: MQTT 5). */
    static byte[] connect(int level, String clientId) {
        ByteArrayOutputStream variable = new ByteArrayOutputStream();
        writeString(variable, "MQTT");
        variable.write(level);
        variable.write(0x02); // clean session / clean start
        variable.write(0);
        variable.write(60); // keep alive 60 s
        if (level >= 5) {
            variable.write(0); // no properties
        }
        writeString(variable, clientId);
        return packet(0x10, variable.toByteArray());
    }

    /** PUBLISH at QoS 0 (MQTT 5: no properties). */
    static byte[] publishQos0(int level, String topic, byte[] payload) {
        ByteArrayOutputStream variable = new ByteArrayOutputStream();
        writeString(variable, topic);
        if (level >= 5) {
            variable.write(0);
        }
        variable.writeBytes(payload);
        return packet(0x30, variable.toByteArray());
    }

    private static byte[] packet(int firstByte, byte[] rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int length = rest.length;
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        out.writeBytes(rest);
        return out.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }

    /** Splits what arrived so far into whole packets. */
    private synchronized void received(byte[] bytes) {
        pending.writeBytes(bytes);
        byte[] all = pending.toByteArray();
        int index = 0;
        List<Packet> whole = new ArrayList<>();
        while (true) {
            int at = index + 1;
            int length = 0;
            int shift = 0;
            boolean complete = false;
            while (at < all.length) {
                int digit = all[at++] & 0xFF;
                length |= (digit & 0x7F) << shift;
                shift += 7;
                if ((digit & 0x80) == 0) {
                    complete = true;
                    break;
                }
            }
            if (!complete || at + length > all.length) {
                break;
            }
            whole.add(new Packet((all[index] & 0xFF) >> 4, Arrays.copyOfRange(all, at, at + length)));
            index = at + length;
        }
        pending.reset();
        pending.write(all, index, all.length - index);
        packets.addAll(whole);
    }

    @Override
    public void close() {
        webSocket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            received(bytes);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closeCode.complete(-1);
        }
    }
}
