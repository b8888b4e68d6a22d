package io.freshet.it;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.awaitility.Awaitility;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * A blocking, one-request-at-a-time Kafka protocol connection on a plain socket, for tests that need to
 * send exactly the bytes they choose: a retried idempotent batch, a corrupt CRC, a truncated frame, a size
 * field the broker must refuse. Requests and responses are encoded with kafka-clients' own message classes.
 *
 * <p>Frame layout (both directions): int32 size, then the header, then the body. Request header v1/v2 comes from
 * {@link ApiKeys#requestHeaderVersion}; response header v0/v1 from {@link ApiKeys#responseHeaderVersion}
 * (ApiVersions always answers with v0).
 *
 * <p>Not thread-safe: one test thread owns a connection.
 */
final class RawKafkaConnection implements Closeable {

    private static final String CLIENT_ID = "freshet-it-raw";

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int nextCorrelationId = 1;

    private RawKafkaConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawKafkaConnection open(String host, int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(30_000);
        return new RawKafkaConnection(socket);
    }

    static RawKafkaConnection open(int port) throws IOException {
        return open("127.0.0.1", port);
    }

    /**
     * A connection to the leader of {@code topic}'s {@code partition}, as a client finds it in the metadata: on a
     * cluster the other brokers refuse its produce and fetch requests (and close the connection of an acks=0
     * produce), on one broker it is that broker.
     */
    static RawKafkaConnection openToLeader(String bootstrap, String topic, int partition) throws Exception {
        try (Admin admin = KafkaClients.admin(bootstrap)) {
            Node leader = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().get(partition).leader();
            return open(leader.host(), leader.port());
        }
    }

    /**
     * The broker that coordinates {@code group}, as a client finds it (FindCoordinator v4 to the first bootstrap
     * server, asked again while it answers an error: a new cluster's coordinator partition may have no leader yet).
     * On a cluster the other brokers answer a group request with NOT_COORDINATOR.
     */
    static InetSocketAddress coordinatorOf(String bootstrap, String group) {
        String first = bootstrap.split(",")[0].strip();
        int colon = first.lastIndexOf(':');
        FindCoordinatorRequestData request = new FindCoordinatorRequestData()
                .setKeyType(FindCoordinatorRequest.CoordinatorType.GROUP.id()).setCoordinatorKeys(List.of(group));
        FindCoordinatorResponseData.Coordinator found = Awaitility.await("the coordinator of " + group)
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> {
                    try (RawKafkaConnection conn = open(first.substring(0, colon),
                            Integer.parseInt(first.substring(colon + 1)))) {
                        return conn.<FindCoordinatorResponseData>send(request, (short) 4).coordinators().get(0);
                    }
                }, c -> c.errorCode() == Errors.NONE.code());
        return new InetSocketAddress(found.host(), found.port());
    }

    /** A connection to the broker that coordinates {@code group} ({@link #coordinatorOf}). */
    static RawKafkaConnection openToCoordinator(String bootstrap, String group) throws IOException {
        InetSocketAddress coordinator = coordinatorOf(bootstrap, group);
        return open(coordinator.getHostString(), coordinator.getPort());
    }

    /** Sends {@code request} at {@code version} and returns the decoded response body. */
    <T extends ApiMessage> T send(ApiMessage request, short version) throws IOException {
        int correlationId = nextCorrelationId++;
        ByteBuffer response = sendFrame(encodeRequest(request, version, correlationId));
        return decodeResponse(response, request.apiKey(), version, correlationId);
    }

    /** Decodes a response frame (without its size prefix): header for this API and version, then the body. */
    @SuppressWarnings("unchecked")
    static <T extends ApiMessage> T decodeResponse(ByteBuffer frame, short apiKey, short version, int correlationId) {
        ResponseHeader header = ResponseHeader.parse(frame, ApiKeys.forId(apiKey).responseHeaderVersion(version));
        if (header.correlationId() != correlationId) {
            throw new IllegalStateException("correlation id " + header.correlationId() + ", expected " + correlationId);
        }
        ApiMessage body = ApiMessageType.fromApiKey(apiKey).newResponse();
        body.read(new ByteBufferAccessor(frame), version);
        return (T) body;
    }

    /** Encodes header and body (without the size prefix). */
    static byte[] encodeRequest(ApiMessage request, short version, int correlationId) {
        ApiKeys apiKey = ApiKeys.forId(request.apiKey());
        RequestHeader header = new RequestHeader(apiKey, version, CLIENT_ID, correlationId);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int headerSize = header.data().size(cache, header.headerVersion());
        int bodySize = request.size(cache, version);
        ByteBuffer buf = ByteBuffer.allocate(headerSize + bodySize);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buf);
        header.data().write(accessor, cache, header.headerVersion());
        request.write(accessor, cache, version);
        if (buf.hasRemaining()) {
            throw new IllegalStateException("encoded " + buf.position() + " of " + buf.capacity() + " bytes");
        }
        return buf.array();
    }

    /** Writes {@code size + payload} and reads one whole response frame (without its size prefix). */
    ByteBuffer sendFrame(byte[] payload) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload);
        sendBytes(frame.array());
        return readFrame();
    }

    /** Writes exactly these bytes: the caller decides whether they form a valid frame. */
    void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    ByteBuffer readFrame() throws IOException {
        int size = in.readInt();
        if (size < 0 || size > 64 * 1024 * 1024) {
            throw new IOException("implausible response size " + size);
        }
        byte[] body = new byte[size];
        in.readFully(body);
        return ByteBuffer.wrap(body);
    }

    /**
     * True once the broker has closed (or reset) this connection within {@code within}; false if the connection
     * is still open at the end. Fails if the broker sends bytes instead.
     */
    boolean isClosedByPeer(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        InputStream raw = socket.getInputStream();
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, Math.min(200, (deadline - System.nanoTime()) / 1_000_000)));
            try {
                int b = raw.read();
                if (b < 0) {
                    return true;
                }
                throw new IllegalStateException("broker sent data (first byte " + b + ") instead of closing");
            } catch (SocketTimeoutException stillOpen) {
                // keep waiting
            } catch (EOFException | java.net.SocketException closed) {
                return true;
            }
        }
        socket.setSoTimeout(30_000);
        return false;
    }

    boolean isClosedByPeer() throws IOException {
        return isClosedByPeer(Duration.ofSeconds(5));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
