package io.freshet.http.v3;

import io.freshet.gateway.Appended;
import io.freshet.http.json.Json;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The answer for one produced record, Confluent v3's shape: {@code {"error_code": 200, "cluster_id", "topic_name",
 * "partition_id", "offset", "timestamp" (ISO-8601), "key": {"type", "size"}, "value": {...}}} (key / value null
 * when the record had none); a record that failed gets the error body of {@code HttpErrors} instead.
 *
 * <p>Written straight into the answer's buffer from byte templates, compact as Jackson writes it (field order
 * included): a streaming produce writes one report per record, and a map serialized by the ObjectMapper per report
 * was most of its CPU. Only the cluster id and topic name need JSON escaping; they are escaped once per stream.
 * One writer per stream, used on its event loop (it caches the last timestamp's text).
 */
final class DeliveryReport {

    private static final byte[] TOPIC_NAME = ascii(",\"topic_name\":");
    private static final byte[] PARTITION_ID = ascii(",\"partition_id\":");
    private static final byte[] OFFSET = ascii(",\"offset\":");
    private static final byte[] TIMESTAMP = ascii(",\"timestamp\":\"");
    private static final byte[] KEY = ascii("\",\"key\":");
    private static final byte[] VALUE = ascii(",\"value\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] TYPE = ascii("{\"type\":");
    private static final byte[] SIZE = ascii(",\"size\":");
    private static final byte[] BINARY = Json.bytes("BINARY");
    private static final byte[] STRING = Json.bytes("STRING");
    private static final byte[] JSON = Json.bytes("JSON");

    /** {@code {"error_code":200,"cluster_id":"..."}}, escaped once. */
    private final byte[] head;
    private String topic;
    private byte[] topicJson;
    private long timestamp = Long.MIN_VALUE;
    private byte[] timestampText;
    /** The report being assembled: {@code length} bytes of it. */
    private byte[] scratch = new byte[256];
    private int length;

    DeliveryReport(String clusterId) {
        byte[] start = ascii("{\"error_code\":200,\"cluster_id\":");
        byte[] id = Json.bytes(clusterId);
        head = new byte[start.length + id.length];
        System.arraycopy(start, 0, head, 0, start.length);
        System.arraycopy(id, 0, head, start.length, id.length);
    }

    /**
     * Writes the report of a record that was appended, without a line break: assembled in a scratch array, then
     * copied into {@code out} at once (a direct buffer's bounds checks per small write cost more than the copy).
     */
    void write(ByteBuf out, ProduceRecord record, Appended appended) {
        length = 0;
        put(head);
        put(TOPIC_NAME);
        put(topicJson(appended.partition().topic()));
        put(PARTITION_ID);
        putDecimal(appended.partition().partition());
        put(OFFSET);
        putDecimal(appended.offset());
        put(TIMESTAMP);
        put(timestampText(appended.timestamp()));
        put(KEY);
        putData(record.keyType(), record.keySize());
        put(VALUE);
        putData(record.valueType(), record.valueSize());
        put((byte) '}');
        out.writeBytes(scratch, 0, length);
    }

    private void putData(String type, int size) {
        if (type == null) {
            put(NULL);
            return;
        }
        put(TYPE);
        put(typeJson(type));
        put(SIZE);
        putDecimal(size);
        put((byte) '}');
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, scratch, length, bytes.length);
        length += bytes.length;
    }

    private void put(byte b) {
        ensure(1);
        scratch[length++] = b;
    }

    /** {@code value} in decimal ASCII, as {@link Long#toString(long)}, without a String. */
    private void putDecimal(long value) {
        if (value == Long.MIN_VALUE) {
            put(ascii(Long.toString(value)));
            return;
        }
        if (value < 0) {
            put((byte) '-');
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = length + digits - 1; i >= length; i--) {
            scratch[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += digits;
    }

    private void ensure(int more) {
        if (length + more > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, length + more));
        }
    }

    private byte[] topicJson(String name) {
        if (!name.equals(topic)) {
            topic = name;
            topicJson = Json.bytes(name);
        }
        return topicJson;
    }

    /** Records appended in the same millisecond share the text: {@link Instant#toString()}, as before. */
    private byte[] timestampText(long millis) {
        if (millis != timestamp || timestampText == null) {
            timestamp = millis;
            timestampText = ascii(Instant.ofEpochMilli(millis).toString());
        }
        return timestampText;
    }

    private static byte[] typeJson(String type) {
        return switch (type) {
            case "BINARY" -> BINARY;
            case "STRING" -> STRING;
            case "JSON" -> JSON;
            default -> Json.bytes(type); // ProduceRecord admits no other; escaped anyway
        };
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
