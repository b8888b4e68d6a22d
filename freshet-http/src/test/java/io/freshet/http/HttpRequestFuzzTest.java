package io.freshet.http;

import io.freshet.storage.testing.AllocationMeter;
import io.freshet.storage.testing.FuzzBudget;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile HTTP requests to a running HTTP listener over sockets (its real pipeline: HttpServerCodec, 100-continue,
 * request decompression, HttpConnection, WebSocket upgrade): valid requests (console, metrics, REST v3 produce, REST
 * v2 consumers, ksql, SSE, a WebSocket upgrade and frames, chunked and gzip bodies) mutated, and hand-written absurd
 * chunk sizes, content lengths, gzip bombs and WebSocket frame lengths. Property: the listener answers with a
 * well-formed status line and never a 5xx, or closes the connection; the whole JVM allocates at most a fixed
 * multiple of the request plus a constant (never the size a request claims); a normal client is served afterwards.
 */
@AddLifecycleHook(FuzzBudget.class)
class HttpRequestFuzzTest {

    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.[01] (\\d{3}) ");
    /** Whole-JVM allocation per request: the broker and listener's own work, far below a claimed GB. */
    private static final long ALLOCATION_CONSTANT = 48L << 20;
    private static HttpFixture fixture;
    private static List<byte[]> seeds;

    @BeforeContainer
    static void start() throws IOException {
        fixture = HttpFixture.start(Files.createTempDirectory("http-fuzz"), new HttpConfig("127.0.0.1", 0,
            MAX_REQUEST_BYTES, List.of(), 15_000, 300_000));
        seeds = seeds(fixture.clusterId());
        for (byte[] seed : seeds) {
            exchange(seed); // warm-up: class loading is not the request's allocation
        }
    }

    @AfterContainer
    static void stop() throws Exception {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(fixture.baseUri() + "/topics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("a normal client after the fuzzing").isEqualTo(200);
        } finally {
            fixture.close();
        }
    }

    @Property(tries = 50)
    void aMutatedRequestIsAnsweredBelow500OrClosed(@ForAll("requests") byte[] request) throws IOException {
        checkExchange(request);
    }

    @Example
    void absurdLengthsAreRefusedWithoutAllocatingThem() throws IOException {
        String topic = "/topics/fuzz";
        List<byte[]> requests = List.of(
            ascii("POST " + topic + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/vnd.kafka.json.v2+json\r\n\r\nFFFFFFFFFFFFFFFF\r\nabc\r\n"),
            ascii("POST " + topic + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/vnd.kafka.json.v2+json\r\n\r\n7FFFFFFF\r\nabc\r\n"),
            ascii("POST " + topic + " HTTP/1.1\r\nHost: x\r\nContent-Length: 9999999999999\r\n"
                + "Content-Type: application/vnd.kafka.json.v2+json\r\n\r\nabc"),
            ascii("POST " + topic + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2147483647\r\n"
                + "Expect: 100-continue\r\nContent-Type: application/vnd.kafka.json.v2+json\r\n\r\n"),
            ascii("GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
            ascii("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(40_000) + "\r\n\r\n"),
            gzipBomb(topic),
            webSocketFrame(fixture.clusterId(), new byte[] {(byte) 0x82, (byte) 0xFF, 0x7F, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2, 3, 4, 0, 0}),
            webSocketFrame(fixture.clusterId(), new byte[] {(byte) 0x02, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF,
                1, 2, 3, 4, 0, 0}));
        for (byte[] request : requests) {
            String status = checkExchange(request);
            if (status != null && !status.equals("101")) {
                assertThat(status).as("status for %s", new String(request, 0, 40, StandardCharsets.ISO_8859_1))
                    .startsWith("4");
            }
        }
    }

    /** Found by the long pass: a bad percent-encoding in the path was a 500, not a 400. */
    @Example
    void aBadPercentEncodingIsABadRequest() throws IOException {
        for (String target : List.of("%zz/", "/topics/%zz", "/topics/a%", "/consumers/g%zz/instances/c/records")) {
            assertThat(checkExchange(ascii("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n"))).as(target)
                .isEqualTo("400");
        }
    }

    /** Sends one request, checks the answer and the allocation; returns the status code, or null if closed. */
    private static String checkExchange(byte[] request) throws IOException {
        long before = AllocationMeter.allThreadsAllocatedBytes();
        byte[] answer = exchange(request);
        long allocated = AllocationMeter.allThreadsAllocatedBytes() - before;
        assertThat(allocated).as("JVM bytes allocated for a request of %d bytes", request.length)
            .isLessThan(ALLOCATION_CONSTANT + 64L * request.length);
        if (answer.length == 0) {
            return null; // closed without an answer: allowed for bytes that are not HTTP
        }
        String head = new String(answer, 0, Math.min(answer.length, 200), StandardCharsets.ISO_8859_1);
        Matcher status = STATUS.matcher(head);
        assertThat(status.find()).as("a status line, got %s", head).isTrue();
        assertThat(Integer.parseInt(status.group(1))).as("status of %s -> %s",
            new String(request, 0, Math.min(request.length, 120), StandardCharsets.ISO_8859_1), head).isLessThan(500);
        return status.group(1);
    }

    /**
     * Writes the request, half-closes, and reads until the listener closes (at most 64 KiB kept). An open
     * connection 5 s after the client's end of stream would be a leak.
     */
    private static byte[] exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", fixture.port())) {
            socket.setSoTimeout(5_000);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                socket.shutdownOutput();
            } catch (SocketException closedEarly) {
                // the listener closed while we wrote: read what it said
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (out.size() < 65_536) {
                        out.write(buffer, 0, n);
                    }
                }
            } catch (SocketException reset) {
                // closed with a reset: what was read is the answer
            } catch (SocketTimeoutException open) {
                throw new AssertionError("Connection still open 5 s after the client's end of stream: "
                    + new String(request, 0, Math.min(request.length, 120), StandardCharsets.ISO_8859_1));
            }
            return out.toByteArray();
        }
    }

