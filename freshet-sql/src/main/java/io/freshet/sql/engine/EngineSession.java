package io.freshet.sql.engine;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import io.freshet.sql.ast.Statement;
import io.freshet.sql.parser.SqlParser;
import io.freshet.sql.plan.AnalyzedQuery;
import io.freshet.sql.plan.QueryPlanner;
import io.freshet.sql.schema.DataSource;
import io.freshet.sql.session.QueryInfo;
import io.freshet.sql.session.RowSink;
import io.freshet.sql.session.SqlSession;
import io.freshet.sql.session.StatementResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.apache.kafka.common.KafkaException;

/**
 * A session of one client: parses the text, runs each statement in order and stops at the first failure.
 * Statements that change the metastore go through the command log ({@link CommandSubmitter}); SHOW and DESCRIBE
 * read the replayed state; push queries and PRINT stream on the caller's thread. Once the row sink says cancelled,
 * no further statement runs. Every error becomes a
 * {@link StatementResult.Failed} here, and only here. Not thread-safe (one caller at a time), as SqlSession says.
 */
final class EngineSession implements SqlSession {

    private final CommandSubmitter submitter;
    private final SqlEngineConfig config;
    private final Map<String, Object> clientConfig;
    private final SessionProperties properties = new SessionProperties();

    EngineSession(CommandSubmitter submitter, SqlEngineConfig config, Map<String, Object> clientConfig) {
        this.submitter = submitter;
        this.config = config;
        this.clientConfig = clientConfig;
    }

    @Override
    public List<StatementResult> execute(String statements, RowSink rows) {
        return execute(statements, rows, result -> { });
    }

    @Override
    public List<StatementResult> execute(String statements, RowSink rows, Consumer<StatementResult> onResult) {
        List<Statement> parsed;
        try {
            parsed = SqlParser.parse(statements);
        } catch (SqlException e) {
            StatementResult failed = new StatementResult.Failed(statements.strip(), e);
            onResult.accept(failed);
            return List.of(failed);
        }
        List<StatementResult> results = new ArrayList<>();
        for (Statement statement : parsed) {
            if (rows != null && rows.cancelled()) {
                break; // the client went away (Ctrl-C, a closed connection): run nothing more for it
            }
            StatementResult result = run(statement, rows);
            results.add(result);
            onResult.accept(result);
            if (result instanceof StatementResult.Failed) {
                break;
            }
        }
        return results;
    }

    private StatementResult run(Statement statement, RowSink rows) {
        try {
            return dispatch(statement, rows);
        } catch (SqlException e) {
            return new StatementResult.Failed(statement.text(), e);
        } catch (KafkaException e) {
            return new StatementResult.Failed(statement.text(), new SqlException(Position.UNKNOWN,
                "cluster error: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            return new StatementResult.Failed(statement.text(), new SqlException(statement.position(),
                "internal error: " + e, e));
        }
    }

    private StatementResult dispatch(Statement statement, RowSink rows) {
        if (CommandApplier.isCommand(statement)) {
            return submit(statement);
        }
        if (statement instanceof Statement.SetProperty set) {
            String key = properties.set(set.name(), set.value(), set.position());
            return done(set, "Successfully changed local property '" + key + "' to '" + properties.values()
                .get(key) + "'.");
        }
        if (statement instanceof Statement.UnsetProperty unset) {
            String was = properties.unset(unset.name(), unset.position());
            return done(unset, was == null ? "Property '" + unset.name() + "' was not set."
                : "Successfully unset local property '" + unset.name() + "' (value was '" + was + "').");
        }
        if (statement instanceof Statement.ShowProperties show) {
            return new StatementResult.Properties(show.text(), properties.effective());
        }
        if (statement instanceof Statement.ShowSources show) {
            return submitter.read(view -> new StatementResult.Sources(show.text(), show.kind(),
                view.state().sources().stream().filter(s -> s.kind() == show.kind())
                    .sorted(java.util.Comparator.comparing(DataSource::name)).toList()));
        }
        if (statement instanceof Statement.ShowQueries show) {
            return submitter.read(view -> new StatementResult.Queries(show.text(),
                view.state().queries().stream().map(view::info).toList()));
        }
        if (statement instanceof Statement.ShowTopics show) {
            return submitter.read(view -> new StatementResult.Topics(show.text(), view.topics().list().entrySet()
                .stream().filter(e -> !e.getKey().startsWith("_") && !e.getKey().startsWith("__"))
                .map(e -> new StatementResult.TopicInfo(e.getKey(), e.getValue())).toList()));
        }
        if (statement instanceof Statement.Describe describe) {
            return describe(describe);
        }
        if (statement instanceof Statement.Select select) {
            return push(select, rows);
        }
        if (statement instanceof Statement.Print print) {
            requireSink(rows, print);
            long n = TopicPrinter.run(print, rows, clientConfig, submitter.topics());
            return new StatementResult.Streamed(print.text(), List.of(TopicPrinter.RECORD), n);
        }
        throw new SqlException(statement.position(), "statement not supported: " + statement.text());
    }

