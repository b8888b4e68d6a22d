package io.freshet.sql.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.freshet.sql.schema.Column;
import java.io.IOException;
import java.io.StringWriter;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads the JSON value the parser is at as one column's type, the way ksqlDB accepts input: a number for any
 * numeric column where nothing is lost (an integer for a DOUBLE, 3.0 for an INT, but not 3.5 and not an INT
 * out of range), any scalar for a STRING column (its text) and an object or array there as its JSON text; JSON
 * null is null; "NaN", "Infinity" and "-Infinity" for a DOUBLE (how a non-finite double is written). Anything else, notably a string where a number or boolean is expected, is a {@link
 * SerializationException} naming the column, so that the record is counted as malformed.
 */
final class JsonColumnReader {

    private JsonColumnReader() {
    }

    static Object read(JsonParser p, Column column, JsonFactory factory) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        switch (column.type()) {
            case STRING:
                return text(p, t, factory);
            case BOOLEAN:
                if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                    return t == JsonToken.VALUE_TRUE;
                }
                break;
            case INTEGER:
                if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                    return p.getIntValue();
                }
                if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                    double d = p.getDoubleValue();
                    if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
                        return (int) d;
                    }
                }
                break;
            case BIGINT:
                if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    return p.getLongValue();
                }
                if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                    double d = p.getDoubleValue();
                    if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
                        return (long) d;
                    }
                }
                break;
            case DOUBLE:
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    return p.getDoubleValue();
                }
                if (t == JsonToken.VALUE_STRING) {
                    Double special = nonFinite(p.getText());
                    if (special != null) {
                        return special;
                    }
                }
                break;
            default:
                break;
        }
        throw mismatch(p, t, column);
    }

    /** Jackson writes NaN and the infinities as these strings (JSON has no such numbers); read them back. */
    private static Double nonFinite(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> null;
        };
    }

    private static String text(JsonParser p, JsonToken t, JsonFactory factory) throws IOException {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            StringWriter out = new StringWriter();
            try (JsonGenerator g = factory.createGenerator(out)) {
                g.copyCurrentStructure(p);
            }
            return out.toString();
        }
        return p.getText();
    }

    private static SerializationException mismatch(JsonParser p, JsonToken t, Column column) throws IOException {
        String found = switch (t) {
            case VALUE_STRING -> "the string " + abbreviate(p.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + abbreviate(p.getText());
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> String.valueOf(t);
        };
        return new SerializationException("column " + column.name() + ": expected " + column.type().displayName()
                + ", found " + found);
    }

    static String abbreviate(String s) {
        String quoted = "'" + s + "'";
        return quoted.length() <= 40 ? quoted : quoted.substring(0, 37) + "...'";
    }
}
