package io.freshet.bench.launch;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * Start-up probe: a raw socket that sends ApiVersions v0 (correlation id 1, no client id) and checks the answer's
 * correlation id and error code, as the Kafka anchor's bash probe does. No client library, so the time measured
 * is the broker's, not a client's bootstrap.
 */
public final class ApiVersionsProbe {

    /** size=10 | api_key=18 | api_version=0 | correlation_id=1 | client_id=null (-1) */
    private static final byte[] REQUEST = {0, 0, 0, 10, 0, 18, 0, 0, 0, 0, 0, 1, (byte) 0xff, (byte) 0xff};
    private static final int POLL_MILLIS = 5;

    private ApiVersionsProbe() {
    }

    /**
     * Polls until the broker answers or {@code timeoutMillis} pass.
     *
     * @param alive checked between attempts: a broker that died during start-up fails fast
     * @return nanoTime of the first successful answer
     */
    public static long awaitAnswer(int port, long timeoutMillis, Process alive) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (alive != null && !alive.isAlive()) {
                throw new IOException("the broker exited during start-up, exit code " + alive.exitValue());
            }
            if (answers(port)) {
                return System.nanoTime();
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IOException("no ApiVersions answer on 127.0.0.1:" + port + " within " + timeoutMillis + " ms");
    }

    static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(REQUEST);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            int correlationId = in.readInt();
            short errorCode = in.readShort();
            return size >= 6 && correlationId == 1 && errorCode == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
