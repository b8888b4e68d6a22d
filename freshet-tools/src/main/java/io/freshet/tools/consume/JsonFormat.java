package io.freshet.tools.consume;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * {@code --format json}: one object per line, {@code {"topic", "partition", "offset", "timestamp", "key", "value",
 * "headers": [{"key", "value"}]}}. Keys and values are JSON strings when they are UTF-8 text, null when null;
 * bytes that are not UTF-8 are given in base64 and flagged with {@code "key_encoding"} / {@code "value_encoding"}
 * (or the header's {@code "encoding"}) {@code "base64"}, so that no byte is lost.
 */
final class JsonFormat implements RecordFormat {

    @Override
    public void append(ConsumerRecord<byte[], byte[]> record, StringBuilder out) {
        out.append("{\"topic\":");
        quote(record.topic(), out);
        out.append(",\"partition\":").append(record.partition())
                .append(",\"offset\":").append(record.offset())
                .append(",\"timestamp\":").append(record.timestamp());
        payload("key", record.key(), out);
        payload("value", record.value(), out);
        out.append(",\"headers\":[");
        String separator = "";
        for (Header header : record.headers()) {
            out.append(separator).append("{\"key\":");
            quote(header.key(), out);
            String text = utf8(header.value());
            out.append(",\"value\":");
            if (header.value() == null) {
                out.append("null");
            } else if (text != null) {
                quote(text, out);
            } else {
                quote(Base64.getEncoder().encodeToString(header.value()), out);
                out.append(",\"encoding\":\"base64\"");
            }
            out.append('}');
            separator = ",";
        }
        out.append("]}\n");
    }

    private static void payload(String name, byte[] bytes, StringBuilder out) {
        out.append(",\"").append(name).append("\":");
        if (bytes == null) {
            out.append("null");
            return;
        }
        String text = utf8(bytes);
        if (text != null) {
            quote(text, out);
        } else {
            quote(Base64.getEncoder().encodeToString(bytes), out);
            out.append(",\"").append(name).append("_encoding\":\"base64\"");
        }
    }

    /** The bytes as text, or null if they are not valid UTF-8. */
    static String utf8(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
