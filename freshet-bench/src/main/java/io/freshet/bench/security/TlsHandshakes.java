package io.freshet.bench.security;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS handshakes per second against a Kafka-protocol TLS listener: N new connections (THREADS at a time), each a
 * full handshake (no session resumption: each session is invalidated once used, so the next connection cannot
 * resume it) followed by one ApiVersions v0 request and its answer, then closed. Prints one line: {@code handshakes=N seconds=S per_second=R protocol=P}.
 *
 * <pre>java -cp ... io.freshet.bench.security.TlsHandshakes HOST:PORT TRUSTSTORE.p12 PASSWORD CONNECTIONS THREADS</pre>
 */
public final class TlsHandshakes {

    /** size=10 | api_key=18 (ApiVersions) | api_version=0 | correlation_id=1 | client_id=null */
    private static final byte[] API_VERSIONS_V0 = {0, 0, 0, 10, 0, 18, 0, 0, 0, 0, 0, 1, (byte) 0xff, (byte) 0xff};

    private TlsHandshakes() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: TlsHandshakes HOST:PORT TRUSTSTORE.p12 PASSWORD CONNECTIONS THREADS");
            System.exit(2);
        }
        String host = args[0].substring(0, args[0].lastIndexOf(':'));
        int port = Integer.parseInt(args[0].substring(args[0].lastIndexOf(':') + 1));
        SSLContext context = context(Path.of(args[1]), args[2].toCharArray());
        int connections = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);

        // Warm-up: the client's own JIT and the broker's first handshakes are not measured.
        run(context, host, port, Math.min(50, connections), threads);
        long start = System.nanoTime();
        String protocol = run(context, host, port, connections, threads);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("handshakes=%d seconds=%.3f per_second=%.1f protocol=%s%n", connections, seconds,
                connections / seconds, protocol);
    }

    private static SSLContext context(Path truststore, char[] password) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(truststore)) {
            trust.load(in, password);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static String run(SSLContext context, String host, int port, int connections, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        List<Future<String>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                String protocol = "";
                while (next.getAndIncrement() < connections) {
                    protocol = oneConnection(context, host, port);
                }
                return protocol;
            }));
        }
        String protocol = "";
        for (Future<String> w : workers) {
            protocol = w.get();
        }
        pool.shutdown();
        return protocol;
    }

    private static String oneConnection(SSLContext context, String host, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port)) {
            socket.setTcpNoDelay(true);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(API_VERSIONS_V0);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            byte[] body = new byte[size];
            in.readFully(body);
            if (body[4] != 0 || body[5] != 0) {
                throw new IllegalStateException("ApiVersions answered error " + ((body[4] << 8) | body[5]));
            }
            String protocol = socket.getSession().getProtocol();
            socket.getSession().invalidate(); // every connection pays a full handshake
            return protocol;
        }
    }
}
