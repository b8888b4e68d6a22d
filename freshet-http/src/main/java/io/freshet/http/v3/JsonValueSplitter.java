package io.freshet.http.v3;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.freshet.http.error.RestException;
import io.freshet.http.json.Json;

import java.io.IOException;

/**
 * Cuts a byte stream of concatenated JSON values ({@code {...} {...}\n{...}}) into one {@link JsonNode} per
 * top-level value as the bytes arrive, with Jackson's non-blocking parser: a value is handed on as soon as its last
 * byte is fed, never held back until the stream ends.
 *
 * <p>Memory: the bytes of the value being read (tokens so far, plus the partial token the parser holds) are bounded by
 * {@code maxValueBytes}: once more than that has arrived since the last complete value, {@link #feed} refuses with
 * 413. Malformed JSON fails with Jackson's {@link com.fasterxml.jackson.core.JsonProcessingException}; the parser
 * cannot find the next value after that, so the caller stops.
 *
 * <p>Not thread-safe: one body, fed from its connection's event loop.
 */
final class JsonValueSplitter {

    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

    /** Takes each complete value and the number of bytes it took in the body. */
    interface ValueSink {
        void onValue(JsonNode value, long bytes);
    }

    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private final int maxValueBytes;
    private TokenBuffer value;
    private int depth;
    private long valueStart;
    /** Bytes fed so far, and where the last complete value ended: the difference is what is held now. */
    private long fed;
    private long lastValueEnd;

    JsonValueSplitter(int maxValueBytes) throws IOException {
        this.parser = FACTORY.createNonBlockingByteArrayParser();
        this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
        this.maxValueBytes = maxValueBytes;
    }

    /** Feeds the next bytes of the body; {@code sink} gets every value they complete, in order. */
    void feed(byte[] bytes, ValueSink sink) throws IOException {
        feeder.feedInput(bytes, 0, bytes.length);
        fed += bytes.length;
        drain(sink);
        if (fed - lastValueEnd > maxValueBytes) {
            throw tooLarge();
        }
    }

    /** The body ended: a value left open is malformed JSON. */
    void end(ValueSink sink) throws IOException {
        feeder.endOfInput();
        drain(sink);
        if (value != null) {
            throw RestException.badRequest("Unexpected end of the body inside a JSON value");
        }
    }

    private RestException tooLarge() {
        return new RestException(413, 413, "A record is larger than http.max.request.bytes (" + maxValueBytes
            + " bytes)");
    }

    private void drain(ValueSink sink) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
            if (value == null) {
                value = new TokenBuffer(parser);
                valueStart = parser.currentTokenLocation().getByteOffset();
            }
            value.copyCurrentEvent(parser);
            if (token.isStructStart()) {
                depth++;
            } else if (token.isStructEnd()) {
                depth--;
            }
            if (depth == 0) {
                lastValueEnd = parser.currentLocation().getByteOffset();
                if (lastValueEnd - valueStart > maxValueBytes) {
                    throw tooLarge(); // arrived whole in one chunk
                }
                JsonNode node;
                try (JsonParser buffered = value.asParser()) {
                    node = Json.MAPPER.readTree(buffered);
                }
                value = null;
                sink.onValue(node, lastValueEnd - valueStart);
            }
        }
    }
}
