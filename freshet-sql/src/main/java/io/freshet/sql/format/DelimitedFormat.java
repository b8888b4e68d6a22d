package io.freshet.sql.format;

import io.freshet.sql.schema.Column;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Rows as one line of comma-separated values, RFC 4180 style: a field holding a comma, a double quote or a line
 * break is written in double quotes with inner quotes doubled. A null column is an empty field; an empty string
 * is written {@code ""} so that the two stay apart. Reading wants exactly one field per column; numbers and
 * booleans are parsed strictly (a bad one is a SerializationException naming the column).
 */
final class DelimitedFormat extends RowFormat {

    private final Column[] columns;

    DelimitedFormat(List<Column> columns) {
        this.columns = columns.toArray(new Column[0]);
    }

    @Override
    public byte[] serialize(String topic, Object[] row) {
        if (row == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(16 * columns.length);
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            if (row[i] != null) {
                appendField(sb, String.valueOf(row[i]));
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendField(StringBuilder sb, String s) {
        boolean quote = s.isEmpty();
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            sb.append(s);
            return;
        }
        sb.append('"').append(s.replace("\"", "\"\"")).append('"');
    }

    @Override
    public Object[] deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        List<String> fields = split(new String(data, StandardCharsets.UTF_8));
        if (fields.size() != columns.length) {
            throw new SerializationException("DELIMITED record in " + topic + " has " + fields.size()
                    + " fields, expected " + columns.length + " (" + names() + ")");
        }
        Object[] row = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            row[i] = convert(fields.get(i), columns[i]);
        }
        return row;
    }

    /** Fields of one line; an unquoted empty field is null, a quoted one is its text. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new SerializationException("DELIMITED record has an unterminated quoted field");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            sb.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        sb.append(c);
                    }
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new SerializationException("DELIMITED record has text after a closing quote");
                }
                fields.add(sb.toString());
            } else {
                int end = line.indexOf(',', i);
                String field = line.substring(i, end < 0 ? n : end);
                fields.add(field.isEmpty() ? null : field);
                i = end < 0 ? n : end;
            }
            if (i >= n) {
                return fields;
            }
            i++;
        }
    }

    private static Object convert(String field, Column column) {
        if (field == null) {
            return null;
        }
        try {
            return switch (column.type()) {
                case STRING -> field;
                case INTEGER -> Integer.parseInt(field.trim());
                case BIGINT -> Long.parseLong(field.trim());
                case DOUBLE -> Double.parseDouble(field.trim());
                case BOOLEAN -> parseBoolean(field.trim(), column);
            };
        } catch (NumberFormatException e) {
            throw new SerializationException("column " + column.name() + ": expected "
                    + column.type().displayName() + ", found " + JsonColumnReader.abbreviate(field));
        }
    }

    private static Boolean parseBoolean(String s, Column column) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new NumberFormatException(s);
        };
    }

    private String names() {
        StringBuilder sb = new StringBuilder();
        for (Column c : columns) {
            sb.append(sb.length() == 0 ? "" : ", ").append(c.name());
        }
        return sb.toString();
    }
}
