package io.freshet.sql.function;

import static io.freshet.sql.function.Calls.call;
import static io.freshet.sql.function.Calls.nullOf;
import static io.freshet.sql.function.Calls.typeOf;
import static io.freshet.sql.schema.SqlType.INTEGER;
import static io.freshet.sql.schema.SqlType.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.freshet.sql.SqlException;
import org.junit.jupiter.api.Test;

class StringFunctionsTest {

    @Test
    void shouldChangeCaseAndMeasure() {
        assertThat(call("UCASE", "Hot")).isEqualTo("HOT");
        assertThat(call("LCASE", "Hot")).isEqualTo("hot");
        assertThat(call("LEN", "héllo")).isEqualTo(5);
        assertThat(typeOf("LEN", "x")).isEqualTo(INTEGER);
        assertThat(call("INITCAP", "hELLO wORLD")).isEqualTo("Hello World");
        assertThat(call("UCASE", nullOf(STRING))).isNull();
        assertThat(call("LEN", nullOf(STRING))).isNull();
    }

    @Test
    void shouldConcatenateSkippingNulls() {
        assertThat(call("CONCAT", "a", "b", "c")).isEqualTo("abc");
        assertThat(call("CONCAT", "a", nullOf(STRING), "c")).isEqualTo("ac");
        assertThat(call("CONCAT_WS", "-", "a", nullOf(STRING), "c")).isEqualTo("a-c");
        assertThat(call("CONCAT_WS", nullOf(STRING), "a", "c")).isNull();
        assertThat(call("CONCAT_WS", ", ", "only")).isEqualTo("only");
    }

    @Test
    void shouldTakeSubstringsOneBased() {
        assertThat(call("SUBSTRING", "sensor-17", 8)).isEqualTo("17");
        assertThat(call("SUBSTRING", "sensor-17", 1, 6)).isEqualTo("sensor");
        assertThat(call("SUBSTRING", "sensor-17", -2)).isEqualTo("17");
        assertThat(call("SUBSTRING", "abc", 2, 100)).isEqualTo("bc");
        assertThat(call("SUBSTRING", "abc", 5)).isEqualTo("");
        assertThat(call("SUBSTRING", "abc", 1, -1)).isEqualTo("");
        assertThat(call("SUBSTRING", nullOf(STRING), 1)).isNull();
        assertThat(call("SUBSTRING", "abc", nullOf(INTEGER))).isNull();
    }

    @Test
    void shouldTrimAndReplace() {
        assertThat(call("TRIM", "  a b  ")).isEqualTo("a b");
        assertThat(call("LTRIM", "  a b  ")).isEqualTo("a b  ");
        assertThat(call("RTRIM", "  a b  ")).isEqualTo("  a b");
        assertThat(call("REPLACE", "a.b.c", ".", "/")).isEqualTo("a/b/c");
        assertThat(call("REPLACE", "a.b.c", nullOf(STRING), "/")).isNull();
    }

    @Test
    void shouldPadOrTruncateToTheLength() {
        assertThat(call("LPAD", "7", 3, "0")).isEqualTo("007");
        assertThat(call("RPAD", "ab", 5, "xy")).isEqualTo("abxyx");
        assertThat(call("LPAD", "abcdef", 3, "0")).isEqualTo("abc");
        assertThat(call("LPAD", "a", 3, "")).isNull();
        assertThat(call("RPAD", "a", -1, "x")).isNull();
    }

    @Test
    void shouldFindSubstringPositions() {
        assertThat(call("INSTR", "CORPORATE FLOOR", "OR")).isEqualTo(2);
        assertThat(call("INSTR", "CORPORATE FLOOR", "OR", 3)).isEqualTo(5);
        assertThat(call("INSTR", "CORPORATE FLOOR", "OR", 3, 2)).isEqualTo(14);
        assertThat(call("INSTR", "CORPORATE FLOOR", "OR", -3, 2)).isEqualTo(2);
        assertThat(call("INSTR", "abc", "z")).isEqualTo(0);
        assertThat(call("INSTR", nullOf(STRING), "z")).isNull();
    }

    @Test
    void shouldReplaceAndExtractWithRegularExpressions() {
        assertThat(call("REGEXP_REPLACE", "a1b22c333", "[0-9]+", "#")).isEqualTo("a#b#c#");
        assertThat(call("REGEXP_REPLACE", "sensor-7", "(\\w+)-(\\d)", "$2:$1")).isEqualTo("7:sensor");
        assertThat(call("REGEXP_EXTRACT", "[0-9]+", "ab123cd45")).isEqualTo("123");
        assertThat(call("REGEXP_EXTRACT", "(\\w)(\\d+)", "ab123", 2)).isEqualTo("123");
        assertThat(call("REGEXP_EXTRACT", "z+", "abc")).isNull();
        assertThat(call("REGEXP_EXTRACT", "(", "abc")).as("a bad regex gives null").isNull();
        assertThat(call("REGEXP_REPLACE", nullOf(STRING), "a", "b")).isNull();
    }

    @Test
    void shouldMaskCharactersByClass() {
        assertThat(call("MASK", "Abc-12 z")).isEqualTo("Xxx-nn-x");
        assertThat(call("MASK", "Abc-12", "*", nullOf(STRING), "#", nullOf(STRING))).isEqualTo("*bc-##");
        assertThat(call("MASK", nullOf(STRING))).isNull();
    }

    @Test
    void shouldNameTheSignaturesWhenArgumentsDoNotFit() {
        assertThatThrownBy(() -> call("SUBSTRING", "abc", "x"))
                .isInstanceOf(SqlException.class)
                .hasMessage("no function SUBSTRING(STRING, STRING); there is SUBSTRING(STRING, INTEGER), "
                        + "SUBSTRING(STRING, INTEGER, INTEGER)");
        assertThatThrownBy(() -> call("UCASE")).isInstanceOf(SqlException.class)
                .hasMessage("no function UCASE(); there is UCASE(STRING)");
        assertThatThrownBy(() -> call("LEN", 5)).isInstanceOf(SqlException.class);
    }
}
