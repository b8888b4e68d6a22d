package io.freshet.tools.consume;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A kcat {@code -f} format string: {@code %t} topic, {@code %p} partition, {@code %o} offset, {@code %k} key,
 * {@code %s} value, {@code %T} timestamp (ms), {@code %h} headers ({@code k=v,k2=v2}), {@code %K}/{@code %S} key
 * and value lengths in bytes (-1 for null), {@code %%}; escapes {@code \n \t \r \\}. As in kcat, nothing is added
 * at the end: the format carries its own newline. Keys and values print as UTF-8 text (bytes that are not UTF-8
 * become U+FFFD); a null key or value prints as nothing, or as {@code NULL} with {@code -Z} (kcat's {@code -Z}).
 */
final class FormatString implements RecordFormat {

    /** kcat's default output: the value, then a newline. */
    static final String VALUES = "%s\\n";

    private final List<Part> parts;
    private final String nullText;

    private FormatString(List<Part> parts, String nullText) {
        this.parts = parts;
        this.nullText = nullText;
    }

    /** @throws IllegalArgumentException naming the unknown {@code %} directive */
    static FormatString parse(String format, boolean nullAsText) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if ((c == '%' || c == '\\') && i + 1 < format.length()) {
                char next = format.charAt(++i);
                if (c == '\\') {
                    literal.append(escape(next));
                } else if (next == '%') {
                    literal.append('%');
                } else if ("tpokshKST".indexOf(next) >= 0) {
                    if (!literal.isEmpty()) {
                        parts.add(new Part(literal.toString(), (char) 0));
                        literal.setLength(0);
                    }
                    parts.add(new Part(null, next));
                } else {
                    throw new IllegalArgumentException("Unknown format directive %" + next
                            + " (known: %t %p %o %k %s %T %h %K %S %%)");
                }
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Part(literal.toString(), (char) 0));
        }
        return new FormatString(List.copyOf(parts), nullAsText ? "NULL" : "");
    }

    private static String escape(char c) {
        return switch (c) {
            case 'n' -> "\n";
            case 't' -> "\t";
            case 'r' -> "\r";
            case '\\' -> "\\";
            default -> "\\" + c;
        };
    }

    @Override
    public void append(ConsumerRecord<byte[], byte[]> record, StringBuilder out) {
        for (Part part : parts) {
            if (part.literal() != null) {
                out.append(part.literal());
                continue;
            }
            switch (part.field()) {
                case 't' -> out.append(record.topic());
                case 'p' -> out.append(record.partition());
                case 'o' -> out.append(record.offset());
                case 'k' -> out.append(text(record.key()));
                case 's' -> out.append(text(record.value()));
                case 'T' -> out.append(record.timestamp());
                case 'K' -> out.append(record.key() == null ? -1 : record.key().length);
                case 'S' -> out.append(record.value() == null ? -1 : record.value().length);
                case 'h' -> headers(record, out);
                default -> throw new IllegalStateException("parsed directive %" + part.field());
            }
        }
    }

    private String text(byte[] bytes) {
        return bytes == null ? nullText : new String(bytes, StandardCharsets.UTF_8);
    }

    private void headers(ConsumerRecord<byte[], byte[]> record, StringBuilder out) {
        String separator = "";
        for (Header header : record.headers()) {
            out.append(separator).append(header.key()).append('=').append(text(header.value()));
            separator = ",";
        }
    }

    /** Literal text, or a field ({@code literal} null). */
    private record Part(String literal, char field) {
    }
}
