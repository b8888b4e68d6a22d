package io.freshet.sql.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.freshet.sql.schema.Column;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A one-column key in JSON, written as the bare value ({@code "d1"}, {@code 42}), as ksqlDB writes JSON keys. A
 * null column is a null key; a null key reads as a row holding null.
 */
final class JsonScalarFormat extends RowFormat {

    private final Column column;

    JsonScalarFormat(Column column) {
        this.column = column;
    }

    @Override
    public byte[] serialize(String topic, Object[] row) {
        if (row == null || row[0] == null) {
            return null;
        }
        return JsonColumnWriter.toBytes(32, g -> JsonColumnWriter.write(g, column, row[0]));
    }

    @Override
    public Object[] deserialize(String topic, byte[] data) {
        if (data == null) {
            return new Object[1];
        }
        try (JsonParser p = JsonObjectFormat.FACTORY.createParser(data)) {
            if (p.nextToken() == null) {
                throw new SerializationException("column " + column.name() + ": empty JSON key in " + topic);
            }
            return new Object[] {JsonColumnReader.read(p, column, JsonObjectFormat.FACTORY)};
        } catch (JsonProcessingException e) {
            throw new SerializationException("column " + column.name() + ": malformed JSON key in " + topic + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SerializationException("column " + column.name() + ": cannot read JSON key in " + topic
                    + ": " + e.getMessage());
        }
    }
}
