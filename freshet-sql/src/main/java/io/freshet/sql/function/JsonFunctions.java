package io.freshet.sql.function;

import static io.freshet.sql.schema.SqlType.BIGINT;
import static io.freshet.sql.schema.SqlType.BOOLEAN;
import static io.freshet.sql.schema.SqlType.DOUBLE;
import static io.freshet.sql.schema.SqlType.INTEGER;
import static io.freshet.sql.schema.SqlType.STRING;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

/**
 * Functions over JSON text, read with a streaming parser (no tree per call). EXTRACTJSONFIELD(json, path) gives
 * the value at the path as a STRING: a JSON string unquoted, JSON null as null, anything else as its JSON text;
 * bad JSON, a bad path or a missing field gives null. IS_JSON_STRING(s) is true when s is one well-formed JSON
 * value (false for null); JSON_ARRAY_LENGTH(s) counts the elements of a JSON array (null if s is not one);
 * TO_JSON_STRING(x) writes x as JSON.
 */
final class JsonFunctions {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** The last path parsed: queries pass a literal path, so this saves parsing it per row. Immutable record. */
    private static volatile JsonPath lastPath = new JsonPath("$", List.of());

    private JsonFunctions() {
    }

    static List<ScalarFunction> all() {
        return List.of(
                Overloads.named("EXTRACTJSONFIELD")
                        .strict(a -> extract((String) a[0], path((String) a[1])), STRING, STRING, STRING).build(),
                Overloads.named("IS_JSON_STRING").lenient(a -> a[0] != null && isJson((String) a[0]), STRING, BOOLEAN)
                        .build(),
                Overloads.named("JSON_ARRAY_LENGTH").strict(a -> arrayLength((String) a[0]), STRING, INTEGER).build(),
                Overloads.named("TO_JSON_STRING")
                        .lenient(a -> toJson(a[0]), STRING, STRING)
                        .lenient(a -> toJson(a[0]), INTEGER, STRING)
                        .lenient(a -> toJson(a[0]), BIGINT, STRING)
                        .lenient(a -> toJson(a[0]), DOUBLE, STRING)
                        .lenient(a -> toJson(a[0]), BOOLEAN, STRING).build());
    }

    private static JsonPath path(String text) {
        JsonPath cached = lastPath;
        if (cached.text().equals(text)) {
            return cached;
        }
        JsonPath parsed = JsonPath.parse(text);
        lastPath = parsed;
        return parsed;
    }

    static String extract(String json, JsonPath path) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() == null) {
                return null;
            }
            String found = descend(p, path.steps(), 0);
            while (p.nextToken() != null) {
                // read to the end so that malformed JSON after the value still gives null
            }
            return found;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The parser is at the start of a value; returns the value at steps[i..] below it, or null, and leaves the
     * parser at the last token of the value it was given (so the caller's loop goes on from there).
     */
    private static String descend(JsonParser p, List<Object> steps, int i) throws IOException {
        JsonToken t = p.currentToken();
        if (i == steps.size()) {
            return text(p, t);
        }
        Object step = steps.get(i);
        if (step instanceof String name && t == JsonToken.START_OBJECT) {
            String found = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean match = name.equals(p.currentName());
                p.nextToken();
                if (match && found == null) {
                    found = descend(p, steps, i + 1);
                } else {
                    p.skipChildren();
                }
            }
            return found;
        }
        if (step instanceof Integer index && t == JsonToken.START_ARRAY) {
            String found = null;
            int n = 0;
            for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                if (e == null) {
                    throw new IOException("unterminated array");
                }
                if (n++ == index) {
                    found = descend(p, steps, i + 1);
                } else {
                    p.skipChildren();
                }
            }
            return found;
        }
        p.skipChildren();
        return null;
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            StringWriter out = new StringWriter();
            try (JsonGenerator g = FACTORY.createGenerator(out)) {
                g.copyCurrentStructure(p);
            }
            return out.toString();
        }
        return p.getText();
    }

    static boolean isJson(String s) {
        try (JsonParser p = FACTORY.createParser(s)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    static Integer arrayLength(String s) {
        try (JsonParser p = FACTORY.createParser(s)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            int n = 0;
            for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                if (e == null) {
                    return null;
                }
                p.skipChildren();
                n++;
            }
            return p.nextToken() == null ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    static String toJson(Object v) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (v == null) {
                g.writeNull();
            } else if (v instanceof String s) {
                g.writeString(s);
            } else if (v instanceof Boolean b) {
                g.writeBoolean(b);
            } else if (v instanceof Integer i) {
                g.writeNumber(i);
            } else if (v instanceof Long l) {
                g.writeNumber(l);
            } else {
                g.writeNumber((Double) v);
            }
        } catch (IOException e) {
            return null;
        }
        return out.toString();
    }
}
