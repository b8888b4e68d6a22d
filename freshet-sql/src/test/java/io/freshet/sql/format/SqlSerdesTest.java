package io.freshet.sql.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.freshet.sql.SqlException;
import io.freshet.sql.schema.Column;
import io.freshet.sql.schema.Format;
import io.freshet.sql.schema.SqlType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class SqlSerdesTest {

    private static final Column DEVICE = new Column("DEVICE", SqlType.STRING, true);
    private static final Column TEMP = new Column("TEMP", SqlType.DOUBLE, false);
    private static final Column N = new Column("N", SqlType.INTEGER, false);
    private static final Column TS = new Column("TS", SqlType.BIGINT, false);
    private static final Column OK = new Column("OK", SqlType.BOOLEAN, false);
    private static final Column NAME = new Column("NAME", SqlType.STRING, false);

    private static byte[] write(Serde<Object[]> serde, Object... row) {
        return serde.serializer().serialize("t", row);
    }

    private static Object[] read(Serde<Object[]> serde, String json) {
        return serde.deserializer().deserialize("t", json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteJsonValuesKeyedByColumnNameInColumnOrder() {
        assertThat(text(write(SqlSerdes.value(Format.JSON, List.of(TEMP)), 81.5))).isEqualTo("{\"TEMP\":81.5}");
        Serde<Object[]> serde = SqlSerdes.value(Format.JSON, List.of(NAME, TEMP, N, TS, OK));
        assertThat(text(write(serde, "a\"b", 1.0, 3, 5_000_000_000L, true)))
                .isEqualTo("{\"NAME\":\"a\\\"b\",\"TEMP\":1.0,\"N\":3,\"TS\":5000000000,\"OK\":true}");
        assertThat(text(write(serde, null, null, null, null, null)))
                .isEqualTo("{\"NAME\":null,\"TEMP\":null,\"N\":null,\"TS\":null,\"OK\":null}");
        assertThat(write(serde, (Object[]) null)).isNull();
    }

    @Test
    void shouldKeepQuotedColumnNamesAsGiven() {
        Serde<Object[]> serde = SqlSerdes.value(Format.JSON, List.of(new Column("mixedCase", SqlType.INTEGER, false)));
        assertThat(text(write(serde, 1))).isEqualTo("{\"mixedCase\":1}");
    }

    @Test
    void shouldReadJsonValuesMatchingNamesIgnoringCase() {
        Serde<Object[]> serde = SqlSerdes.value(Format.JSON, List.of(NAME, TEMP, N, TS, OK));
        assertThat(read(serde, "{\"ok\":false,\"Temp\":20,\"n\":3,\"extra\":{\"a\":[1,2]},\"ts\":12}"))
                .containsExactly(null, 20.0, 3, 12L, false);
        assertThat(read(serde, "{\"NAME\":\"x\",\"TEMP\":1.5,\"N\":null}")).containsExactly("x", 1.5, null, null, null);
        assertThat(read(serde, null)).isNull();
        assertThat(read(serde, "null")).isNull();
    }

    @Test
    void shouldReadAnyScalarIntoAStringColumnAsItsText() {
        Serde<Object[]> serde = SqlSerdes.value(Format.JSON, List.of(NAME));
        assertThat(read(serde, "{\"NAME\":81.50}")).containsExactly("81.50");
        assertThat(read(serde, "{\"NAME\":true}")).containsExactly("true");
        assertThat(read(serde, "{\"NAME\":{\"a\": [1, \"x\"]}}")).containsExactly("{\"a\":[1,\"x\"]}");
    }

    @Test
    void shouldAcceptIntegralNumbersForIntegerColumnsButNotFractions() {
        Serde<Object[]> serde = SqlSerdes.value(Format.JSON, List.of(N, TS));
        assertThat(read(serde, "{\"N\":3.0,\"TS\":7}")).containsExactly(3, 7L);
        assertThatThrownBy(() -> read(serde, "{\"N\":3.5}")).isInstanceOf(SerializationException.class)
                .hasMessage("column N: expected INTEGER, found the number '3.5'");
        assertThatThrownBy(() -> read(serde, "{\"N\":5000000000}")).isInstanceOf(SerializationException.class)
                .hasMessage("column N: expected INTEGER, found the number '5000000000'");
    }

    @Test
    void shouldRoundTripNonFiniteDoubles() {
        Serde<Object[]> serde = SqlSerdes.value(Format.JSON, List.of(TEMP));
        assertThat(text(write(serde, Double.NaN))).isEqualTo("{\"TEMP\":\"NaN\"}");
        assertThat(serde.deserializer().deserialize("t", write(serde, Double.NaN))).containsExactly(Double.NaN);
        assertThat(read(serde, "{\"TEMP\":\"-Infinity\"}")).containsExactly(Double.NEGATIVE_INFINITY);
    }

    @Test
    void shouldRefuseMalformedJsonValuesNamingTheColumn() {
        Serde<Object[]> serde = SqlSerdes.value(Format.JSON, List.of(TEMP, OK));
        assertThatThrownBy(() -> read(serde, "{\"TEMP\":\"hot\"}")).isInstanceOf(SerializationException.class)
                .hasMessage("column TEMP: expected DOUBLE, found the string 'hot'");
        assertThatThrownBy(() -> read(serde, "{\"OK\":1}")).isInstanceOf(SerializationException.class)
                .hasMessage("column OK: expected BOOLEAN, found the number '1'");
        assertThatThrownBy(() -> read(serde, "{\"TEMP\":")).isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("malformed JSON in t");
        assertThatThrownBy(() -> read(serde, "[1,2]")).isInstanceOf(SerializationException.class)
                .hasMessage("value in t is not a JSON object");
        assertThatThrownBy(() -> read(serde, "")).isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldWriteKafkaFormatAsKafkasOwnSerializers() {
        Column s = new Column("K", SqlType.STRING, true);
        Column i = new Column("K", SqlType.INTEGER, true);
        Column l = new Column("K", SqlType.BIGINT, true);
        Column d = new Column("K", SqlType.DOUBLE, true);
        assertThat(write(SqlSerdes.key(Format.KAFKA, List.of(s)), "d1"))
                .isEqualTo(Serdes.String().serializer().serialize("t", "d1"));
        assertThat(write(SqlSerdes.key(Format.KAFKA, List.of(i)), 258)).containsExactly(0, 0, 1, 2);
        assertThat(write(SqlSerdes.key(Format.KAFKA, List.of(l)), -2L))
                .isEqualTo(Serdes.Long().serializer().serialize("t", -2L));
        assertThat(write(SqlSerdes.value(Format.KAFKA, List.of(d)), 81.5))
                .isEqualTo(Serdes.Double().serializer().serialize("t", 81.5));
        assertThat(SqlSerdes.key(Format.KAFKA, List.of(d)).deserializer()
                .deserialize("t", Serdes.Double().serializer().serialize("t", 81.5))).containsExactly(81.5);
        assertThat(SqlSerdes.key(Format.KAFKA, List.of(l)).deserializer()
                .deserialize("t", Serdes.Long().serializer().serialize("t", 9L))).containsExactly(9L);
        assertThat(write(SqlSerdes.key(Format.KAFKA, List.of(s)), (Object) null)).isNull();
        assertThat(SqlSerdes.key(Format.KAFKA, List.of(s)).deserializer().deserialize("t", null)).containsExactly(
                (Object) null);
        assertThat(SqlSerdes.value(Format.KAFKA, List.of(s)).deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldRefuseKafkaValuesOfTheWrongSize() {
        Column i = new Column("N", SqlType.INTEGER, false);
        assertThatThrownBy(() -> SqlSerdes.value(Format.KAFKA, List.of(i)).deserializer()
                .deserialize("t", new byte[] {1, 2})).isInstanceOf(SerializationException.class)
                .hasMessage("column N: a KAFKA INTEGER is 4 bytes, got 2");
    }

    @Test
    void shouldRefuseKafkaFormatWithBooleanOrSeveralColumns() {
        assertThatThrownBy(() -> SqlSerdes.value(Format.KAFKA, List.of(OK))).isInstanceOf(SqlException.class)
                .hasMessage("VALUE_FORMAT KAFKA does not support BOOLEAN (column OK); use JSON or DELIMITED");
        assertThatThrownBy(() -> SqlSerdes.value(Format.KAFKA, List.of(TEMP, N))).isInstanceOf(SqlException.class)
                .hasMessage("VALUE_FORMAT KAFKA takes exactly one column, got 2 (TEMP, N); use JSON or DELIMITED");
        assertThatThrownBy(() -> SqlSerdes.value(Format.NONE, List.of(TEMP))).isInstanceOf(SqlException.class);
        assertThatThrownBy(() -> SqlSerdes.key(Format.NONE, List.of(DEVICE))).isInstanceOf(SqlException.class)
                .hasMessageContaining("KEY_FORMAT NONE cannot carry key columns (DEVICE)");
    }

    @Test
    void shouldWriteOneColumnJsonKeysBareAndSeveralAsAnObject() {
        Serde<Object[]> one = SqlSerdes.key(Format.JSON, List.of(DEVICE));
        assertThat(text(write(one, "d1"))).isEqualTo("\"d1\"");
        assertThat(read(one, "\"d1\"")).containsExactly("d1");
        assertThat(write(one, (Object) null)).isNull();
        Serde<Object[]> two = SqlSerdes.key(Format.JSON, List.of(DEVICE, N));
        assertThat(text(write(two, "d1", 2))).isEqualTo("{\"DEVICE\":\"d1\",\"N\":2}");
        assertThatThrownBy(() -> read(SqlSerdes.key(Format.JSON, List.of(N)), "\"x\""))
                .isInstanceOf(SerializationException.class).hasMessageStartingWith("column N:");
    }

    @Test
    void shouldWriteNoKeyWithoutKeyColumns() {
        for (Format f : Format.values()) {
            Serde<Object[]> none = SqlSerdes.key(f, List.of());
            assertThat(none.serializer().serialize("t", new Object[0])).isNull();
            assertThat(none.deserializer().deserialize("t", "x".getBytes(StandardCharsets.UTF_8))).isEmpty();
        }
    }

    @Test
    void shouldWriteDelimitedValuesQuotingWhereNeeded() {
        Serde<Object[]> serde = SqlSerdes.value(Format.DELIMITED, List.of(NAME, TEMP, N, TS, OK));
        assertThat(text(write(serde, "a,b", 81.5, 3, 7L, true))).isEqualTo("\"a,b\",81.5,3,7,true");
        assertThat(text(write(serde, "say \"hi\"", null, null, null, false))).isEqualTo("\"say \"\"hi\"\"\",,,,false");
        assertThat(text(write(serde, "", 1.0, 1, 1L, null))).isEqualTo("\"\",1.0,1,1,");
    }

    @Test
    void shouldReadDelimitedValuesBack() {
        Serde<Object[]> serde = SqlSerdes.value(Format.DELIMITED, List.of(NAME, TEMP, N, TS, OK));
        assertThat(read(serde, "\"a,b\",81.5,3,7,TRUE")).containsExactly("a,b", 81.5, 3, 7L, true);
        assertThat(read(serde, "\"say \"\"hi\"\"\",,,,false")).containsExactly("say \"hi\"", null, null, null, false);
        assertThat(read(serde, "\"\",1,1,1,")).containsExactly("", 1.0, 1, 1L, null);
        Object[] row = {"x\ny", 2.5, -1, Long.MAX_VALUE, false};
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", row))).containsExactly(row);
    }

    @Test
    void shouldRefuseDelimitedValuesWithWrongCountsOrTypes() {
        Serde<Object[]> serde = SqlSerdes.value(Format.DELIMITED, List.of(NAME, TEMP));
        assertThatThrownBy(() -> read(serde, "a,1.5,extra")).isInstanceOf(SerializationException.class)
                .hasMessage("DELIMITED record in t has 3 fields, expected 2 (NAME, TEMP)");
        assertThatThrownBy(() -> read(serde, "a,hot")).isInstanceOf(SerializationException.class)
                .hasMessage("column TEMP: expected DOUBLE, found 'hot'");
        assertThatThrownBy(() -> read(serde, "\"a,1.5")).isInstanceOf(SerializationException.class)
                .hasMessageContaining("unterminated");
    }
}
