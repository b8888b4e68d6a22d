package io.freshet.bench.mqtt;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Start-up probe: a raw socket that sends an MQTT 3.1.1 CONNECT (client id "probe", clean session) and waits for
 * CONNACK 0, then DISCONNECT. No client library, so the time measured is the broker's.
 */
final class ConnackProbe {

    /** CONNECT, remaining length 17: "MQTT", level 4, flags 0x02 (clean session), keep-alive 60, client id "probe". */
    private static final byte[] CONNECT = {0x10, 17, 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60, 0, 5,
        'p', 'r', 'o', 'b', 'e'};
    private static final byte[] DISCONNECT = {(byte) 0xe0, 0};
    private static final int POLL_MILLIS = 20;

    private ConnackProbe() {
    }

    /**
     * Polls until the broker answers CONNACK 0 or {@code timeoutMillis} pass.
     *
     * @param alive    checked between attempts: a broker that died during start-up fails fast
     * @param hopeless checked between attempts: a reason to stop waiting (e.g. the broker said it has no MQTT
     *                 listener), or null
     * @return nanoTime of the first CONNACK
     */
    static long awaitConnack(int port, long timeoutMillis, Process alive, Supplier<String> hopeless)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (!alive.isAlive()) {
                throw new IOException("the broker exited during start-up, exit code " + alive.exitValue());
            }
            String reason = hopeless.get();
            if (reason != null) {
                throw new IOException(reason);
            }
            if (accepts(port)) {
                return System.nanoTime();
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IOException("no CONNACK on 127.0.0.1:" + port + " within " + timeoutMillis + " ms");
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(CONNECT);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] connack = new byte[4];
            in.readFully(connack);
            out.write(DISCONNECT);
            out.flush();
            return connack[0] == 0x20 && connack[1] == 2 && connack[3] == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
