package io.freshet.bench.launch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports for the brokers. A port is free when we can bind it; someone may take it before the broker does. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int any() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The first port from {@code preferred} on (at most 200 tried) such that it and the next one are free. */
    public static int pairFrom(int preferred) throws IOException {
        for (int port = preferred; port < preferred + 200; port += 2) {
            if (free(port) && free(port + 1)) {
                return port;
            }
        }
        throw new IOException("no two free consecutive ports in " + preferred + "-" + (preferred + 200));
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
