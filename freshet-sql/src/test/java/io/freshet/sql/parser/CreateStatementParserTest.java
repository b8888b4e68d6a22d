package io.freshet.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.freshet.sql.ast.Position;
import io.freshet.sql.ast.Query;
import io.freshet.sql.ast.SourceKind;
import io.freshet.sql.ast.Statement;
import io.freshet.sql.ast.Statement.ColumnDef;
import io.freshet.sql.ast.Statement.CreateAsSelect;
import io.freshet.sql.ast.Statement.CreateSource;
import io.freshet.sql.schema.SqlType;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreateStatementParserTest {

    @Test
    void shouldParseTheIssuesCreateStream() {
        CreateSource create = (CreateSource) SqlParser.parseOne("CREATE STREAM readings (device VARCHAR KEY, "
                + "temp DOUBLE, ts BIGINT) WITH (KAFKA_TOPIC='readings',\n    VALUE_FORMAT='JSON', TIMESTAMP='ts');");

        assertThat(create.kind()).isEqualTo(SourceKind.STREAM);
        assertThat(create.name()).isEqualTo("READINGS");
        assertThat(create.columns()).containsExactly(
                new ColumnDef("DEVICE", SqlType.STRING, true, new Position(1, 25)),
                new ColumnDef("TEMP", SqlType.DOUBLE, false, new Position(1, 45)),
                new ColumnDef("TS", SqlType.BIGINT, false, new Position(1, 58)));
        assertThat(create.properties()).containsExactly(
                java.util.Map.entry("KAFKA_TOPIC", "readings"),
                java.util.Map.entry("VALUE_FORMAT", "JSON"),
                java.util.Map.entry("TIMESTAMP", "ts"));
        assertThat(create.orReplace()).isFalse();
        assertThat(create.ifNotExists()).isFalse();
        assertThat(create.position()).isEqualTo(new Position(1, 1));
        assertThat(create.text()).isEqualTo("CREATE STREAM readings (device VARCHAR KEY, temp DOUBLE, ts BIGINT) "
                + "WITH (KAFKA_TOPIC='readings',\n    VALUE_FORMAT='JSON', TIMESTAMP='ts')");
    }

    @Test
    void shouldParseTheIssuesCreateTableWithPrimaryKey() {
        CreateSource create = (CreateSource) SqlParser.parseOne("CREATE TABLE devices (id VARCHAR PRIMARY KEY, "
                + "site VARCHAR)\n    WITH (KAFKA_TOPIC='devices', VALUE_FORMAT='JSON');");

        assertThat(create.kind()).isEqualTo(SourceKind.TABLE);
        assertThat(create.name()).isEqualTo("DEVICES");
        assertThat(create.columns()).extracting(ColumnDef::name, ColumnDef::type, ColumnDef::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ID", SqlType.STRING, true),
                org.assertj.core.groups.Tuple.tuple("SITE", SqlType.STRING, false));
    }

    @Test
    void shouldAcceptEverySupportedTypeName() {
        CreateSource create = (CreateSource) SqlParser.parseOne("create stream s (a boolean, b int, c integer, "
                + "d bigint, e double, f varchar, g string) with (kafka_topic='s', format='json')");

        assertThat(create.columns()).extracting(ColumnDef::type).containsExactly(SqlType.BOOLEAN, SqlType.INTEGER,
                SqlType.INTEGER, SqlType.BIGINT, SqlType.DOUBLE, SqlType.STRING, SqlType.STRING);
        assertThat(create.properties()).containsOnlyKeys("KAFKA_TOPIC", "FORMAT");
    }

    @Test
    void shouldTypePropertyValuesAsLiterals() {
        CreateSource create = (CreateSource) SqlParser.parseOne("CREATE STREAM s (a INT) WITH (KAFKA_TOPIC='s', "
                + "PARTITIONS=3, REPLICAS=1, big=5000000000, ratio=0.5, neg=-2, WRAP_SINGLE_VALUE=false, "
                + "`key_format`='KAFKA', 'Value_Delimiter'='|')");

        assertThat(create.properties()).containsEntry("PARTITIONS", 3).containsEntry("REPLICAS", 1)
                .containsEntry("BIG", 5_000_000_000L).containsEntry("RATIO", 0.5).containsEntry("NEG", -2)
                .containsEntry("WRAP_SINGLE_VALUE", false).containsEntry("KEY_FORMAT", "KAFKA")
                .containsEntry("VALUE_DELIMITER", "|");
    }

    @Test
    void shouldParseOrReplaceAndIfNotExists() {
        CreateSource create = (CreateSource) SqlParser.parseOne(
                "CREATE OR REPLACE TABLE IF NOT EXISTS t (k BIGINT PRIMARY KEY) WITH (KAFKA_TOPIC='t', FORMAT='JSON')");

        assertThat(create.orReplace()).isTrue();
        assertThat(create.ifNotExists()).isTrue();
        assertThat(create.columns()).containsExactly(new ColumnDef("K", SqlType.BIGINT, true, new Position(1, 42)));
    }

    @Test
    void shouldKeepTheCaseOfBackQuotedNames() {
        CreateSource create = (CreateSource) SqlParser.parseOne(
                "CREATE STREAM `MixedCase` (`deviceId` STRING KEY, `with space` INT, `a``b` INT) WITH (KAFKA_TOPIC='x')");

        assertThat(create.name()).isEqualTo("MixedCase");
        assertThat(create.columns()).extracting(ColumnDef::name).containsExactly("deviceId", "with space", "a`b");
    }

    @Test
    void shouldParseTheIssuesFilteringStreamAsSelect() {
        CreateAsSelect csas = (CreateAsSelect) SqlParser.parseOne(
                "CREATE STREAM hot AS SELECT device, temp FROM readings WHERE temp > 80 EMIT CHANGES;");

        assertThat(csas.kind()).isEqualTo(SourceKind.STREAM);
        assertThat(csas.name()).isEqualTo("HOT");
        assertThat(csas.properties()).isEmpty();
        Query query = csas.query();
        assertThat(query.select()).hasSize(2);
        assertThat(query.from()).isEqualTo(new Query.Relation.Source("READINGS", java.util.Optional.empty(),
                new Position(1, 47)));
        assertThat(query.where()).isPresent();
        assertThat(query.emit()).contains(Query.EmitMode.CHANGES);
        assertThat(query.position()).isEqualTo(new Position(1, 22));
        assertThat(csas.text()).isEqualTo(
                "CREATE STREAM hot AS SELECT device, temp FROM readings WHERE temp > 80 EMIT CHANGES");
    }

    @Test
    void shouldParseTheIssuesWindowedTableAsSelect() {
        CreateAsSelect ctas = (CreateAsSelect) SqlParser.parseOne("CREATE TABLE per_minute AS SELECT device, "
                + "WINDOWSTART AS ws, WINDOWEND AS we, COUNT(*) AS n, SUM(temp) AS\n    total, AVG(temp) AS mean, "
                + "MIN(temp) AS lo, MAX(temp) AS hi FROM readings WINDOW TUMBLING (SIZE 1 MINUTE,\n    GRACE PERIOD "
                + "10 SECONDS) GROUP BY device EMIT FINAL;");

        assertThat(ctas.kind()).isEqualTo(SourceKind.TABLE);
        assertThat(ctas.name()).isEqualTo("PER_MINUTE");
        Query query = ctas.query();
        assertThat(query.select()).extracting(item -> ((Query.SelectItem.Single) item).alias().orElse(null))
                .containsExactly(null, "WS", "WE", "N", "TOTAL", "MEAN", "LO", "HI");
        assertThat(query.window()).contains(new Query.WindowSpec.Tumbling(java.time.Duration.ofMinutes(1),
                java.util.Optional.of(java.time.Duration.ofSeconds(10))));
        assertThat(query.groupBy()).hasSize(1);
        assertThat(query.emit()).contains(Query.EmitMode.FINAL);
    }

    @Test
    void shouldParseCreateAsSelectWithProperties() {
        CreateAsSelect csas = (CreateAsSelect) SqlParser.parseOne("CREATE OR REPLACE STREAM IF NOT EXISTS alerts "
                + "WITH (KAFKA_TOPIC='alerts-out', PARTITIONS=6, VALUE_FORMAT='JSON') AS SELECT * FROM readings");

        assertThat(csas.orReplace()).isTrue();
        assertThat(csas.ifNotExists()).isTrue();
        assertThat(csas.properties()).containsEntry("KAFKA_TOPIC", "alerts-out").containsEntry("PARTITIONS", 6);
        assertThat(csas.query().emit()).isEmpty();
    }

    @Test
    void shouldParseSeveralStatementsEachWithItsOwnTextAndPosition() {
        List<Statement> statements = SqlParser.parse("""
                -- the readings
                CREATE STREAM r (d STRING KEY, t DOUBLE) WITH (KAFKA_TOPIC='r', VALUE_FORMAT='JSON');

                  CREATE STREAM hot AS
                    SELECT d, t FROM r WHERE t > 80 /* degrees */ EMIT CHANGES ;
                ;
                SHOW STREAMS""");

        assertThat(statements).hasSize(3);
        assertThat(statements.get(0).position()).isEqualTo(new Position(2, 1));
        assertThat(statements.get(1).position()).isEqualTo(new Position(4, 3));
        assertThat(statements.get(1).text())
                .isEqualTo("CREATE STREAM hot AS\n    SELECT d, t FROM r WHERE t > 80 /* degrees */ EMIT CHANGES");
        assertThat(statements.get(2).text()).isEqualTo("SHOW STREAMS");
    }

    @Test
    void shouldParseNothingFromBlankOrCommentOnlyText() {
        assertThat(SqlParser.parse("  -- nothing\n /* at all */ ;; ")).isEmpty();
    }
}
