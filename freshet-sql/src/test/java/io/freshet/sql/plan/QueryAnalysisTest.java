package io.freshet.sql.plan;

import static io.freshet.sql.plan.PlannerFixture.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.SourceKind;
import io.freshet.sql.schema.WindowInfo;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What analysis makes of a query (output kind, names, key) and the errors it gives, with their positions. */
class QueryAnalysisTest {

    private final PlannerFixture fixture = new PlannerFixture();

    private AnalyzedQuery analyze(String sql) {
        return fixture.planner().analyze(query(sql));
    }

    private String error(String sql) {
        return catchThrowableOfType(SqlException.class, () -> fixture.planner().analyzePersistent(query(sql)))
                .describe();
    }

    @Test
    void shouldMakeAStreamOfAFilteredStreamAndATableOfAnAggregate() {
        assertThat(analyze("SELECT * FROM readings EMIT CHANGES;").outputKind()).isEqualTo(SourceKind.STREAM);
        assertThat(analyze("SELECT * FROM devices EMIT CHANGES;").outputKind()).isEqualTo(SourceKind.TABLE);
        AnalyzedQuery agg = analyze("SELECT device, COUNT(*), MAX(temp) AS hi FROM readings "
                + "WINDOW SESSION (5 MINUTES) GROUP BY device EMIT CHANGES;");
        assertThat(agg.outputKind()).isEqualTo(SourceKind.TABLE);
        assertThat(agg.window()).contains(new WindowInfo(WindowInfo.Type.SESSION, Optional.empty()));
        assertThat(agg.outputSchema().value()).extracting(c -> c.name() + " " + c.type())
                .containsExactly("KSQL_COL_0 BIGINT", "HI DOUBLE");
        assertThat(agg.sources()).extracting(s -> s.name()).containsExactly("READINGS");
    }

    @Test
    void shouldSkipNamesInUseWhenGeneratingColumnNames() {
        assertThat(analyze("SELECT device, temp + 1 AS ksql_col_0, temp * 2 FROM readings EMIT CHANGES;")
                .selectOrder()).extracting(c -> c.name()).containsExactly("DEVICE", "KSQL_COL_0", "KSQL_COL_1");
    }

    @Test
    void shouldKeepTheKeyUnderItsAlias() {
        AnalyzedQuery q = analyze("SELECT device AS sensor, temp FROM readings EMIT CHANGES;");
        assertThat(q.outputSchema().key()).extracting(c -> c.name()).containsExactly("SENSOR");
        assertThat(q.outputSchema().value()).extracting(c -> c.name()).containsExactly("TEMP");
    }

    @Test
    void shouldNameTheSourceThatDoesNotExist() {
        assertThat(error("SELECT * FROM nope EMIT CHANGES;")).isEqualTo("line 1, column 15: NOPE does not exist");
    }

    @Test
    void shouldPointAtAColumnThatIsNeitherGroupedNorAggregated() {
        assertThat(error("SELECT device,\n  temp, COUNT(*) FROM readings GROUP BY device EMIT CHANGES;"))
                .startsWith("line 2, column 3: ").contains("TEMP").contains("GROUP BY");
    }

    @Test
    void shouldRefuseEmitFinalWithoutAWindow() {
        assertThat(error("SELECT device, COUNT(*) FROM readings GROUP BY device EMIT FINAL;")).contains("EMIT FINAL");
        assertThat(error("SELECT device, temp FROM readings EMIT FINAL;")).contains("EMIT FINAL");
    }

    @Test
    void shouldRefuseTableTableJoinsAndStreamStreamJoinsWithoutWithin() {
        assertThat(error("SELECT r.device, o.amount FROM readings r JOIN orders o ON r.device = o.device EMIT CHANGES;"))
                .startsWith("line 1, column 43: ").contains("needs WITHIN");
        assertThat(error("SELECT * FROM devices d JOIN sites s ON d.site = s.name EMIT CHANGES;"))
                .contains("only STREAM-TABLE and STREAM-STREAM joins are supported");
        assertThat(error("SELECT * FROM readings r JOIN devices d WITHIN 1 HOUR ON r.device = d.id EMIT CHANGES;"))
                .contains("WITHIN applies to stream-stream joins");
    }

