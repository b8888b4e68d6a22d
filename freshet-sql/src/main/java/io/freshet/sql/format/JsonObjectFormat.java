package io.freshet.sql.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.freshet.sql.schema.Column;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Rows as JSON objects: {@code {"DEVICE":"d1","TEMP":81.5}}, keys the column names exactly as given, in column
 * order, null columns written as null. Reading matches field names to columns ignoring case (an exact match
 * first), ignores unknown fields and leaves missing columns null; the JSON text {@code null} reads as a null row,
 * like a null record. Streaming Jackson both ways: no tree per record. Its only mutable state is a concurrent
 * cache of input field names, so one instance serves every stream thread.
 */
final class JsonObjectFormat extends RowFormat {

    static final JsonFactory FACTORY = new JsonFactory();

    /** Field names seen in input beyond the exact column names are remembered up to this many. */
    private static final int MAX_REMEMBERED_FIELDS = 1024;

    private final Column[] columns;
    private final String[] names;
    private final Map<String, Integer> byUpperName = new HashMap<>();
    /** Field name as written in input -> column index, or -1 for a field no column takes. Any stream thread may
     *  add to it; Jackson hands out canonical (interned) field names, so the lookup is usually one hash probe. */
    private final ConcurrentHashMap<String, Integer> byFieldName = new ConcurrentHashMap<>();

    JsonObjectFormat(List<Column> columns) {
        this.columns = columns.toArray(new Column[0]);
        this.names = columns.stream().map(Column::name).toArray(String[]::new);
        for (int i = this.columns.length - 1; i >= 0; i--) {
            byUpperName.put(names[i].toUpperCase(Locale.ROOT), i);
            byFieldName.put(names[i], i);
        }
    }

    @Override
    public byte[] serialize(String topic, Object[] row) {
        if (row == null) {
            return null;
        }
        return JsonColumnWriter.toBytes(16 + 16 * columns.length, g -> {
            g.writeStartObject();
            for (int i = 0; i < columns.length; i++) {
                g.writeFieldName(names[i]);
                JsonColumnWriter.write(g, columns[i], row[i]);
            }
            g.writeEndObject();
        });
    }

    @Override
    public Object[] deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try (JsonParser p = FACTORY.createParser(data)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.VALUE_NULL) {
                return null;
            }
            if (first != JsonToken.START_OBJECT) {
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

    /** The column a field fills: its exact name first, else its name ignoring case; -1 for none. */
    private int lookup(String field) {
        Integer known = byFieldName.get(field);
        if (known != null) {
            return known;
        }
        Integer i = byUpperName.get(field.toUpperCase(Locale.ROOT));
        int index = i == null ? -1 : i;
        if (byFieldName.size() < MAX_REMEMBERED_FIELDS) {
            byFieldName.put(field, index);
        }
        return index;
    }
}
