package io.freshet.http.stream;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.freshet.gateway.LogRecord;
import io.freshet.http.json.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A streamed record as one line of JSON:
 * <pre>
 *   {"partition_id":0,"offset":12,"timestamp":1700000000000,"key":"k","value":"v",
 *    "headers":[{"name":"h","value":"x"}]}
 * </pre>
 * A key, value or header value is a JSON string when its bytes are valid UTF-8, else
 * {@code {"type":"BINARY","data":"<base64>"}}, and null when absent. Jackson escapes control characters, so the
 * line never contains a newline (an SSE {@code data:} field must not). Stateless, any thread.
 */
final class RecordJson {

    private RecordJson() {
    }

    /** Appends the JSON of {@code record} to {@code out}. */
    static void write(LogRecord record, ByteBuf out) {
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator((java.io.OutputStream)
            new ByteBufOutputStream(out), JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeNumberField("partition_id", record.partition().partition());
            json.writeNumberField("offset", record.offset());
            json.writeNumberField("timestamp", record.timestamp());
            json.writeFieldName("key");
            writeBytes(json, record.key());
            json.writeFieldName("value");
            writeBytes(json, record.value());
            json.writeArrayFieldStart("headers");
            for (Header header : record.headers()) {
                json.writeStartObject();
                json.writeStringField("name", header.key());
                json.writeFieldName("value");
                writeBytes(json, header.value());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteBuf does not fail to grow short of memory
        }
    }

    /** {@code {"partition_id":0,"missed":5}}: what a subscriber that fell behind the log's start skipped. */
    static String gap(int partition, long missed) {
        return "{\"partition_id\":" + partition + ",\"missed\":" + missed + "}";
    }

    private static void writeBytes(JsonGenerator json, byte[] bytes) throws IOException {
        if (bytes == null) {
            json.writeNull();
            return;
        }
        String text = utf8(bytes);
        if (text != null) {
            json.writeString(text);
        } else {
            json.writeStartObject();
            json.writeStringField("type", "BINARY");
            json.writeFieldName("data");
            json.writeBinary(bytes);
            json.writeEndObject();
        }
    }

    /** The text of {@code bytes} when they are valid UTF-8, else null. */
    static String utf8(byte[] bytes) {
        boolean ascii = true;
        for (byte b : bytes) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
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
}