    // ---- generators ----

    @Provide
    Arbitrary<byte[]> requests() {
        Arbitrary<List<int[]>> mutations = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.integers().greaterOrEqual(0), Arbitraries.integers())
            .as((kind, position, value) -> new int[] {kind, position, value}).list().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(Arbitraries.of(seeds), mutations).as((bytes, list) -> {
            byte[] out = bytes;
            for (int[] m : list) {
                out = mutate(out, m[0], m[1], m[2]);
            }
            return out;
        });
    }

    private static final String[] PIECES = {"\r\n", ":", " ", "\r\n\r\n", "Transfer-Encoding: chunked\r\n",
        "Content-Length: -1\r\n", "Content-Length: 99999999999\r\n", "Content-Encoding: gzip\r\n", "%", "%zz",
        "FFFFFFFF\r\n", "\u0000", "/../", "?a=%00&b", "Upgrade: websocket\r\n", "Expect: 100-continue\r\n"};

    private static byte[] mutate(byte[] in, int kind, int position, int value) {
        if (in.length == 0) {
            return in;
        }
        int at = position % in.length;
        byte[] out = in.clone();
        switch (kind) {
            case 0 -> out[at] ^= (byte) (1 << (value & 7));
            case 1 -> out[at] = (byte) value;
            case 2 -> out = Arrays.copyOf(in, at);
            case 3, 4 -> {
                byte[] piece = PIECES[Math.floorMod(value, PIECES.length)].getBytes(StandardCharsets.ISO_8859_1);
                out = new byte[in.length + piece.length];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(piece, 0, out, at, piece.length);
                System.arraycopy(in, at, out, at + piece.length, in.length - at);
            }
            default -> {
                byte[] tail = new byte[value & 255];
                new Random(value).nextBytes(tail);
                out = Arrays.copyOf(in, in.length + tail.length);
                System.arraycopy(tail, 0, out, in.length, tail.length);
            }
        }
        return out;
    }

    private static List<byte[]> seeds(String clusterId) throws IOException {
        String json = "{\"records\":[{\"key\":\"k\",\"value\":{\"a\":1}}]}";
        String v3 = "{\"key\":{\"type\":\"STRING\",\"data\":\"k\"},\"value\":{\"type\":\"JSON\",\"data\":{\"a\":1}}}";
        List<byte[]> out = new ArrayList<>();
        out.add(ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        out.add(ascii("GET /metrics HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n"));
        out.add(ascii("GET /topics HTTP/1.1\r\nHost: x\r\n\r\n"));
        out.add(ascii("POST /topics/fuzz HTTP/1.1\r\nHost: x\r\nContent-Type: application/vnd.kafka.json.v2+json\r\n"
            + "Content-Length: " + json.length() + "\r\n\r\n" + json));
        out.add(ascii("POST /topics/fuzz HTTP/1.1\r\nHost: x\r\nContent-Type: application/vnd.kafka.json.v2+json\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n"));
        byte[] gz = gzip(json.getBytes(StandardCharsets.UTF_8));
        out.add(concat(ascii("POST /topics/fuzz HTTP/1.1\r\nHost: x\r\nContent-Type: application/vnd.kafka.json.v2+json"
            + "\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.length + "\r\n\r\n"), gz));
        out.add(ascii("POST /v3/clusters/" + clusterId + "/topics/fuzz/records HTTP/1.1\r\nHost: x\r\n"
            + "Content-Type: application/json\r\nContent-Length: " + v3.length() + "\r\n\r\n" + v3));
        String consumer = "{\"name\":\"c1\",\"format\":\"json\"}";
        out.add(ascii("POST /consumers/g1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/vnd.kafka.v2+json\r\n"
            + "Content-Length: " + consumer.length() + "\r\n\r\n" + consumer));
        String ksql = "{\"ksql\":\"SHOW STREAMS;\"}";
        out.add(ascii("POST /ksql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
            + ksql.length() + "\r\n\r\n" + ksql));
        out.add(ascii("GET /v3/clusters/" + clusterId + "/topics/fuzz/records:stream HTTP/1.1\r\nHost: x\r\n"
            + "Accept: text/event-stream\r\n\r\n"));
        out.add(webSocketFrame(clusterId, new byte[] {(byte) 0x81, (byte) 0x85, 1, 2, 3, 4, 'h' ^ 1, 'e' ^ 2,
            'l' ^ 3, 'l' ^ 4, 'o' ^ 1}));
        return out;
    }

    private static byte[] webSocketFrame(String clusterId, byte[] frame) {
        return concat(ascii("GET /v3/clusters/" + clusterId + "/topics/fuzz/records:stream HTTP/1.1\r\nHost: x\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n\r\n"), frame);
    }

    /** 64 MiB of JSON whitespace gzip-compressed to ~64 KiB, for a listener whose limit is 64 KiB decoded. */
    private static byte[] gzipBomb(String path) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                gzip.write(spaces);
            }
        }
        byte[] body = compressed.toByteArray();
        return concat(ascii("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/vnd.kafka.json.v2+json"
            + "\r\nContent-Encoding: gzip\r\nContent-Length: " + body.length + "\r\n\r\n"), body);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
