package io.freshet.http.console;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How the console shows a key, value or header value: {@code json} (valid JSON, pretty-printed with two spaces),
 * {@code text} (valid UTF-8 without control characters other than tab, line feed and carriage return) or
 * {@code binary} (anything else, as hex {@code "0a ff 10"}). What is shown is cut: text and JSON at
 * {@value #MAX_TEXT} characters, hex at {@value #MAX_HEX_BYTES} bytes ({@code truncated}); {@code size} is always
 * the whole length in bytes.
 */
final class Payloads {

    /** A payload as the console shows it. */
    record Payload(String encoding, String text, int size, boolean truncated) {
    }

    static final int MAX_TEXT = 64 * 1024;
    static final int MAX_HEX_BYTES = 4 * 1024;
    /** Larger values are not parsed as JSON (a browse of 500 of them stays cheap): text or binary. */
    private static final int MAX_JSON_PARSE = 1024 * 1024;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static final JsonFactory JSON = new JsonFactory();
    /** As {@code JSON.stringify(value, null, 2)}: {@code "a": 1}, one array element per line. */
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private Payloads() {
    }

    /** The payload of {@code bytes}; null for null. */
    static Payload of(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        String json = bytes.length <= MAX_JSON_PARSE ? prettyJson(bytes) : null;
        if (json != null) {
            return cut("json", json, bytes.length);
        }
        String text = text(bytes);
        if (text != null) {
            return new Payload("text", text, bytes.length, bytes.length > MAX_TEXT);
        }
        return new Payload("binary", hex(bytes), bytes.length, bytes.length > MAX_HEX_BYTES);
    }

    private static Payload cut(String encoding, String text, int size) {
        return text.length() > MAX_TEXT ? new Payload(encoding, text.substring(0, MAX_TEXT), size, true)
            : new Payload(encoding, text, size, false);
    }

    /**
     * {@code bytes} re-indented if they are one JSON document and nothing else ("12 apples" is text, not the number
     * 12), else null. Token by token, so numbers keep the digits they were written with (1.50, 1e5).
     */
    private static String prettyJson(byte[] bytes) {
        if (!mayBeJson(bytes)) {
            return null;
        }
        StringWriter out = new StringWriter(bytes.length + bytes.length / 2);
        try (JsonParser parser = JSON.createParser(bytes);
             JsonGenerator generator = JSON.createGenerator(out).setPrettyPrinter(new DefaultPrettyPrinter(PRETTY))) {
            boolean rootDone = false;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (rootDone) {
                    return null; // a second value after the first
                }
                if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    generator.writeNumber(parser.getText());
                } else {
                    generator.copyCurrentEvent(parser);
                }
                rootDone = parser.getParsingContext().inRoot();
            }
            if (!rootDone) {
                return null;
            }
        } catch (IOException e) { // not JSON (Jackson's parse errors are IOExceptions), or not valid UTF-8
            return null;
        }
        return out.toString();
    }

    /** A quick look at the first character, so most text is not parsed as JSON for nothing. */
    private static boolean mayBeJson(byte[] bytes) {
        for (byte b : bytes) {
            if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
                continue;
            }
            return b == '{' || b == '[' || b == '"' || b == '-' || (b >= '0' && b <= '9') || b == 't' || b == 'f'
                || b == 'n';
        }
        return false;
    }

    /** The first {@value #MAX_TEXT} bytes as text, or null if they are not valid UTF-8 without control characters. */
    private static String text(byte[] bytes) {
        int length = bytes.length;
        if (length > MAX_TEXT) {
            length = MAX_TEXT;
            while (length > 0 && (bytes[length] & 0xC0) == 0x80) {
                length--; // cut before a character, not inside it
            }
        }
        String text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, 0, length));
            text = chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f);
            if (control) {
                return null;
            }
        }
        return text;
    }

    /** {@code "0a ff 10"}: the first {@value #MAX_HEX_BYTES} bytes. */
    static String hex(byte[] bytes) {
        int shown = Math.min(bytes.length, MAX_HEX_BYTES);
        StringBuilder hex = new StringBuilder(shown * 3);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                hex.append(' ');
            }
            hex.append(HEX[(bytes[i] >> 4) & 0xF]).append(HEX[bytes[i] & 0xF]);
        }
        return hex.toString();
    }
}
