package io.freshet.sql.function;

import static io.freshet.sql.function.Calls.call;
import static io.freshet.sql.function.Calls.nullOf;
import static io.freshet.sql.schema.SqlType.BIGINT;
import static io.freshet.sql.schema.SqlType.STRING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonAndTimeFunctionsTest {

    private static final String DOC = "{\"a\":{\"b\":[10,{\"c\":\"x\"},null,true],\"s\":\"he said \\\"hi\\\"\"},"
            + "\"n\":1.5,\"o\":{\"k\":[1, 2]},\"my key\":7}";

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "$.n | 1.5", "$.a.b[0] | 10", "$.a.b[1].c | x", "$.a.b[2] | NULL", "$.a.b[3] | true",
        "$.a.s | he said \"hi\"", "$.o | {\"k\":[1,2]}", "$.o.k | [1,2]", "$['my key'] | 7", "$[\"n\"] | 1.5",
        "$.missing | NULL", "$.a.b[9] | NULL", "$.n.deeper | NULL", "$.a.b.c | NULL", "bad path | NULL",
        "$ | NULL"})
    void shouldExtractJsonFields(String path, String expected) {
        if (path.equals("$")) {
            assertThat(call("EXTRACTJSONFIELD", "\"top\"", path)).isEqualTo("top");
            return;
        }
        assertThat(call("EXTRACTJSONFIELD", DOC, path)).isEqualTo(expected);
    }

    @Test
    void shouldGiveNullForBadJsonOrNullInput() {
        assertThat(call("EXTRACTJSONFIELD", "{\"n\":1,", "$.n")).isNull();
        assertThat(call("EXTRACTJSONFIELD", "{\"n\":1} trailing", "$.n")).isNull();
        assertThat(call("EXTRACTJSONFIELD", "", "$.n")).isNull();
        assertThat(call("EXTRACTJSONFIELD", nullOf(STRING), "$.n")).isNull();
        assertThat(call("EXTRACTJSONFIELD", DOC, nullOf(STRING))).isNull();
    }

    @Test
    void shouldTellJsonStringsAndCountArrays() {
        assertThat(call("IS_JSON_STRING", "{\"a\":1}")).isEqualTo(true);
        assertThat(call("IS_JSON_STRING", "\"abc\"")).isEqualTo(true);
        assertThat(call("IS_JSON_STRING", "abc")).isEqualTo(false);
        assertThat(call("IS_JSON_STRING", "{\"a\":1")).isEqualTo(false);
        assertThat(call("IS_JSON_STRING", "1 2")).isEqualTo(false);
        assertThat(call("IS_JSON_STRING", nullOf(STRING))).isEqualTo(false);
        assertThat(call("JSON_ARRAY_LENGTH", "[1, [2, 3], {\"a\": 4}]")).isEqualTo(3);
        assertThat(call("JSON_ARRAY_LENGTH", "[]")).isEqualTo(0);
        assertThat(call("JSON_ARRAY_LENGTH", "{}")).isNull();
        assertThat(call("JSON_ARRAY_LENGTH", "[1,")).isNull();
        assertThat(call("TO_JSON_STRING", "a\"b")).isEqualTo("\"a\\\"b\"");
        assertThat(call("TO_JSON_STRING", 1.5)).isEqualTo("1.5");
        assertThat(call("TO_JSON_STRING", nullOf(BIGINT))).isEqualTo("null");
    }

    @Test
    void shouldFormatAndParseTimestamps() {
        long ms = 1_700_000_000_123L;
        assertThat(call("TIMESTAMPTOSTRING", ms, "yyyy-MM-dd HH:mm:ss.SSS")).isEqualTo("2023-11-14 22:13:20.123");
        assertThat(call("TIMESTAMPTOSTRING", ms, "yyyy-MM-dd HH:mm", "Europe/Paris")).isEqualTo("2023-11-14 23:13");
        assertThat(call("STRINGTOTIMESTAMP", "2023-11-14 22:13:20.123", "yyyy-MM-dd HH:mm:ss.SSS")).isEqualTo(ms);
        assertThat(call("STRINGTOTIMESTAMP", "2023-11-14 23:13", "yyyy-MM-dd HH:mm", "Europe/Paris"))
                .isEqualTo(ms - 20_123);
        assertThat(call("STRINGTOTIMESTAMP", "2023-11-14T22:13:20+01:00", "yyyy-MM-dd'T'HH:mm:ssXXX"))
                .isEqualTo(ms - 123 - 3_600_000);
        assertThat(call("STRINGTOTIMESTAMP", "1970-01-02", "yyyy-MM-dd")).isEqualTo(86_400_000L);
        assertThat(call("DATETOSTRING", 1, "yyyy-MM-dd")).isEqualTo("1970-01-02");
        assertThat(call("STRINGTODATE", "1970-01-11", "yyyy-MM-dd")).isEqualTo(10);
    }

    @Test
    void shouldGiveNullForBadTimestampsPatternsAndZones() {
        assertThat(call("STRINGTOTIMESTAMP", "not a date", "yyyy-MM-dd")).isNull();
        assertThat(call("TIMESTAMPTOSTRING", 0L, "yyyy-MM-dd", "Mars/Olympus")).isNull();
        assertThat(call("TIMESTAMPTOSTRING", 0L, "yyyy-MM-dd {{")).isNull();
        assertThat(call("TIMESTAMPTOSTRING", nullOf(BIGINT), "yyyy")).isNull();
    }

    @Test
    void shouldGiveTheWallClockFromUnixTimestamp() {
        long before = System.currentTimeMillis();
        long now = (Long) call("UNIX_TIMESTAMP");
        assertThat(now).isBetween(before, System.currentTimeMillis());
    }
}
