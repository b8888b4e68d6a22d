package io.freshet.sql.engine;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import io.freshet.sql.ast.SourceKind;
import io.freshet.sql.ast.Statement;
import io.freshet.sql.parser.SqlParser;
import io.freshet.sql.plan.AnalyzedQuery;
import io.freshet.sql.plan.QueryPlanner;
import io.freshet.sql.plan.SinkSpec;
import io.freshet.sql.schema.Column;
import io.freshet.sql.schema.DataSource;
import io.freshet.sql.schema.Format;
import io.freshet.sql.schema.LogicalSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Applies one command of the log to a {@link MetaStoreState}: the only code that changes a metastore. It depends
 * only on the state and the command (never on the cluster: whether a topic exists is the submitter's check), so
 * replaying the log gives every engine the same sources and queries, and a command invalid against the state
 * before it is rejected everywhere.
 */
public final class CommandApplier {

    private CommandApplier() {
    }

    /** Applies the command at {@code offset}; the state moves to {@code offset + 1} whatever the outcome. */
    public static CommandOutcome apply(MetaStoreState state, long offset, Command command) {
        CommandOutcome outcome;
        try {
            outcome = applyStatement(state, offset, parseOne(command.statement()), command);
        } catch (SqlException e) {
            outcome = new CommandOutcome.Rejected(e);
        } catch (RuntimeException e) {
            outcome = new CommandOutcome.Rejected(new SqlException(Position.UNKNOWN,
                "cannot apply: " + e, e));
        }
        state.advanceTo(offset + 1);
        return outcome;
    }

    static Statement parseOne(String text) {
        List<Statement> statements = SqlParser.parse(text);
        if (statements.size() != 1) {
            throw new SqlException(Position.UNKNOWN, "a command holds one statement, not " + statements.size());
        }
        return statements.get(0);
    }

    /** Whether the statement changes the metastore, and so goes through the command log. */
    public static boolean isCommand(Statement statement) {
        return statement instanceof Statement.CreateSource || statement instanceof Statement.CreateAsSelect
            || statement instanceof Statement.InsertInto || statement instanceof Statement.DropSource
            || statement instanceof Statement.Terminate;
    }

    private static CommandOutcome applyStatement(MetaStoreState state, long offset, Statement statement,
                                                 Command command) {
        if (statement instanceof Statement.CreateSource create) {
            return createSource(state, create);
        }
        if (statement instanceof Statement.CreateAsSelect csas) {
            return createAsSelect(state, offset, csas, command);
        }
        if (statement instanceof Statement.InsertInto insert) {
            return insertInto(state, offset, insert, command);
        }
        if (statement instanceof Statement.DropSource drop) {
            return drop(state, drop);
        }
        if (statement instanceof Statement.Terminate terminate) {
            return terminate(state, terminate);
        }
        throw new SqlException(statement.position(), "not a command: " + statement.text());
    }

    private static CommandOutcome createSource(MetaStoreState state, Statement.CreateSource create) {
        Optional<DataSource> existing = state.source(create.name());
        if (existing.isPresent()) {
            if (create.ifNotExists()) {
                return CommandOutcome.Applied.message(kindName(existing.get().kind()) + " " + create.name()
                    + " already exists");
            }
            if (!create.orReplace()) {
                throw alreadyExists(create.position(), existing.get());
            }
            if (existing.get().kind() != create.kind()) {
                throw new SqlException(create.position(), "cannot replace " + kindName(existing.get().kind())
                    .toLowerCase(Locale.ROOT) + " " + create.name() + " with a " + kindName(create.kind())
                    .toLowerCase(Locale.ROOT));
            }
        }
        state.putSource(SourceDefinitions.fromCreate(create));
        return CommandOutcome.Applied.message(kindName(create.kind()) + " created");
    }

    private static CommandOutcome createAsSelect(MetaStoreState state, long offset, Statement.CreateAsSelect csas,
                                                 Command command) {
        Optional<DataSource> existing = state.source(csas.name());
        if (existing.isPresent()) {
            if (csas.ifNotExists()) {
                return CommandOutcome.Applied.message(kindName(existing.get().kind()) + " " + csas.name()
                    + " already exists");
            }
            throw csas.orReplace()
                ? new SqlException(csas.position(), "CREATE OR REPLACE of a query's sink is not supported: "
                    + "TERMINATE its query and DROP " + csas.name() + " first")
                : alreadyExists(csas.position(), existing.get());
        }
        WithProperties with = WithProperties.check(csas.properties(), WithProperties.SINK_KEYS, csas.position());
        AnalyzedQuery analyzed = new QueryPlanner(state).analyzePersistent(csas.query());
        if (analyzed.outputKind() != csas.kind()) {
            throw new SqlException(csas.position(), "Invalid result type. Your SELECT query produces a "
                + analyzed.outputKind() + ". Please use CREATE " + analyzed.outputKind() + " AS SELECT statement"
                + " instead.");
        }
        DataSource first = analyzed.sources().get(0);
        Format keyFormat = analyzed.outputSchema().key().isEmpty() ? Format.NONE
            : with.keyFormat().orElse(first.keyFormat() == Format.NONE ? Format.KAFKA : first.keyFormat());
        Format valueFormat = with.valueFormat().orElse(first.valueFormat());
        String topic = with.string(WithProperties.KAFKA_TOPIC).orElse(csas.name());
        Optional<String> timestamp = with.string(WithProperties.TIMESTAMP).map(s -> s.toUpperCase(Locale.ROOT));
        timestamp.ifPresent(ts -> SourceDefinitions.checkTimestampColumn(analyzed.outputSchema(), ts,
            csas.position()));
        DataSource sink = new DataSource(csas.name(), csas.kind(), analyzed.outputSchema(), topic, keyFormat,
            valueFormat, timestamp, analyzed.window(), csas.text());
        String queryId = (csas.kind() == SourceKind.STREAM ? "CSAS_" : "CTAS_") + queryIdPart(csas.name()) + "_"
            + offset;
        SinkSpec sinkSpec = new SinkSpec(topic, keyFormat, valueFormat);
        checkBuilds(state, analyzed, sinkSpec, queryId, csas.position());
        state.putSource(sink);
        state.putQuery(new PersistentQuery(queryId, csas.text(), analyzed, csas.name(), sinkSpec,
            command.properties()));
        return new CommandOutcome.Applied("Created query with ID " + queryId, Optional.of(queryId), List.of());
    }

    private static CommandOutcome insertInto(MetaStoreState state, long offset, Statement.InsertInto insert,
                                             Command command) {
        DataSource target = state.source(insert.target()).orElseThrow(() -> new SqlException(insert.position(),
            "INSERT INTO: unknown stream " + insert.target() + knownSources(state)));
        if (target.kind() != SourceKind.STREAM) {
            throw new SqlException(insert.position(), "INSERT INTO can only write a stream; " + target.name()
                + " is a table");
        }
        AnalyzedQuery analyzed = new QueryPlanner(state).analyzePersistent(insert.query());
        if (analyzed.outputKind() != SourceKind.STREAM) {
            throw new SqlException(insert.position(), "INSERT INTO needs a query producing a STREAM, this one"
                + " produces a TABLE");
        }
        if (!sameColumns(analyzed.outputSchema(), target.schema())) {
            throw new SqlException(insert.position(), "Incompatible schema between results and sink. Result"
                + " schema is " + describe(analyzed.outputSchema()) + ", but sink schema is "
                + describe(target.schema()) + ".");
        }
        String queryId = "INSERTQUERY_" + offset;
        SinkSpec sinkSpec = new SinkSpec(target.topic(), target.keyFormat(), target.valueFormat());
        checkBuilds(state, analyzed, sinkSpec, queryId, insert.position());
        state.putQuery(new PersistentQuery(queryId, insert.text(), analyzed, target.name(), sinkSpec,
            command.properties()));
        return new CommandOutcome.Applied("Created query with ID " + queryId, Optional.of(queryId), List.of());
    }

    /**
     * Builds the query's topology once, so that what only the build finds (a key format that cannot hold the
     * GROUP BY's columns, a name Kafka Streams refuses) fails the statement instead of the running query.
     */
    private static void checkBuilds(MetaStoreState state, AnalyzedQuery analyzed, SinkSpec sink, String queryId,
                                    Position position) {
        try {
            new QueryPlanner(state).persistent(analyzed, sink, queryId);
        } catch (SqlException e) {
            throw e.position().equals(Position.UNKNOWN) ? new SqlException(position, e.getMessage(), e) : e;
        } catch (RuntimeException e) {
            throw new SqlException(position, "the query cannot run: " + e.getMessage(), e);
        }
    }

    private static CommandOutcome drop(MetaStoreState state, Statement.DropSource drop) {
        Optional<DataSource> source = state.source(drop.name());
        if (source.isEmpty()) {
            if (drop.ifExists()) {
                return CommandOutcome.Applied.message("Source " + drop.name() + " does not exist.");
            }
            throw new SqlException(drop.position(), "Source " + drop.name() + " does not exist."
                + knownSources(state));
        }
        if (source.get().kind() != drop.kind()) {
            throw new SqlException(drop.position(), "Incompatible data source type is " + source.get().kind()
                + ", but statement was DROP " + drop.kind());
        }
        List<String> readers = state.readersOf(drop.name()).stream().map(PersistentQuery::id).toList();
        List<String> writers = state.writersOf(drop.name()).stream().map(PersistentQuery::id).toList();
        if (!readers.isEmpty() || !writers.isEmpty()) {
            throw new SqlException(drop.position(), "Cannot drop " + drop.name() + ".\n"
                + "The following queries read from this source: " + readers + ".\n"
                + "The following queries write into this source: " + writers + ".\n"
                + "You need to terminate them before dropping " + drop.name() + ".");
        }
        state.removeSource(drop.name());
        return CommandOutcome.Applied.message("Source `" + drop.name() + "` (topic: " + source.get().topic()
            + ") was dropped.");
    }

    private static CommandOutcome terminate(MetaStoreState state, Statement.Terminate terminate) {
        List<String> ids = new ArrayList<>();
        if (terminate.queryId().isEmpty()) {
            state.queries().forEach(q -> ids.add(q.id()));
        } else {
            String id = terminate.queryId().get();
            if (state.query(id).isEmpty()) {
                throw new SqlException(terminate.position(), "Unknown queryId: " + id);
            }
            ids.add(id);
        }
        ids.forEach(state::terminate);
        return new CommandOutcome.Applied(ids.isEmpty() ? "No queries to terminate." : "Query terminated.",
            Optional.empty(), List.copyOf(ids));
    }

    private static boolean sameColumns(LogicalSchema a, LogicalSchema b) {
        return strip(a.key()).equals(strip(b.key())) && strip(a.value()).equals(strip(b.value()));
    }

    private static List<String> strip(List<Column> columns) {
        return columns.stream().map(c -> c.name() + " " + c.type()).toList();
    }

    private static String describe(LogicalSchema schema) {
        List<String> parts = new ArrayList<>();
        schema.key().forEach(c -> parts.add("`" + c.name() + "` " + c.type().displayName() + " KEY"));
        schema.value().forEach(c -> parts.add("`" + c.name() + "` " + c.type().displayName()));
        return String.join(", ", parts);
    }

    private static SqlException alreadyExists(Position position, DataSource existing) {
        String kind = kindName(existing.kind()).toLowerCase(Locale.ROOT);
        return new SqlException(position, "Cannot add " + kind + " '" + existing.name() + "': A " + kind
            + " with the same name already exists");
    }

    static String kindName(SourceKind kind) {
        return kind == SourceKind.STREAM ? "Stream" : "Table";
    }

    static String knownSources(MetaStoreState state) {
        if (state.sources().isEmpty()) {
            return " (no streams or tables are defined)";
        }
        return " (known: " + String.join(", ", state.sources().stream().map(DataSource::name).sorted().toList())
            + ")";
    }

    /** The sink part of a query id: a quoted name may hold characters a Kafka Streams application.id cannot. */
    private static String queryIdPart(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }
}
