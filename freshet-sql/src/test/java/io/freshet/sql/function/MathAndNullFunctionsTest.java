package io.freshet.sql.function;

import static io.freshet.sql.function.Calls.call;
import static io.freshet.sql.function.Calls.nullOf;
import static io.freshet.sql.function.Calls.typeOf;
import static io.freshet.sql.schema.SqlType.BIGINT;
import static io.freshet.sql.schema.SqlType.DOUBLE;
import static io.freshet.sql.schema.SqlType.INTEGER;
import static io.freshet.sql.schema.SqlType.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.freshet.sql.SqlException;
import org.junit.jupiter.api.Test;

class MathAndNullFunctionsTest {

    @Test
    void shouldKeepTheArgumentTypeForAbsFloorCeil() {
        assertThat(call("ABS", -3)).isEqualTo(3);
        assertThat(call("ABS", -3L)).isEqualTo(3L);
        assertThat(call("ABS", -2.5)).isEqualTo(2.5);
        assertThat(call("FLOOR", -2.5)).isEqualTo(-3.0);
        assertThat(call("CEIL", 2.1)).isEqualTo(3.0);
        assertThat(call("FLOOR", 7)).isEqualTo(7);
        assertThat(typeOf("CEIL", 7L)).isEqualTo(BIGINT);
        assertThat(call("ABS", nullOf(DOUBLE))).isNull();
    }

    @Test
    void shouldRoundDoublesToBigintOrToDigits() {
        assertThat(call("ROUND", 2.5)).isEqualTo(3L);
        assertThat(call("ROUND", -2.5)).isEqualTo(-2L);
        assertThat(typeOf("ROUND", 2.5)).isEqualTo(BIGINT);
        assertThat(call("ROUND", 1.2345, 2)).isEqualTo(1.23);
        assertThat(call("ROUND", 1.235, 2)).isEqualTo(1.24);
        assertThat(call("ROUND", -1.235, 2)).isEqualTo(-1.23);
        assertThat(typeOf("ROUND", 1.5, 1)).isEqualTo(DOUBLE);
        assertThat(call("ROUND", 1234, -2)).isEqualTo(1200);
        assertThat(call("ROUND", 5)).isEqualTo(5);
        assertThat(call("ROUND", nullOf(DOUBLE), 1)).isNull();
    }

    @Test
    void shouldComputeRootsPowersAndLogs() {
        assertThat(call("SQRT", 16)).isEqualTo(4.0);
        assertThat((Double) call("SQRT", -1)).isNaN();
        assertThat(call("POWER", 2, 10)).isEqualTo(1024.0);
        assertThat(call("EXP", 0)).isEqualTo(1.0);
        assertThat(call("LN", 1)).isEqualTo(0.0);
        assertThat(call("LOG", 1000)).isEqualTo(3.0);
        assertThat(call("LOG", 2, 8)).isEqualTo(3.0);
        assertThat(call("CBRT", 27)).isEqualTo(3.0);
        assertThat(call("SIGN", -4.2)).isEqualTo(-1);
        assertThat(call("SIGN", 0L)).isEqualTo(0);
        assertThat(call("POWER", nullOf(DOUBLE), 2)).isNull();
    }

    @Test
    void shouldPickGreatestAndLeastSkippingNulls() {
        assertThat(call("GREATEST", 1, 5L, 3)).isEqualTo(5L);
        assertThat(typeOf("GREATEST", 1, 2.5)).isEqualTo(DOUBLE);
        assertThat(call("LEAST", 4, nullOf(INTEGER), 2)).isEqualTo(2);
        assertThat(call("GREATEST", "a", "c", "b")).isEqualTo("c");
        assertThat(call("LEAST", nullOf(INTEGER), nullOf(INTEGER))).isNull();
        assertThatThrownBy(() -> call("GREATEST", 1, "a")).isInstanceOf(SqlException.class)
                .hasMessageStartingWith("no function GREATEST(INTEGER, STRING)");
        assertThatThrownBy(() -> call("GREATEST", true, false)).isInstanceOf(SqlException.class)
                .hasMessage("GREATEST takes numbers or strings, got BOOLEAN");
    }

    @Test
    void shouldHandleNullsWithCoalesceIfnullNullif() {
        assertThat(call("COALESCE", nullOf(STRING), "b", "c")).isEqualTo("b");
        assertThat(call("COALESCE", nullOf(INTEGER), 2L)).isEqualTo(2L);
        assertThat(call("COALESCE", nullOf(STRING), null)).isNull();
        assertThat(call("IFNULL", nullOf(DOUBLE), 0)).isEqualTo(0.0);
        assertThat(call("IFNULL", 1.5, 0)).isEqualTo(1.5);
        assertThat(call("NULLIF", 3, 3)).isNull();
        assertThat(call("NULLIF", 3, 4)).isEqualTo(3);
        assertThat(call("NULLIF", nullOf(INTEGER), 4)).isNull();
        assertThatThrownBy(() -> call("IFNULL", 1)).isInstanceOf(SqlException.class)
                .hasMessage("IFNULL takes 2 arguments, got 1");
        assertThatThrownBy(() -> call("COALESCE", null, null)).isInstanceOf(SqlException.class)
                .hasMessage("COALESCE of only NULLs: cast one of them to a type");
    }
}
