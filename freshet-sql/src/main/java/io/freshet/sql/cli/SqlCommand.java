package io.freshet.sql.cli;

import io.freshet.sql.engine.SqlEngine;
import io.freshet.sql.engine.SqlEngineConfig;
import io.freshet.sql.schema.Column;
import io.freshet.sql.session.QueryInfo;
import io.freshet.sql.session.RowSink;
import io.freshet.sql.session.SqlSession;
import io.freshet.sql.session.StatementResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@code freshet sql [--bootstrap-server HOST:PORT] [-f FILE | -e 'STATEMENTS'] [--standalone] [--state-dir DIR]}:
 * runs statements against a cluster's SQL engine and prints their results as ksqlDB's CLI does. Without -f or -e
 * the statements come from stdin. Exit codes: 0 every statement ran, 1 one failed (the rest were not run) or the
 * cluster is unreachable, 2 a bad command line.
 *
 * <p>Without {@code --standalone} the command only submits: a broker with {@code sql.enabled} (or a standalone
 * engine elsewhere) runs the queries, and after a CREATE ... AS SELECT the command waits up to 10 s for one to
 * report it RUNNING. With {@code --standalone} this process runs every persistent query of the cluster's command
 * topic until SIGINT/SIGTERM. Ctrl-C also ends a push query or PRINT cleanly.
 */
public final class SqlCommand {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
    static final String DEFAULT_STATE_DIR = "./freshet-sql-state";
    private static final long RUNNING_WAIT_MS = 10_000;

    public static final String USAGE = String.join("\n",
        "Usage: freshet sql [--bootstrap-server HOST:PORT] [-f FILE | -e 'STATEMENTS'] [--standalone]"
            + " [--state-dir DIR]",
        "",
        "  --bootstrap-server HOST:PORT  the cluster (default " + DEFAULT_BOOTSTRAP + ")",
        "  -f, --file FILE               run the statements in FILE",
        "  -e, --execute 'STATEMENTS'    run these statements (without -f or -e: read them from stdin)",
        "  --standalone                  run the persistent queries in this process (against any Kafka cluster)",
        "                                and keep running until Ctrl-C",
        "  --state-dir DIR               where a standalone engine keeps its local state (default "
            + DEFAULT_STATE_DIR + ")");

