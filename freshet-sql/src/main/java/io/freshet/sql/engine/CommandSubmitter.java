package io.freshet.sql.engine;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import io.freshet.sql.session.QueryInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sessions' shared view of the command log: a {@link CommandLog} kept at the topic's end, the status board and
 * the Admin client. One lock serialises every session's reads and submissions, so each sees a state at least as
 * new as its own last command. Created on first use (a client engine connects only when a statement runs).
 *
 * <p>Submitting: replay to the end, try the command on a copy of that state (a command the state refuses is never
 * appended), prepare the cluster (topics), append, then replay to the end again. The outcome at the command's own
 * offset is the truth: if commands from elsewhere landed in between and made it invalid, every engine rejects it,
 * and so does this answer.
 */
final class CommandSubmitter implements AutoCloseable {

    /** The cluster work a statement needs once it is known to be valid, before and after its append. */
    interface Preparation {
        /** Before the append: check and create topics; may refuse with a SqlException. */
        void before(MetaStoreState current, MetaStoreState tried, CommandOutcome.Applied outcome,
                    ClusterTopics topics);

        /** After the command took effect. */
        default void after(CommandOutcome.Applied outcome, ClusterTopics topics) {
        }
    }

    private final Map<String, Object> clientConfig;
    private ClusterTopics topics;
    private CommandLog commands;
    private StatusBoard statuses;

    CommandSubmitter(Map<String, Object> clientConfig) {
        this.clientConfig = clientConfig;
    }

    private void open() {
        if (topics == null) {
            topics = new ClusterTopics(clientConfig);
            topics.ensureEngineTopics();
        }
        if (commands == null) {
            commands = new CommandLog(clientConfig);
        }
        if (statuses == null) {
            statuses = new StatusBoard(clientConfig);
        }
    }

    /** The Admin calls, for PRINT and push queries (no lock held while they run: the client is thread-safe). */
    ClusterTopics topics() {
        synchronized (this) {
            open();
            return topics;
        }
    }

    /** Runs {@code read} on the state at the log's end (and the latest statuses). */
    synchronized <T> T read(Function<View, T> read) {
        open();
        commands.catchUp();
        statuses.refresh();
        return read.apply(new View(commands.state(), statuses, topics));
    }

    /**
     * @param start where the statement starts in the text its session was given: the log holds the statement
     *     alone, so the positions of its errors are moved back into that text
     */
    synchronized CommandOutcome.Applied submit(Command command, Position start, Preparation preparation) {
        open();
        commands.catchUp();
        MetaStoreState tried = commands.state().copy();
        CommandOutcome predicted = CommandApplier.apply(tried, tried.nextOffset(), command);
        if (predicted instanceof CommandOutcome.Rejected rejected) {
            throw relocate(rejected.error(), start);
        }
        preparation.before(commands.state(), tried, (CommandOutcome.Applied) predicted, topics);
        long offset = commands.append(command);
        for (CommandLog.Applied applied : commands.catchUp()) {
            if (applied.offset() == offset) {
                if (applied.outcome() instanceof CommandOutcome.Rejected rejected) {
                    throw relocate(rejected.error(), start);
                }
                CommandOutcome.Applied done = (CommandOutcome.Applied) applied.outcome();
                preparation.after(done, topics);
                return done;
            }
        }
        throw new SqlException(Position.UNKNOWN, "command appended at offset " + offset + " of "
            + ClusterTopics.COMMAND_TOPIC + " but not read back");
    }

    /** A position in the statement's own text, moved to where that text starts in the session's text. */
    static SqlException relocate(SqlException e, Position start) {
        Position at = e.position();
        if (at.equals(Position.UNKNOWN) || start.equals(Position.UNKNOWN)) {
            return e;
        }
        Position moved = at.line() == 1 ? new Position(start.line(), start.column() + at.column() - 1)
            : new Position(start.line() + at.line() - 1, at.column());
        return new SqlException(moved, e.getMessage(), e);
    }

    /** What a read sees: the metastore, the statuses, the cluster's topics. */
    record View(MetaStoreState state, StatusBoard statuses, ClusterTopics topics) {

        QueryInfo info(PersistentQuery q) {
            Optional<QueryStatus> s = statuses.status(q.id());
            return new QueryInfo(q.id(), q.sql(), q.sourceNames(), List.of(q.sinkName()),
                s.map(QueryStatus::state).orElse("PENDING"), s.flatMap(QueryStatus::error),
                s.map(QueryStatus::malformedRecords).orElse(0L), s.map(QueryStatus::lateRecords).orElse(0L));
        }
    }

    @Override
    public synchronized void close() {
        if (commands != null) {
            commands.close();
        }
        if (statuses != null) {
            statuses.close();
        }
        if (topics != null) {
            topics.close();
        }
    }
}
