package io.freshet.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.freshet.sql.ast.Position;
import io.freshet.sql.ast.Query;
import io.freshet.sql.ast.SourceKind;
import io.freshet.sql.plan.AnalyzedQuery;
import io.freshet.sql.plan.SinkSpec;
import io.freshet.sql.schema.DataSource;
import io.freshet.sql.schema.Format;
import io.freshet.sql.schema.SqlType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CommandApplierTest {

    private static final String READINGS = "CREATE STREAM readings (device VARCHAR KEY, temp DOUBLE, ts BIGINT)"
        + " WITH (KAFKA_TOPIC='readings', VALUE_FORMAT='JSON', TIMESTAMP='ts')";

    private static CommandOutcome apply(MetaStoreState state, String sql) {
        return CommandApplier.apply(state, state.nextOffset(), new Command(sql, Map.of()));
    }

    private static String rejection(CommandOutcome outcome) {
        assertThat(outcome).isInstanceOf(CommandOutcome.Rejected.class);
        return ((CommandOutcome.Rejected) outcome).error().getMessage();
    }

    @Test
    void shouldRegisterAStreamWithItsKeyFormatsAndTimestampColumn() {
        MetaStoreState state = new MetaStoreState();
        CommandOutcome outcome = apply(state, READINGS);

        assertThat(outcome).isEqualTo(CommandOutcome.Applied.message("Stream created"));
        DataSource readings = state.source("READINGS").orElseThrow();
        assertThat(readings.topic()).isEqualTo("readings");
        assertThat(readings.keyFormat()).isEqualTo(Format.KAFKA);
        assertThat(readings.valueFormat()).isEqualTo(Format.JSON);
        assertThat(readings.timestampColumn()).contains("TS");
        assertThat(readings.schema().key()).extracting(c -> c.name()).containsExactly("DEVICE");
        assertThat(readings.schema().value()).extracting(c -> c.name() + " " + c.type())
            .containsExactly("TEMP DOUBLE", "TS BIGINT");
        assertThat(state.nextOffset()).isEqualTo(1);
    }

    @Test
    void shouldRejectASecondCreateOfTheSameNameButAcceptIfNotExists() {
        MetaStoreState state = new MetaStoreState();
        apply(state, READINGS);

        assertThat(rejection(apply(state, READINGS)))
            .isEqualTo("Cannot add stream 'READINGS': A stream with the same name already exists");
        assertThat(apply(state, READINGS.replace("CREATE STREAM", "CREATE STREAM IF NOT EXISTS")))
            .isEqualTo(CommandOutcome.Applied.message("Stream READINGS already exists"));
        assertThat(state.nextOffset()).isEqualTo(3);
    }

    @Test
    void shouldRefuseAQueryOnlyItsTopologyBuildCanFault() {
        MetaStoreState state = new MetaStoreState();
        apply(state, READINGS);

        // Two GROUP BY columns make a two-column key, which the KAFKA key format cannot hold: the statement fails,
        // rather than the query once it runs.
        CommandOutcome outcome = apply(state, "CREATE TABLE pairs AS SELECT device, ts, COUNT(*) AS n FROM readings"
            + " GROUP BY device, ts EMIT CHANGES");

        assertThat(rejection(outcome)).containsIgnoringCase("KAFKA");
        assertThat(((CommandOutcome.Rejected) outcome).error().position()).isNotEqualTo(Position.UNKNOWN);
        assertThat(state.source("PAIRS")).isEmpty();
    }

    @Test
    void shouldNameWhatIsMissingOrUnknownInWith() {
        MetaStoreState state = new MetaStoreState();
        assertThat(rejection(apply(state, "CREATE STREAM s (a INT) WITH (VALUE_FORMAT='JSON')")))
            .contains("KAFKA_TOPIC");
        assertThat(rejection(apply(state, "CREATE STREAM s (a INT) WITH (KAFKA_TOPIC='s')")))
            .contains("VALUE_FORMAT");
        assertThat(rejection(apply(state, "CREATE STREAM s (a INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON',"
            + " COLOUR='red')")))
            .isEqualTo("unknown property COLOUR in WITH; known properties: FORMAT, KAFKA_TOPIC, KEY_FORMAT,"
                + " PARTITIONS, REPLICAS, TIMESTAMP, VALUE_FORMAT");
        assertThat(rejection(apply(state, "CREATE STREAM s (a INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='AVRO')")))
            .isEqualTo("unsupported VALUE_FORMAT 'AVRO'; supported: JSON, KAFKA, DELIMITED");
        assertThat(rejection(apply(state, "CREATE STREAM s (a INT, ts VARCHAR) WITH (KAFKA_TOPIC='s',"
            + " VALUE_FORMAT='JSON', TIMESTAMP='ts')")))
            .isEqualTo("TIMESTAMP column TS must be BIGINT (epoch milliseconds), not STRING");
        assertThat(rejection(apply(state, "CREATE TABLE t (id VARCHAR, site VARCHAR) WITH (KAFKA_TOPIC='t',"
            + " VALUE_FORMAT='JSON')")))
            .isEqualTo("Tables require a PRIMARY KEY. Please define the PRIMARY KEY.");
        assertThat(state.sources()).isEmpty();
    }

    @Test
    void shouldGiveEveryReplayTheSameStateAndRejectACommandMadeInvalidByAnEarlierOne() {
        // Two submitters both checked "CREATE STREAM readings" against an empty metastore and appended it;
        // the log decides: the first takes effect, the second is rejected on every engine.
        List<Command> log = List.of(new Command(READINGS, Map.of()),
            new Command(READINGS.replace("temp DOUBLE", "temp INT"), Map.of()),
            new Command("DROP STREAM readings", Map.of()),
            new Command(READINGS.replace("temp DOUBLE", "temp BIGINT"), Map.of()));
        MetaStoreState one = new MetaStoreState();
        MetaStoreState two = new MetaStoreState();
        List<CommandOutcome> outcomesOne = log.stream().map(c -> CommandApplier.apply(one, one.nextOffset(), c))
            .toList();
        List<CommandOutcome> outcomesTwo = log.stream().map(c -> CommandApplier.apply(two, two.nextOffset(), c))
            .toList();

        assertThat(outcomesOne.stream().map(CommandApplierTest::describe).toList())
            .isEqualTo(outcomesTwo.stream().map(CommandApplierTest::describe).toList());
        assertThat(outcomesOne.get(1)).isInstanceOf(CommandOutcome.Rejected.class);
        assertThat(outcomesOne.get(3)).isInstanceOf(CommandOutcome.Applied.class);
        assertThat(one.source("READINGS").orElseThrow().schema().find("TEMP").orElseThrow().type())
            .isEqualTo(SqlType.BIGINT);
        assertThat(two.source("READINGS")).isEqualTo(one.source("READINGS"));
    }

    @Test
    void shouldLetASubmitterSeeItsCommandRejectedWhenAnotherLandedFirst() {
        MetaStoreState log = new MetaStoreState();
        MetaStoreState submitterView = log.copy();
        assertThat(apply(submitterView, READINGS)).isInstanceOf(CommandOutcome.Applied.class); // its try

        apply(log, READINGS); // another session's command lands first
        CommandOutcome actual = apply(log, READINGS); // then the submitter's, replayed

        assertThat(rejection(actual)).contains("already exists");
    }

    @Test
    void shouldRefuseToDropASourceWhileQueriesUseItNamingThem() {
        MetaStoreState state = new MetaStoreState();
        apply(state, READINGS);
        apply(state, "CREATE STREAM hot (device VARCHAR KEY, temp DOUBLE) WITH (KAFKA_TOPIC='HOT',"
            + " VALUE_FORMAT='JSON')");
        state.putQuery(query("CSAS_HOT_2", state.source("READINGS").orElseThrow(), "HOT"));

        assertThat(rejection(apply(state, "DROP STREAM readings"))).isEqualTo("Cannot drop READINGS.\n"
            + "The following queries read from this source: [CSAS_HOT_2].\n"
            + "The following queries write into this source: [].\n"
            + "You need to terminate them before dropping READINGS.");
        assertThat(rejection(apply(state, "DROP STREAM hot"))).contains("write into this source: [CSAS_HOT_2]");
        assertThat(rejection(apply(state, "TERMINATE CSAS_NOPE_9"))).isEqualTo("Unknown queryId: CSAS_NOPE_9");

        CommandOutcome terminated = apply(state, "TERMINATE CSAS_HOT_2");
        assertThat(terminated).isEqualTo(new CommandOutcome.Applied("Query terminated.", Optional.empty(),
            List.of("CSAS_HOT_2")));
        assertThat(state.terminatedQueries()).containsExactly("CSAS_HOT_2");
        assertThat(apply(state, "DROP STREAM readings")).isEqualTo(CommandOutcome.Applied.message(
            "Source `READINGS` (topic: readings) was dropped."));
        assertThat(state.source("READINGS")).isEmpty();
    }

    @Test
    void shouldSkipACommandThatDoesNotParseAndMoveOn() {
        MetaStoreState state = new MetaStoreState();
        assertThat(apply(state, "CREATE STREM x")).isInstanceOf(CommandOutcome.Rejected.class);
        assertThat(state.nextOffset()).isEqualTo(1);
        assertThat(apply(state, READINGS)).isInstanceOf(CommandOutcome.Applied.class);
    }

    @Test
    void shouldKeepACommandsStatementAndPropertiesThroughItsJson() {
        Command command = new Command("CREATE STREAM x AS SELECT * FROM readings EMIT CHANGES",
            Map.of("auto.offset.reset", "earliest"));
        assertThat(Command.fromBytes(command.toBytes())).isEqualTo(command);
    }

    @Test
    void shouldPositionACommandsErrorInTheTextItsSessionWasGiven() {
        // The log holds "CREATE STREAM s ..." alone; the session's text had it on line 3 from column 5.
        MetaStoreState state = new MetaStoreState();
        CommandOutcome outcome = apply(state, "CREATE STREAM s (a INT)\n  WITH (VALUE_FORMAT='JSON')");
        io.freshet.sql.SqlException error = ((CommandOutcome.Rejected) outcome).error();

        assertThat(CommandSubmitter.relocate(error, new Position(3, 5)).describe())
            .isEqualTo("line 3, column 5: " + error.getMessage());
        io.freshet.sql.SqlException onLine2 = new io.freshet.sql.SqlException(new Position(2, 7), "x");
        assertThat(CommandSubmitter.relocate(onLine2, new Position(3, 5)).position()).isEqualTo(new Position(4, 7));
    }

    private static String describe(CommandOutcome outcome) {
        return outcome instanceof CommandOutcome.Rejected r ? "rejected: " + r.error().getMessage()
            : outcome.toString();
    }

    private static PersistentQuery query(String id, DataSource source, String sink) {
        Query q = new Query(List.of(), new Query.Relation.Source(source.name(), Optional.empty(), Position.UNKNOWN),
            Optional.empty(), Optional.empty(), List.of(), List.of(), Optional.empty(),
            Optional.of(Query.EmitMode.CHANGES), OptionalInt.empty(), Position.UNKNOWN);
        AnalyzedQuery analyzed = new AnalyzedQuery(q, List.of(source), SourceKind.STREAM, source.schema(),
            source.schema().columns(), Optional.empty());
        return new PersistentQuery(id, "CREATE STREAM " + sink + " AS SELECT ...", analyzed, sink,
            new SinkSpec(sink, Format.KAFKA, Format.JSON), Map.of());
    }
}