    record Options(String bootstrap, Optional<Path> file, Optional<String> statements, boolean standalone,
                   Path stateDir) {
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private SqlCommand() {
    }

    /** Runs the command; SIGINT/SIGTERM stop a push query or a standalone engine. */
    public static int run(List<String> args, InputStream in, PrintWriter out, PrintWriter err) {
        StopSignal stop = StopSignal.onShutdown();
        try {
            return run(args, in, out, err, stop);
        } finally {
            stop.finish();
        }
    }

    /** As {@link #run(List, InputStream, PrintWriter, PrintWriter)}, stopped by {@code stop} (tests). */
    public static int run(List<String> args, InputStream in, PrintWriter out, PrintWriter err, StopSignal stop) {
        Options options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            err.println("freshet sql: " + e.getMessage());
            err.println(USAGE);
            err.flush();
            return EXIT_USAGE;
        }
        if (options == null) {
            out.println(USAGE);
            out.flush();
            return EXIT_OK;
        }
        String fileText = null;
        if (options.file().isPresent()) {
            try {
                fileText = Files.readString(options.file().get(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("freshet sql: cannot read " + options.file().get() + ": " + e.getMessage());
                err.flush();
                return EXIT_USAGE;
            }
        }
        Optional<String> unreachable = checkReachable(options.bootstrap());
        if (unreachable.isPresent()) {
            err.println("freshet sql: cannot reach " + options.bootstrap() + ": " + unreachable.get());
            err.flush();
            return EXIT_FAILED;
        }
        try (SqlEngine engine = SqlEngine.start(new SqlEngineConfig(options.bootstrap(), options.stateDir(),
                options.standalone(), Map.of()))) {
            // A standalone engine runs the queries while stdin is still being typed.
            Optional<String> text = options.statements().isPresent() ? options.statements()
                : fileText != null ? Optional.of(fileText) : readStdin(in, stop, err);
            int code = text.isPresent() ? execute(engine, text.get(), out, err, stop) : EXIT_OK;
            if (options.standalone() && !stop.isStopped()) {
                out.println("Running the cluster's persistent queries in this process (state in "
                    + options.stateDir().toAbsolutePath().normalize() + "); Ctrl-C stops.");
                out.flush();
                try {
                    stop.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return code;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * Reads stdin to its end on a thread of its own, so that Ctrl-C while a user is still typing ends the command
     * at once (a blocked read cannot be interrupted); empty when stopped first.
     */
    private static Optional<String> readStdin(InputStream in, StopSignal stop, PrintWriter err) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(e);
            }
        }, "freshet-sql-stdin");
        reader.setDaemon(true);
        reader.start();
        while (!stop.isStopped()) {
            try {
                return Optional.of(text.get(100, TimeUnit.MILLISECONDS));
            } catch (java.util.concurrent.TimeoutException e) {
                // still reading
            } catch (java.util.concurrent.ExecutionException e) {
                err.println("freshet sql: cannot read stdin: " + e.getCause().getMessage());
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static int execute(SqlEngine engine, String text, PrintWriter out, PrintWriter err, StopSignal stop) {
        if (text.isBlank()) {
            return EXIT_OK;
        }
        int[] code = {EXIT_OK};
        try (SqlSession session = engine.newSession()) {
            session.execute(text, new ConsoleRows(out, stop), result -> {
                print(result, out, err);
                if (result instanceof StatementResult.Failed) {
                    code[0] = EXIT_FAILED;
                } else if (result instanceof StatementResult.Done done && done.queryId().isPresent()) {
                    awaitRunning(engine, done.queryId().get(), err);
                }
            });
        }
        return code[0];
    }

    private static void print(StatementResult result, PrintWriter out, PrintWriter err) {
        if (result instanceof StatementResult.Failed failed) {
            err.println("Statement failed: " + ResultPrinter.oneLine(failed.statement()));
            err.print(ResultPrinter.render(failed));
            err.flush();
            return;
        }
        out.print(result instanceof StatementResult.Streamed ? "Query terminated\n" : ResultPrinter.render(result));
        out.flush();
    }

    /** A query nobody runs is the most likely surprise (sql.enabled=false, no standalone engine): say so. */
    private static void awaitRunning(SqlEngine engine, String queryId, PrintWriter err) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUNNING_WAIT_MS);
        String state = "PENDING";
        while (System.nanoTime() < deadline) {
            Optional<QueryInfo> info = engine.query(queryId);
            state = info.map(QueryInfo::state).orElse("GONE");
            if (!state.equals("PENDING")) {
                break;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (state.equals("PENDING")) {
            err.println("Warning: no SQL engine has picked up query " + queryId + " within "
                + RUNNING_WAIT_MS / 1000 + " s. Is sql.enabled=false on the broker? Run `freshet sql --standalone`"
                + " to run the queries in a process of their own.");
        } else if (state.equals("ERROR")) {
            err.println("Warning: query " + queryId + " failed: "
                + engine.query(queryId).flatMap(QueryInfo::error).orElse("(no error reported)"));
        }
        err.flush();
    }

    private static Optional<String> checkReachable(String bootstrap) {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            10_000);
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
            return Optional.empty();
        } catch (java.util.concurrent.ExecutionException e) {
            return Optional.of(String.valueOf(e.getCause().getMessage()));
        } catch (java.util.concurrent.TimeoutException e) {
            return Optional.of("no answer within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    /** @return null for --help */
    static Options parse(List<String> args) throws UsageException {
        String bootstrap = DEFAULT_BOOTSTRAP;
        Path file = null;
        String statements = null;
        boolean standalone = false;
        Path stateDir = Path.of(DEFAULT_STATE_DIR);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String inline = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                name = arg.substring(0, arg.indexOf('='));
                inline = arg.substring(arg.indexOf('=') + 1);
            }
            switch (name) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--standalone" -> standalone = true;
                case "--bootstrap-server" -> bootstrap = value(name, inline, args, ++i);
                case "-f", "--file" -> file = Path.of(value(name, inline, args, ++i));
                case "-e", "--execute" -> statements = value(name, inline, args, ++i);
                case "--state-dir" -> stateDir = Path.of(value(name, inline, args, ++i));
                default -> throw new UsageException("Unknown option: " + name);
            }
            if (inline != null) {
                i--;
            }
        }
        if (file != null && statements != null) {
            throw new UsageException("give -f FILE or -e 'STATEMENTS', not both");
        }
        return new Options(bootstrap, Optional.ofNullable(file), Optional.ofNullable(statements), standalone,
            stateDir);
    }

    private static String value(String name, String inline, List<String> args, int i) throws UsageException {
        if (inline != null) {
            return inline;
        }
        if (i >= args.size()) {
            throw new UsageException("Missing value for " + name);
        }
        return args.get(i);
    }

    /** Push-query rows in a box as they arrive; PRINT's records one per line. */
    private static final class ConsoleRows implements RowSink {
        private final PrintWriter out;
        private final StopSignal stop;
        private List<String> names;
        private boolean print;

        ConsoleRows(PrintWriter out, StopSignal stop) {
            this.out = out;
            this.stop = stop;
        }

        @Override
        public void header(List<Column> columns) {
            print = columns.equals(List.of(RowSink.PRINT_RECORD));
            names = columns.stream().map(Column::name).toList();
            if (!print) {
                out.print(TablePrinter.boxHeader(names));
            }
            out.flush();
        }

        @Override
        public void row(List<Object> values) {
            if (print) {
                out.println(values.get(0));
            } else {
                out.print(TablePrinter.boxRow(names, values.stream().map(ResultPrinter::value).toList()));
            }
            out.flush();
        }

        @Override
        public boolean cancelled() {
            return stop.isStopped();
        }
    }
}
