package io.freshet.sql.format;

import com.fasterxml.jackson.core.JsonGenerator;
import io.freshet.sql.schema.Column;
import java.io.IOException;

/** Writes one column's value as JSON: null, true/false, an integer, a double as Java prints it, or a string. */
final class JsonColumnWriter {

    private JsonColumnWriter() {
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
