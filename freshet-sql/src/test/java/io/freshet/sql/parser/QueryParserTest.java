package io.freshet.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.freshet.sql.ast.Position;
import io.freshet.sql.ast.Query;
import io.freshet.sql.ast.Query.Relation;
import io.freshet.sql.ast.Query.SelectItem;
import io.freshet.sql.ast.Query.WindowSpec;
import io.freshet.sql.ast.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryParserTest {

    /** Where {@code needle} first occurs in one-line {@code text}. */
    static Position at(String text, String needle) {
        return new Position(1, text.indexOf(needle) + 1);
    }

    private static Query query(String text) {
        return ((Statement.Select) SqlParser.parseOne(text)).query();
    }

    @Test
    void shouldParseSelectStarAndQualifiedStarAndAliases() {
        String text = "SELECT *, r.*, temp * 2 AS doubled, site s, `Mixed` FROM readings r EMIT CHANGES";
        Query query = query(text);

        assertThat(query.select()).containsExactly(
                new SelectItem.AllColumns(Optional.empty(), new Position(1, 8)),
                new SelectItem.AllColumns(Optional.of("R"), new Position(1, 11)),
                new SelectItem.Single(((SelectItem.Single) query.select().get(2)).expression(), Optional.of("DOUBLED"),
                        new Position(1, 16)),
                new SelectItem.Single(((SelectItem.Single) query.select().get(3)).expression(), Optional.of("S"),
                        new Position(1, 37)),
                new SelectItem.Single(((SelectItem.Single) query.select().get(4)).expression(), Optional.empty(),
                        new Position(1, 45)));
        assertThat(query.from()).isEqualTo(new Relation.Source("READINGS", Optional.of("R"), at(text, "readings")));
    }

    @Test
    void shouldParseEveryClauseInOrder() {
        Query query = query("SELECT device, COUNT(*) AS n FROM readings WINDOW HOPPING (SIZE 5 MINUTES, ADVANCE BY "
                + "1 MINUTE) WHERE temp > 0 GROUP BY device, site PARTITION BY device HAVING COUNT(*) > 2 "
                + "EMIT CHANGES LIMIT 10");

        assertThat(query.window()).contains(new WindowSpec.Hopping(Duration.ofMinutes(5), Duration.ofMinutes(1),
                Optional.empty()));
        assertThat(Parenthesized.of(query.where().orElseThrow())).isEqualTo("(TEMP GREATER_THAN 0:Integer)");
        assertThat(query.groupBy()).extracting(Parenthesized::of).containsExactly("DEVICE", "SITE");
        assertThat(query.partitionBy()).extracting(Parenthesized::of).containsExactly("DEVICE");
        assertThat(Parenthesized.of(query.having().orElseThrow())).isEqualTo("(COUNT(*) GREATER_THAN 2:Integer)");
        assertThat(query.emit()).contains(Query.EmitMode.CHANGES);
        assertThat(query.limit()).isEqualTo(OptionalInt.of(10));
    }

    @Test
    void shouldLeaveAbsentClausesEmpty() {
        Query query = query("select * from s");

        assertThat(query.window()).isEmpty();
        assertThat(query.where()).isEmpty();
        assertThat(query.groupBy()).isEmpty();
        assertThat(query.partitionBy()).isEmpty();
        assertThat(query.having()).isEmpty();
        assertThat(query.emit()).isEmpty();
        assertThat(query.limit()).isEmpty();
    }

    @Test
    void shouldParseTumblingHoppingAndSessionWindowsWithGrace() {
        assertThat(query("SELECT * FROM s WINDOW TUMBLING (SIZE 30 SECONDS) GROUP BY k").window())
                .contains(new WindowSpec.Tumbling(Duration.ofSeconds(30), Optional.empty()));
        assertThat(query("SELECT * FROM s WINDOW HOPPING (SIZE 1 HOUR, ADVANCE BY 10 MINUTES, GRACE PERIOD 0 SECONDS) "
                + "GROUP BY k").window()).contains(new WindowSpec.Hopping(Duration.ofHours(1), Duration.ofMinutes(10),
                Optional.of(Duration.ZERO)));
        assertThat(query("SELECT * FROM s WINDOW SESSION (5 MINUTES, GRACE PERIOD 1 MINUTE) GROUP BY k").window())
                .contains(new WindowSpec.Session(Duration.ofMinutes(5), Optional.of(Duration.ofMinutes(1))));
        assertThat(query("SELECT * FROM s WINDOW SESSION (90 SECONDS) GROUP BY k").window())
                .contains(new WindowSpec.Session(Duration.ofSeconds(90), Optional.empty()));
    }

    @ParameterizedTest
    @CsvSource({
        "1 MILLISECOND, PT0.001S", "250 MILLISECONDS, PT0.25S", "1 SECOND, PT1S", "45 seconds, PT45S",
        "1 minute, PT1M", "2 MINUTES, PT2M", "1 HOUR, PT1H", "3 hours, PT3H", "1 DAY, PT24H", "7 Days, PT168H"})
    void shouldReadEveryDurationUnit(String written, String expected) {
        assertThat(query("SELECT * FROM s WINDOW TUMBLING (SIZE " + written + ") GROUP BY k").window())
                .contains(new WindowSpec.Tumbling(Duration.parse(expected), Optional.empty()));
    }

    @Test
    void shouldParseTheIssuesStreamTableJoin() {
        String text = "CREATE STREAM enriched AS SELECT r.device, r.temp, d.site FROM readings r LEFT JOIN devices d "
                + "ON r.device = d.id EMIT CHANGES;";
        Statement.CreateAsSelect csas = (Statement.CreateAsSelect) SqlParser.parseOne(text);

        Relation.Join join = (Relation.Join) csas.query().from();
        assertThat(join.type()).isEqualTo(Relation.JoinType.LEFT);
        assertThat(join.left()).isEqualTo(new Relation.Source("READINGS", Optional.of("R"), at(text, "readings")));
        assertThat(join.right()).isEqualTo(new Relation.Source("DEVICES", Optional.of("D"), at(text, "devices")));
        assertThat(Parenthesized.of(join.on())).isEqualTo("(R.DEVICE EQUAL D.ID)");
        assertThat(join.within()).isEmpty();
        assertThat(join.position()).isEqualTo(at(text, "LEFT"));
    }

    @Test
    void shouldParseJoinKindsAndNestThemToTheLeft() {
        Relation.Join outer = (Relation.Join) query("SELECT * FROM a AS x INNER JOIN b ON x.k = b.k "
                + "LEFT OUTER JOIN c ON x.k = c.k WITHIN 2 HOURS JOIN d ON d.k = x.k").from();

        assertThat(outer.type()).isEqualTo(Relation.JoinType.INNER);
        assertThat(outer.right().name()).isEqualTo("D");
        Relation.Join middle = (Relation.Join) outer.left();
        assertThat(middle.type()).isEqualTo(Relation.JoinType.LEFT);
        assertThat(middle.within()).contains(Duration.ofHours(2));
        Relation.Join inner = (Relation.Join) middle.left();
        assertThat(inner.type()).isEqualTo(Relation.JoinType.INNER);
        assertThat(inner.left()).isEqualTo(new Relation.Source("A", Optional.of("X"), new Position(1, 15)));
    }

    @Test
    void shouldParseInsertIntoAndBareSelect() {
        Statement.InsertInto insert = (Statement.InsertInto) SqlParser.parseOne(
                "insert into hot select * from more_readings where temp > 90 emit changes");
        assertThat(insert.target()).isEqualTo("HOT");
        assertThat(insert.query().from()).isEqualTo(new Relation.Source("MORE_READINGS", Optional.empty(),
                new Position(1, 31)));

        Statement.Select select = (Statement.Select) SqlParser.parseOne("SELECT * FROM hot EMIT CHANGES LIMIT 5;");
        assertThat(select.text()).isEqualTo("SELECT * FROM hot EMIT CHANGES LIMIT 5");
        assertThat(select.query().limit()).isEqualTo(OptionalInt.of(5));
    }

    @Test
    void shouldTreatNonReservedKeywordsAsNames() {
        Query query = query("SELECT key, size, topic, value, type, timestamp, final, changes FROM s");

        assertThat(query.select()).extracting(item -> Parenthesized.of(((SelectItem.Single) item).expression()))
                .containsExactly("KEY", "SIZE", "TOPIC", "VALUE", "TYPE", "TIMESTAMP", "FINAL", "CHANGES");
    }
}
