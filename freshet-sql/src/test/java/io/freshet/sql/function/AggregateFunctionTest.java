package io.freshet.sql.function;

import static io.freshet.sql.schema.SqlType.BIGINT;
import static io.freshet.sql.schema.SqlType.BOOLEAN;
import static io.freshet.sql.schema.SqlType.DOUBLE;
import static io.freshet.sql.schema.SqlType.INTEGER;
import static io.freshet.sql.schema.SqlType.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import io.freshet.sql.schema.SqlType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregateFunctionTest {

    private static AggregateFunction agg(String name, SqlType arg) {
        return Functions.aggregate(name, List.of(arg), false, Position.UNKNOWN);
    }

    /** Feeds the values one by one, each accumulator through write/read as the state store would. */
    static Object run(AggregateFunction f, Object... values) throws IOException {
        Object acc = f.initial();
        for (Object v : values) {
            acc = roundTrip(f, f.add(acc, new Object[] {v}));
        }
        return acc;
    }

    static Object roundTrip(AggregateFunction f, Object acc) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        f.write(acc, new DataOutputStream(bytes));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        Object back = f.read(in);
        assertThat(in.available()).as("read consumes exactly what write wrote").isZero();
        return back;
    }

    @Test
    void shouldCountRowsForStarAndNonNullValuesOtherwise() throws IOException {
        AggregateFunction star = Functions.aggregate("COUNT", List.of(), true, Position.UNKNOWN);
        Object acc = star.initial();
        for (int i = 0; i < 3; i++) {
            acc = roundTrip(star, star.add(acc, new Object[0]));
        }
        assertThat(star.result(acc)).isEqualTo(3L);
        assertThat(star.returnType()).isEqualTo(BIGINT);

        AggregateFunction count = agg("COUNT", DOUBLE);
        assertThat(count.result(run(count, 1.0, null, 2.0))).isEqualTo(2L);
        assertThat(count.result(count.merge(run(count, 1.0), run(count, 2.0, 3.0)))).isEqualTo(3L);
    }

    @Test
    void shouldSumInTheArgumentsOwnTypeSkippingNulls() throws IOException {
        AggregateFunction ints = agg("SUM", INTEGER);
        assertThat(ints.returnType()).isEqualTo(INTEGER);
        assertThat(ints.result(run(ints, 1, null, 2))).isEqualTo(3);
        AggregateFunction longs = agg("SUM", BIGINT);
        assertThat(longs.result(run(longs, 1L, 5_000_000_000L))).isEqualTo(5_000_000_001L);
        AggregateFunction doubles = agg("SUM", DOUBLE);
        assertThat(doubles.result(run(doubles, 1.5, 2.25))).isEqualTo(3.75);
        assertThat(doubles.result(run(doubles, (Object) null))).isEqualTo(0.0);
        assertThat(doubles.result(doubles.merge(run(doubles, 1.5), run(doubles, 2.0)))).isEqualTo(3.5);
    }

    @Test
    void shouldAverageAsDouble() throws IOException {
        AggregateFunction avg = agg("AVG", INTEGER);
        assertThat(avg.returnType()).isEqualTo(DOUBLE);
        assertThat(avg.result(run(avg, 1, 2, null))).isEqualTo(1.5);
        assertThat(avg.result(avg.merge(run(avg, 1, 2), run(avg, 6)))).isEqualTo(3.0);
        assertThat(avg.result(run(avg))).isEqualTo(0.0);
    }

    @Test
    void shouldTrackMinAndMaxOfNumbersAndStrings() throws IOException {
        AggregateFunction min = agg("MIN", DOUBLE);
        AggregateFunction max = agg("MAX", DOUBLE);
        assertThat(min.result(run(min, 3.0, null, -1.5, 2.0))).isEqualTo(-1.5);
        assertThat(max.result(run(max, 3.0, null, -1.5, 2.0))).isEqualTo(3.0);
        assertThat(max.result(run(max))).isNull();
        assertThat(max.result(run(max, (Object) null))).isNull();
        AggregateFunction maxString = agg("MAX", STRING);
        assertThat(maxString.result(run(maxString, "b", "c", "a"))).isEqualTo("c");
        assertThat(maxString.returnType()).isEqualTo(STRING);
        AggregateFunction minLong = agg("MIN", BIGINT);
        assertThat(minLong.result(minLong.merge(run(minLong, 5L), run(minLong, 7L, 4L)))).isEqualTo(4L);
        assertThat(minLong.result(minLong.merge(null, run(minLong, 7L)))).isEqualTo(7L);
    }

    @Test
    void shouldCountDistinctNonNullValuesAndMergeSets() throws IOException {
        AggregateFunction distinct = agg("COUNT_DISTINCT", STRING);
        assertThat(distinct.returnType()).isEqualTo(BIGINT);
        Object left = run(distinct, "a", "b", null, "a");
        assertThat(distinct.result(left)).isEqualTo(2L);
        Object right = run(distinct, "b", "c");
        assertThat(distinct.result(roundTrip(distinct, distinct.merge(left, right)))).isEqualTo(3L);
        assertThat(distinct.result(left)).as("accumulators are not changed by merge").isEqualTo(2L);
        assertThat(distinct.result(run(distinct))).isEqualTo(0L);
        AggregateFunction ints = agg("COUNT_DISTINCT", INTEGER);
        assertThat(ints.result(run(ints, 1, 2, 2, 3, 1))).isEqualTo(3L);
    }

    @Test
    void shouldKeepLatestAndEarliestNonNullValue() throws IOException {
        AggregateFunction latest = agg("LATEST_BY_OFFSET", DOUBLE);
        AggregateFunction earliest = agg("EARLIEST_BY_OFFSET", DOUBLE);
        assertThat(latest.result(run(latest, 1.0, 2.0, null))).isEqualTo(2.0);
        assertThat(earliest.result(run(earliest, null, 1.0, 2.0))).isEqualTo(1.0);
        assertThat(latest.result(run(latest))).isNull();
        assertThat(latest.returnType()).isEqualTo(DOUBLE);
        assertThat(latest.result(latest.merge(run(latest, 1.0), run(latest, 5.0)))).isEqualTo(5.0);
        assertThat(latest.result(latest.merge(run(latest, 1.0), run(latest)))).isEqualTo(1.0);
        assertThat(earliest.result(earliest.merge(run(earliest, 1.0), run(earliest, 5.0)))).isEqualTo(1.0);
        assertThat(earliest.result(earliest.merge(run(earliest), run(earliest, 5.0)))).isEqualTo(5.0);
        AggregateFunction latestFlag = agg("LATEST_BY_OFFSET", BOOLEAN);
        assertThat(latestFlag.result(run(latestFlag, true, false))).isEqualTo(false);
        AggregateFunction latestText = agg("LATEST_BY_OFFSET", STRING);
        String big = "x".repeat(70_000);
        assertThat(latestText.result(run(latestText, "a", big))).isEqualTo(big);
    }

    @Test
    void shouldRefuseWrongArgumentTypesAndCounts() {
        assertThatThrownBy(() -> agg("SUM", STRING)).isInstanceOf(SqlException.class)
                .hasMessage("SUM takes a number (INTEGER, BIGINT or DOUBLE), got STRING");
        assertThatThrownBy(() -> agg("MAX", BOOLEAN)).isInstanceOf(SqlException.class)
                .hasMessage("MAX takes a number or a string, got BOOLEAN");
        assertThatThrownBy(() -> Functions.aggregate("AVG", List.of(), true, Position.UNKNOWN))
                .isInstanceOf(SqlException.class).hasMessage("AVG(*) is not allowed; only COUNT(*) is");
        assertThatThrownBy(() -> Functions.aggregate("COUNT", List.of(INTEGER, INTEGER), false, Position.UNKNOWN))
                .isInstanceOf(SqlException.class).hasMessage("COUNT takes one argument, got 2");
        assertThatThrownBy(() -> Functions.aggregate("MEDIAN", List.of(INTEGER), false, Position.UNKNOWN))
                .isInstanceOf(SqlException.class).hasMessage("unknown function MEDIAN");
    }

    @Test
    void shouldKnowWhichNamesAreAggregates() {
        assertThat(Functions.isAggregate("COUNT")).isTrue();
        assertThat(Functions.isAggregate("UCASE")).isFalse();
        assertThat(Functions.names()).contains("COUNT", "SUM", "AVG", "MIN", "MAX", "COUNT_DISTINCT",
                "LATEST_BY_OFFSET", "EARLIEST_BY_OFFSET", "UCASE", "EXTRACTJSONFIELD", "ROUND", "COALESCE",
                "TIMESTAMPTOSTRING").isSorted().doesNotHaveDuplicates();
    }
}
