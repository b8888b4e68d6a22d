package io.freshet.http.v3;

import io.freshet.gateway.Appended;
import io.freshet.http.json.Json;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

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

    DeliveryReport(String clusterId) {
        byte[] start = ascii("{\"error_code\":200,\"cluster_id\":");
        byte[] id = Json.bytes(clusterId);
        head = new byte[start.length + id.length];
        System.arraycopy(start, 0, head, 0, start.length);
        System.arraycopy(id, 0, head, start.length, id.length);
    }

    /** Writes the report of a record that was appended, without a line break. */
    void write(ByteBuf out, ProduceRecord record, Appended appended) {
        out.writeBytes(head).writeBytes(TOPIC_NAME).writeBytes(topicJson(appended.partition().topic()));
        out.writeBytes(PARTITION_ID);
        writeDecimal(out, appended.partition().partition());
        out.writeBytes(OFFSET);
        writeDecimal(out, appended.offset());
        out.writeBytes(TIMESTAMP).writeBytes(timestampText(appended.timestamp()));
        out.writeBytes(KEY);
        writeData(out, record.keyType(), record.keySize());
        out.writeBytes(VALUE);
        writeData(out, record.valueType(), record.valueSize());
        out.writeByte('}');
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

    private static void writeData(ByteBuf out, String type, int size) {
        if (type == null) {
            out.writeBytes(NULL);
            return;
        }
        out.writeBytes(TYPE).writeBytes(typeJson(type)).writeBytes(SIZE);
        writeDecimal(out, size);
        out.writeByte('}');
    }

    private static byte[] typeJson(String type) {
        return switch (type) {
            case "BINARY" -> BINARY;
            case "STRING" -> STRING;
            case "JSON" -> JSON;
            default -> Json.bytes(type); // ProduceRecord admits no other; escaped anyway
        };
    }

    /** {@code value} in decimal ASCII, as {@link Long#toString(long)}, without a String. */
    static void writeDecimal(ByteBuf out, long value) {
        if (value == Long.MIN_VALUE) {
            out.writeBytes(ascii(Long.toString(value)));
            return;
        }
        if (value < 0) {
            out.writeByte('-');
            value = -value;
        }
        long divisor = 1;
        while (divisor <= value / 10) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            out.writeByte((int) ('0' + (value / divisor) % 10));
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