    private StatementResult describe(Statement.Describe describe) {
        return submitter.read(view -> {
            DataSource source = view.state().source(describe.name()).orElseThrow(() -> new SqlException(
                describe.position(), "Could not find STREAM/TABLE '" + describe.name() + "' in the Metastore"
                + CommandApplier.knownSources(view.state())));
            List<QueryInfo> readers = view.state().readersOf(source.name()).stream().map(view::info).toList();
            List<QueryInfo> writers = view.state().writersOf(source.name()).stream().map(view::info).toList();
            return new StatementResult.Description(describe.text(), source, readers, writers);
        });
    }

    private StatementResult push(Statement.Select select, RowSink rows) {
        requireSink(rows, select);
        if (select.query().emit().isEmpty()) {
            throw new SqlException(select.position(), "Pull queries are not supported: add EMIT CHANGES to run"
                + " a push query");
        }
        MetaStoreState snapshot = submitter.read(view -> view.state().copy());
        AnalyzedQuery analyzed = new QueryPlanner(snapshot).analyze(select.query());
        long n = PushQuery.run(analyzed, snapshot, rows, config.bootstrapServers(), config.clientProperties(),
            properties.values(), submitter.topics());
        return new StatementResult.Streamed(select.text(), analyzed.selectOrder(), n);
    }

    private StatementResult submit(Statement statement) {
        Command command = new Command(statement.text(), properties.values());
        CommandOutcome.Applied done = submitter.submit(command, statement.position(),
            new TopicPreparation(statement,
            Optional.ofNullable(properties.values().get(MalformedRecordHandler.ERROR_TOPIC))));
        return new StatementResult.Done(statement.text(), done.message(), done.startedQuery());
    }

    private static StatementResult done(Statement statement, String message) {
        return new StatementResult.Done(statement.text(), message, Optional.empty());
    }

    private static void requireSink(RowSink rows, Statement statement) {
        if (rows == null) {
            throw new SqlException(statement.position(), "this statement streams rows, but the caller gave no"
                + " place for them");
        }
    }

    @Override
    public Map<String, String> properties() {
        return properties.values();
    }

    @Override
    public void close() {
    }

    /** The topics a command needs: a CREATE's topic checked or created, a CSAS's sink created, DROP ... DELETE
     *  TOPIC's topic deleted once the drop took effect. */
    private static final class TopicPreparation implements CommandSubmitter.Preparation {
        private final Statement statement;
        private final Optional<String> errorTopic;
        private String topicToDelete;

        TopicPreparation(Statement statement, Optional<String> errorTopic) {
            this.statement = statement;
            this.errorTopic = errorTopic;
        }

        @Override
        public void before(MetaStoreState current, MetaStoreState tried, CommandOutcome.Applied outcome,
                           ClusterTopics topics) {
            if (statement instanceof Statement.CreateSource create) {
                DataSource source = tried.source(create.name()).orElseThrow();
                OptionalInt wanted = WithProperties.check(create.properties(), WithProperties.SOURCE_KEYS,
                    create.position()).positiveInt(WithProperties.PARTITIONS);
                ensureTopic(source.topic(), wanted, OptionalInt.empty(), topics, create.position());
            } else if (statement instanceof Statement.CreateAsSelect csas && outcome.startedQuery().isPresent()) {
                PersistentQuery query = tried.query(outcome.startedQuery().get()).orElseThrow();
                OptionalInt wanted = WithProperties.check(csas.properties(), WithProperties.SINK_KEYS,
                    csas.position()).positiveInt(WithProperties.PARTITIONS);
                OptionalInt sourcePartitions = topics.partitions(query.query().sources().get(0).topic());
                ensureTopic(query.sink().topic(), wanted, sourcePartitions.isPresent() ? sourcePartitions
                    : OptionalInt.of(1), topics, csas.position());
            } else if (statement instanceof Statement.DropSource drop && drop.deleteTopic()) {
                topicToDelete = current.source(drop.name()).map(DataSource::topic).orElse(null);
            }
            if (outcome.startedQuery().isPresent() && errorTopic.isPresent()) {
                // The query's transactions write to it: create it now rather than by a producer's auto-creation.
                ensureTopic(errorTopic.get(), OptionalInt.empty(), OptionalInt.of(1), topics, statement.position());
            }
        }

        @Override
        public void after(CommandOutcome.Applied outcome, ClusterTopics topics) {
            if (topicToDelete != null) {
                topics.delete(topicToDelete);
            }
        }

        /**
         * {@code wanted}: PARTITIONS from WITH; {@code otherwise}: the count to create with when WITH has none
         * (a CSAS's sink); neither: the topic must exist.
         */
        private static void ensureTopic(String topic, OptionalInt wanted, OptionalInt otherwise,
                                        ClusterTopics topics, Position at) {
            OptionalInt existing = topics.partitions(topic);
            if (existing.isPresent()) {
                if (wanted.isPresent() && wanted.getAsInt() != existing.getAsInt()) {
                    throw new SqlException(at, "A Kafka topic with the name '" + topic + "' already exists, with"
                        + " " + existing.getAsInt() + " partitions, not the " + wanted.getAsInt() + " in PARTITIONS");
                }
                return;
            }
            OptionalInt create = wanted.isPresent() ? wanted : otherwise;
            if (create.isEmpty()) {
                throw new SqlException(at, "Kafka topic does not exist: " + topic);
            }
            topics.create(topic, create.getAsInt());
        }
    }
}
