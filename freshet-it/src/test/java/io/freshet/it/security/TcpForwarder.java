package io.freshet.it.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP port on 127.0.0.1 that forwards each connection to a target, or, while {@link #blackHole} is on, accepts new
 * connections and never answers them: to a Kafka client bootstrapping through it, a cluster that does not answer,
 * while connections made before (and clients that already know the brokers' own addresses) go on working.
 */
final class TcpForwarder implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean blackHole;

    private TcpForwarder(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-forwarder-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Forwards to {@code hostPort} ("host:port", the first of a bootstrap list). */
    static TcpForwarder to(String hostPort) throws IOException {
        String first = hostPort.split(",")[0];
        int colon = first.lastIndexOf(':');
        return new TcpForwarder(new InetSocketAddress(first.substring(0, colon),
            Integer.parseInt(first.substring(colon + 1))));
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** On: connections accepted from now on get no byte forwarded, nor any answer. */
    void blackHole(boolean on) {
        blackHole = on;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                if (blackHole) {
                    continue; // held open, never read: the client waits for an answer until it gives up
                }
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed, or the target refused this one connection: the client sees its connection close
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-forwarder-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(TcpForwarder::closeQuietly);
    }
}
