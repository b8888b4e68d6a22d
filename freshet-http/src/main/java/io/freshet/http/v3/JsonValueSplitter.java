package io.freshet.http.v3;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.freshet.http.error.RestException;
import io.freshet.http.json.Json;

import java.io.IOException;
import java.util.ArrayDeque;

/**
 * Cuts a byte stream of concatenated JSON values ({@code {...} {...}\n{...}}) into one {@link JsonNode} per
 * top-level value as the bytes arrive, with Jackson's non-blocking parser: a value is handed on as soon as its last
 * byte is fed, never held back until the stream ends. The tree is built from the parser's tokens as they stream by
 * (the nodes {@code ObjectMapper.readTree} would make), so each byte is parsed once.
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
    private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();

    /** Takes each complete value and the number of bytes it took in the body. */
    interface ValueSink {
        void onValue(JsonNode value, long bytes);
    }

    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private final int maxValueBytes;
    /** The objects and arrays of the value being read that are still open, innermost first. */
    private final ArrayDeque<ContainerNode<?>> open = new ArrayDeque<>();
    /** The last field name read in the innermost open object. */
    private String fieldName;
    private boolean inValue;
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
        if (inValue) {
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
            if (open.isEmpty() && !inValue) {
                inValue = true;
                valueStart = parser.currentTokenLocation().getByteOffset();
            }
            JsonNode node;
            switch (token) {
                case FIELD_NAME -> {
                    fieldName = parser.currentName();
                    continue;
                }
                case START_OBJECT -> node = NODES.objectNode();
                case START_ARRAY -> node = NODES.arrayNode();
                case END_OBJECT, END_ARRAY -> {
                    node = open.pop();
                    if (!open.isEmpty()) {
                        continue; // attached to its parent when it opened
                    }
                }
                default -> node = scalar(token);
            }
            if (token.isStructStart()) {
                attach(node);
                open.push((ContainerNode<?>) node);
                continue;
            }
            if (!open.isEmpty()) {
                attach(node);
                continue;
            }
            lastValueEnd = parser.currentLocation().getByteOffset();
            inValue = false;
            if (lastValueEnd - valueStart > maxValueBytes) {
                throw tooLarge(); // arrived whole in one chunk
            }
            sink.onValue(node, lastValueEnd - valueStart);
        }
    }

    /** Adds {@code node} to the open container, if any (a repeated field name keeps its place, last value wins). */
    private void attach(JsonNode node) {
        ContainerNode<?> parent = open.peek();
        if (parent instanceof ObjectNode object) {
            object.replace(fieldName, node);
        } else if (parent instanceof ArrayNode array) {
            array.add(node);
        }
    }

    /** The node {@code ObjectMapper.readTree} makes of a scalar token (with {@link Json#MAPPER}'s defaults). */
    private JsonNode scalar(JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> switch (parser.getNumberTypeFP()) {
                case BIG_DECIMAL -> NODES.numberNode(parser.getDecimalValue());
                case FLOAT32 -> NODES.numberNode(parser.getFloatValue());
                default -> NODES.numberNode(parser.getDoubleValue());
            };
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IllegalStateException("Unexpected JSON token " + token);
        };
    }
}
