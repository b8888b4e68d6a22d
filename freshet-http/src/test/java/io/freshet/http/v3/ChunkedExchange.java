package io.freshet.http.v3;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw HTTP/1.1 client for one chunked request whose body the test writes piece by piece, reading the chunked answer
 * line by line meanwhile: what curl and the JDK client cannot do (they send the whole body before showing the answer).
 */
final class ChunkedExchange implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final StringBuilder line = new StringBuilder();
    private int chunkLeft;
    private boolean lastChunkSeen;
    private String head;

    ChunkedExchange(int port, String path, int socketBufferBytes) throws IOException {
        socket = new Socket();
        if (socketBufferBytes > 0) {
            socket.setReceiveBufferSize(socketBufferBytes);
            socket.setSendBufferSize(socketBufferBytes);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Sends {@code text} as one chunk of the body. */
    void send(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Ends the body. */
    void end() throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The status line and headers of the answer (read on first use). */
    String head() throws IOException {
        if (head == null) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            while (!bytes.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("Connection closed in the answer's head: " + bytes);
                }
                bytes.write(b);
            }
            head = bytes.toString(StandardCharsets.US_ASCII);
        }
        return head;
    }

    /** The next line of the chunked body, or null once the last chunk was read. */
    String readLine() throws IOException {
        head();
        line.setLength(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (true) {
            if (chunkLeft == 0) {
                if (lastChunkSeen || !nextChunk()) {
                    return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.UTF_8);
                }
            }
            int b = in.read();
            if (b < 0) {
                throw new IOException("Connection closed inside a chunk");
            }
            chunkLeft--;
            if (chunkLeft == 0) {
                crlf();
            }
            if (b == '\n') {
                return bytes.toString(StandardCharsets.UTF_8);
            }
            bytes.write(b);
        }
    }

    /** Every remaining line up to the last chunk. */
    List<String> readRest() throws IOException {
        List<String> lines = new ArrayList<>();
        String next;
        while ((next = readLine()) != null) {
            lines.add(next);
        }
        return lines;
    }

    /** Whether the server closed the connection (after the answer). */
    boolean closedByServer() throws IOException {
        return in.read() < 0;
    }

    private boolean nextChunk() throws IOException {
        String size = asciiLine();
        chunkLeft = Integer.parseInt(size.trim(), 16);
        if (chunkLeft == 0) {
            lastChunkSeen = true;
            asciiLine(); // the empty line after the last chunk
            return false;
        }
        return true;
    }

    private void crlf() throws IOException {
        if (in.read() != '\r' || in.read() != '\n') {
            throw new IOException("A chunk does not end with CRLF");
        }
    }

    private String asciiLine() throws IOException {
        StringBuilder text = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("Connection closed before the chunk size");
            }
            if (b != '\r') {
                text.append((char) b);
            }
        }
        return text.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
