package io.freshet.bench.scale;

import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

/**
 * The readiness probe both brokers get: a raw socket sends Metadata v12 for all topics (the request built and the
 * answer parsed with kafka-clients' own message classes, no client bootstrap) and counts the partitions of the
 * benchmark's topics that have a leader and no error. Polled until the expected count is reached.
 */
final class MetadataProbe {

    private static final short VERSION = 12;
    private static final long POLL_MILLIS = 50;

    private MetadataProbe() {
    }

    /**
     * Polls until {@code expected} partitions of topics named {@code prefix*} have a leader.
     *
     * @param alive checked between attempts: a broker that died fails at once
     * @return the nanoTime of the first answer that showed them all
     */
    static long awaitLeaders(int port, String prefix, int expected, long timeoutMillis, BooleanSupplier alive)
        throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        int last = -1;
        String lastError = "no answer";
        int correlation = 0;
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                throw new IOException("the broker exited (last probe: " + (last < 0 ? lastError : last
                    + " of " + expected + " partitions led") + ")");
            }
            try {
                last = partitionsWithLeader(port, prefix, ++correlation);
                if (last >= expected) {
                    return System.nanoTime();
                }
            } catch (IOException e) {
                lastError = e.toString();
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IOException("after " + timeoutMillis / 1000 + " s, " + (last < 0 ? lastError : last + " of "
            + expected + " partitions had a leader"));
    }

    static int partitionsWithLeader(int port, String prefix, int correlation) throws IOException {
        RequestHeader header = new RequestHeader(ApiKeys.METADATA, VERSION, "scale-probe", correlation);
        ByteBuffer request = MetadataRequest.Builder.allTopics().build(VERSION).serializeWithHeader(header);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            byte[] frame = new byte[4 + request.remaining()];
            ByteBuffer.wrap(frame).putInt(request.remaining()).put(request);
            out.write(frame);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            MetadataResponse response = (MetadataResponse) AbstractResponse.parseResponse(ByteBuffer.wrap(body), header);
            int led = 0;
            for (MetadataResponseData.MetadataResponseTopic topic : response.data().topics()) {
                if (topic.errorCode() != 0 || topic.name() == null || !topic.name().startsWith(prefix)) {
                    continue;
                }
                for (MetadataResponseData.MetadataResponsePartition p : topic.partitions()) {
                    if (p.errorCode() == 0 && p.leaderId() >= 0) {
                        led++;
                    }
                }
            }
            return led;
        }
    }
}
