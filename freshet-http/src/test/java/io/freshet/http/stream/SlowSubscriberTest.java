package io.freshet.http.stream;

import io.freshet.http.HttpFixture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static io.freshet.http.stream.StreamTestSupport.createTopic;
import static io.freshet.http.stream.StreamTestSupport.json;
import static io.freshet.http.stream.StreamTestSupport.producer;
import static io.freshet.http.stream.StreamTestSupport.streamPath;
import static io.freshet.http.stream.StreamTestSupport.streamUri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that subscribe and never read: the server stops writing to them at Netty's high water mark (memory
 * bounded), and the others get everything.
 */
@Timeout(120)
class SlowSubscriberTest {

    private static final int RECORDS = 5_000;
    private static final int VALUE_BYTES = 4_096;
    /** Netty's high water mark (256 KiB) plus one batch of events, with room to spare. */
    private static final long PENDING_BOUND = 2 * 1024 * 1024;

    @TempDir
    Path dataDir;
    private HttpFixture http;

    @BeforeEach
    void start() {
        http = HttpFixture.start(dataDir);
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void subscribersThatNeverReadStayBoundedAndOthersGetEverything() throws Exception {
        createTopic(http, "flood", 1);
        RecordsStreamApi streams = http.server().api(RecordsStreamApi.class).orElseThrow();
        try (Socket sseReader = neverReads("GET " + streamPath(http, "flood", null) + " HTTP/1.1\r\nHost: x\r\n"
                + "Accept: text/event-stream\r\n\r\n");
             Socket wsReader = neverReads("GET " + streamPath(http, "flood", null) + " HTTP/1.1\r\nHost: x\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n");
             SseClient fast = SseClient.open(http.client(), streamUri(http, "flood", null), null);
             KafkaProducer<byte[], byte[]> producer = producer(http)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> streams.openStreams() == 3);
            byte[] value = new byte[VALUE_BYTES];
            Arrays.fill(value, (byte) 'x');
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>("flood", 0, null, value));
            }
            producer.flush();

            long maxPending = 0;
            Set<Long> offsets = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (offsets.size() < RECORDS && System.nanoTime() < deadline) {
                SseClient.Event event = fast.poll(Duration.ofMillis(50));
                if (event != null) {
                    offsets.add(json(event.data()).path("offset").asLong());
                }
                maxPending = Math.max(maxPending, streams.maxPendingWriteBytes());
            }

            assertThat(offsets).hasSize(RECORDS);
            // the slow sockets were pushed to the limit (so the bound was tested), and not past it
            assertThat(maxPending).isGreaterThan(64 * 1024).isLessThan(PENDING_BOUND);
            assertThat(streams.openStreams()).isEqualTo(3); // slow, not dropped
        }
    }

    /** A socket with a small receive buffer that sends {@code request} and never reads. */
    private Socket neverReads(String request) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", http.port()), 5_000);
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}
