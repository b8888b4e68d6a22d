package io.freshet.http.stream;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A stream subscriber on a plain socket with a 4 KiB receive buffer that reads nothing until asked: a client that
 * stops reading, as a stalled browser tab or a slow mobile link does. It then reads the stream byte by byte itself
 * (HTTP/1.1 chunked Server-Sent Events, or unmasked WebSocket frames), so nothing is buffered on its side that the
 * server did not push through the socket.
 */
final class RawSubscriber implements AutoCloseable {

    /** A record (its JSON) or a gap ({@code {"partition_id","missed"}}). */
    record Message(boolean gap, String json) {
    }

    private final Socket socket;
    private final boolean webSocket;
    private InputStream in;
    private int chunkLeft;

    private RawSubscriber(int port, String request, boolean webSocket) throws IOException {
        this.webSocket = webSocket;
        socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    static RawSubscriber sse(int port, String path) throws IOException {
        return new RawSubscriber(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n",
            false);
    }

    static RawSubscriber webSocket(int port, String path) throws IOException {
        return new RawSubscriber(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
            true);
    }

    /** The next record or gap, reading the socket from where it stopped; fails after {@code timeout} of silence. */
    Message next(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            if (in == null) {
                in = new BufferedInputStream(socket.getInputStream());
                String status = line(in);
                if (!status.contains(webSocket ? " 101 " : " 200 ")) {
                    throw new AssertionError("Unexpected answer: " + status);
                }
                while (!line(in).isEmpty()) {
                    // headers
                }
            }
            return webSocket ? nextFrame() : nextEvent();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("Nothing within " + timeout);
        }
    }

    private Message nextFrame() throws IOException {
        while (true) {
            int opcode = read(in) & 0x0f;
            long length = read(in) & 0x7f;
            if (length == 126) {
                length = (read(in) << 8) | read(in);
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | read(in);
                }
            }
            byte[] payload = in.readNBytes((int) length);
            if (opcode == 1) {
                String text = new String(payload, StandardCharsets.UTF_8);
                boolean gap = text.startsWith("{\"gap\":");
                return new Message(gap, gap ? text.substring(7, text.length() - 1) : text);
            }
        }
    }

    /** The next event with data, parsed from the chunked body's lines. */
    private Message nextEvent() throws IOException {
        boolean gap = false;
        String data = null;
        while (true) {
            String line = bodyLine();
            if (line.isEmpty()) {
                if (data != null) {
                    return new Message(gap, data);
                }
                gap = false;
            } else if (line.equals("event: gap")) {
                gap = true;
            } else if (line.startsWith("data: ")) {
                data = line.substring(6);
            }
        }
    }

    /** A line of the chunked body (chunk boundaries may fall anywhere in it). */
    private String bodyLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            if (chunkLeft == 0) {
                String size = line(in);
                if (size.isEmpty()) {
                    size = line(in); // the CRLF that ends the previous chunk's data
                }
                chunkLeft = Integer.parseInt(size.trim(), 16);
                if (chunkLeft == 0) {
                    throw new EOFException("The stream ended");
                }
            }
            int b = read(in);
            chunkLeft--;
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = read(in); b != '\n'; b = read(in)) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static int read(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("The server closed the connection");
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
