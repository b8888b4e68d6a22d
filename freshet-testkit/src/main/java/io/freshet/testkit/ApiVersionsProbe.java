package io.freshet.testkit;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Asks a broker for its API versions over a plain socket, as every Kafka client does first. A broker that answers
 * this is ready for clients; an open port alone is not proof of that. Version 0: every Kafka broker answers it.
 */
final class ApiVersionsProbe {
    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    private ApiVersionsProbe() {
    }

    /** True if the broker answered without an error within {@code timeoutMs}; false on any failure. */
    static boolean answers(String host, int port, int timeoutMs) {
        RequestHeader header = new RequestHeader(ApiKeys.API_VERSIONS, (short) 0, "freshet-testkit-probe", 1);
        ByteBuffer request = new ApiVersionsRequest.Builder().build((short) 0).serializeWithHeader(header);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(request.remaining());
            out.write(request.array(), request.arrayOffset() + request.position(), request.remaining());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            if (size <= 0 || size > MAX_RESPONSE_BYTES) {
                return false;
            }
            ByteBuffer response = ByteBuffer.wrap(in.readNBytes(size));
            ApiVersionsResponse parsed = (ApiVersionsResponse) AbstractResponse.parseResponse(response, header);
            return parsed.data().errorCode() == Errors.NONE.code();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
