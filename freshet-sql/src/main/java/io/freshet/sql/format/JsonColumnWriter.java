package io.freshet.sql.format;

import com.fasterxml.jackson.core.JsonGenerator;
import io.freshet.sql.schema.Column;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes one column's value as JSON: null, true/false, an integer, a double as Java prints it, or a string. */
final class JsonColumnWriter {

    private JsonColumnWriter() {
    }

    /** What one record's JSON is: the calls on the generator (a bare value, or an object of columns). */
    @FunctionalInterface
    interface Body {
        void writeTo(JsonGenerator g) throws IOException;
    }

    /**
     * One record's JSON as UTF-8 bytes. Writing to memory cannot fail short of a bug, so an IOException is
     * unchecked here rather than declared by every serializer.
     */
    static byte[] toBytes(int sizeHint, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
        try (JsonGenerator g = JsonObjectFormat.FACTORY.createGenerator(out)) {
            body.writeTo(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static void write(JsonGenerator g, Column column, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
            return;
        }
        switch (column.type()) {
            case BOOLEAN -> g.writeBoolean((Boolean) value);
            case INTEGER -> g.writeNumber(((Number) value).intValue());
            case BIGINT -> g.writeNumber(((Number) value).longValue());
            case DOUBLE -> g.writeNumber(((Number) value).doubleValue());
            case STRING -> g.writeString((String) value);
        }
    }
}
