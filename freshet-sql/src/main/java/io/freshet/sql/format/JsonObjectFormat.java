package io.freshet.sql.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.freshet.sql.schema.Column;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Rows as JSON objects: {@code {"DEVICE":"d1","TEMP":81.5}}, keys the column names exactly as given, in column
 * order, null columns written as null. Reading matches field names to columns ignoring case (an exact match
 * first), ignores unknown fields and leaves missing columns null. Streaming Jackson both ways: no tree per record.
 * Stateless apart from the shared, thread-safe {@link JsonFactory}, so one instance serves every stream thread.
 */
final class JsonObjectFormat extends RowFormat {

    static final JsonFactory FACTORY = new JsonFactory();

    private final Column[] columns;
    private final String[] names;
    private final Map<String, Integer> byUpperName = new HashMap<>();

    JsonObjectFormat(List<Column> columns) {
        this.columns = columns.toArray(new Column[0]);
        this.names = columns.stream().map(Column::name).toArray(String[]::new);
        for (int i = this.columns.length - 1; i >= 0; i--) {
            byUpperName.put(names[i].toUpperCase(Locale.ROOT), i);
        }
    }

    @Override
    public byte[] serialize(String topic, Object[] row) {
        if (row == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + 16 * columns.length);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            for (int i = 0; i < columns.length; i++) {
                g.writeFieldName(names[i]);
                JsonColumnWriter.write(g, columns[i], row[i]);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public Object[] deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try (JsonParser p = FACTORY.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new SerializationException("value in " + topic + " is not a JSON object");
            }
            Object[] row = new Object[columns.length];
            int expected = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                int index = expected < names.length && names[expected].equals(field) ? expected : lookup(field);
                if (index < 0) {
                    p.skipChildren();
                    continue;
                }
                row[index] = JsonColumnReader.read(p, columns[index], FACTORY);
                expected = index + 1;
            }
            return row;
        } catch (JsonProcessingException e) {
            throw new SerializationException("malformed JSON in " + topic + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SerializationException("cannot read JSON in " + topic + ": " + e.getMessage());
        }
    }

    private int lookup(String field) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(field)) {
                return i;
            }
        }
        Integer i = byUpperName.get(field.toUpperCase(Locale.ROOT));
        return i == null ? -1 : i;
    }
}