    @Test
    void shouldRefuseTwoSourcesOfTheSameName() {
        assertThat(error("SELECT * FROM readings x JOIN devices x ON x.device = x.id EMIT CHANGES;"))
                .startsWith("line 1, column 31: ").contains("called X");
    }

    @Test
    void shouldRefuseASelfJoin() {
        assertThat(error("SELECT a.order_id, b.amount FROM orders a JOIN orders b WITHIN 1 HOUR "
                + "ON a.order_id = b.order_id EMIT CHANGES;")).contains("self-join");
    }

    @Test
    void shouldBuildTheSameTopologyForTheSameQuery() {
        String sql = "CREATE TABLE t AS SELECT d.site, COUNT(*) AS n FROM readings r JOIN devices d ON r.device = d.id "
                + "WINDOW HOPPING (SIZE 1 MINUTE, ADVANCE BY 30 SECONDS) GROUP BY d.site EMIT FINAL;";
        assertThat(fixture.persistent(sql, "T").describe().toString())
                .isEqualTo(new PlannerFixture().persistent(sql, "T").describe().toString());
    }

    @Test
    void shouldRefuseAJoinOffTheTablesKey() {
        assertThat(error("SELECT * FROM readings r JOIN devices d ON r.device = d.site EMIT CHANGES;"))
                .contains("PRIMARY KEY").contains("ID");
    }

    @Test
    void shouldRefuseAJoinOfDifferentTypes() {
        assertThat(error("SELECT * FROM orders o JOIN devices d ON o.amount = d.id EMIT CHANGES;"))
                .contains("INTEGER").contains("STRING");
    }

    @Test
    void shouldRefuseMisplacedAggregates() {
        assertThat(error("SELECT COUNT(*) FROM readings EMIT CHANGES;")).contains("GROUP BY");
        assertThat(error("SELECT device, COUNT(*) FROM readings WHERE COUNT(*) > 1 GROUP BY device EMIT CHANGES;"))
                .startsWith("line 1, column 45: ").contains("HAVING");
        assertThat(error("SELECT device, SUM(COUNT(*)) FROM readings GROUP BY device EMIT CHANGES;"))
                .contains("nested");
    }

    @Test
    void shouldRefuseTwoOutputColumnsOfTheSameName() {
        assertThat(error("SELECT device, temp, temp FROM readings EMIT CHANGES;"))
                .startsWith("line 1, column 22: ").contains("two columns called TEMP");
    }

    @Test
    void shouldRefuseClausesThatDoNotFitTheSource() {
        assertThat(error("SELECT device, temp FROM readings WINDOW TUMBLING (SIZE 1 MINUTE) EMIT CHANGES;"))
                .contains("WINDOW needs a GROUP BY");
        assertThat(error("SELECT id, site FROM devices PARTITION BY site EMIT CHANGES;")).contains("TABLE");
        assertThat(error("SELECT id, COUNT(*) FROM devices GROUP BY id EMIT CHANGES;")).contains("TABLE");
        assertThat(error("SELECT * FROM readings GROUP BY device EMIT CHANGES;")).contains("SELECT *");
        assertThat(error("SELECT device, COUNT(*) FROM readings WINDOW HOPPING (SIZE 1 MINUTE, ADVANCE BY 2 MINUTES) "
                + "GROUP BY device EMIT CHANGES;")).contains("ADVANCE BY");
    }

    @Test
    void shouldRequireABooleanWhere() {
        assertThat(error("SELECT device, temp FROM readings WHERE temp + 1 EMIT CHANGES;")).contains("BOOLEAN");
    }
}
