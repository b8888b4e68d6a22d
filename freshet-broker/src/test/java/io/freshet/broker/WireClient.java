package io.freshet.broker;

import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * A raw Kafka protocol client for tests: encodes requests and decodes responses with kafka-clients' generated
 * classes, over a plain blocking socket, so tests control pipelining and malformed frames exactly.
 */
public final class WireClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int nextCorrelationId = 1;

    public WireClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends a request and returns its correlation id, without waiting for the response. */
    public int send(ApiMessage body, short version) throws IOException {
        int correlationId = nextCorrelationId++;
        ApiKeys key = ApiKeys.forId(body.apiKey());
        short headerVersion = key.requestHeaderVersion(version);
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(version)
            .setClientId("wire-test").setCorrelationId(correlationId);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(4 + size);
        buffer.putInt(size);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        header.write(accessor, cache, headerVersion);
        body.write(accessor, cache, version);
        sendRaw(buffer.array());
        return correlationId;
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** A response read off the wire: its correlation id and decoded body. */
    public record Response<T extends ApiMessage>(int correlationId, T body) {
    }

    @SuppressWarnings("unchecked")
    public <T extends ApiMessage> Response<T> receive(ApiKeys key, short version) throws IOException {
        int size = in.readInt();
        byte[] bytes = new byte[size];
        in.readFully(bytes);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        short headerVersion = key == ApiKeys.API_VERSIONS ? 0 : key.responseHeaderVersion(version);
        ResponseHeaderData header = new ResponseHeaderData(accessor, headerVersion);
        ApiMessage body = key.messageType.newResponse();
        body.read(accessor, version);
        return new Response<>(header.correlationId(), (T) body);
    }

    public <T extends ApiMessage> T call(ApiMessage body, short version) throws IOException {
        int correlationId = send(body, version);
        Response<T> response = receive(ApiKeys.forId(body.apiKey()), version);
        if (response.correlationId() != correlationId) {
            throw new IllegalStateException("Expected correlation id " + correlationId + ", got "
                + response.correlationId());
        }
        return response.body();
    }

    /** True when the broker closed the connection (EOF or reset) within the socket timeout. */
    public boolean isClosedByBroker() throws IOException {
        try {
            return in.read() == -1;
        } catch (EOFException | java.net.SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    public void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
