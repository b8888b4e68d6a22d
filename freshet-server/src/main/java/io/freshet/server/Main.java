package io.freshet.server;

import java.io.PrintWriter;

/**
 * The {@code freshet} command: {@code freshet server [options]} runs the broker, {@code freshet version} prints the
 * version, {@code freshet groups ...} runs the consumer-group tool of freshet-tools and {@code freshet sql ...} the
 * SQL client of freshet-sql (their classes are loaded only then). Exit codes: 0 on success, 1 when the broker fails to start, 2 on a bad command line or configuration.
 *
 * <p>Design note: start-up time is a feature, so this class stays lean: no logger in a static field (logback must
 * not start before {@link #main} selects {@link ConsoleLogging}), no reflection, no classpath scanning, and a
 * warm-up thread ({@link StartupWarmup}) overlapping the rest.
 */
public final class Main {

    static final int EXIT_USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        long mainEntryNanos = System.nanoTime();
        if (args.length > 0 && (args[0].equals("groups") || args[0].equals("sql"))) {
            runTool(args, mainEntryNanos);
            return;
        }
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty(ConsoleLogging.ENABLE_PROPERTY, "console");
        }
        StartupWarmup.begin();
        int exitCode = execute(args, mainEntryNanos, new PrintWriter(System.out, true),
                new PrintWriter(System.err, true));
        if (exitCode != 0) {
            System.exit(exitCode);
        }
        // Exit code 0 returns normally: after `server` the JVM is already running its shutdown hooks.
    }

    /**
     * A client-side command: no warm-up (it loads broker classes), logging only warnings on stderr, and an explicit
     * exit so that no client thread can keep the JVM alive.
     */
    private static void runTool(String[] args, long mainEntryNanos) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty(ConsoleLogging.ENABLE_PROPERTY, ConsoleLogging.TOOL);
        }
        System.exit(execute(args, mainEntryNanos, new PrintWriter(System.out, true),
                new PrintWriter(System.err, true)));
    }

    static int execute(String[] args, long mainEntryNanos, PrintWriter out, PrintWriter err) {
        CommandLineArgs.Parsed parsed;
        try {
            parsed = CommandLineArgs.parse(args);
        } catch (CommandLineArgs.UsageException e) {
            err.println("freshet: " + e.getMessage());
            err.println(CommandLineArgs.USAGE);
            return EXIT_USAGE;
        }
        if (parsed instanceof CommandLineArgs.Server server) {
            StartupWarmup.awaitLogging();
            return new ServerCommand(server, mainEntryNanos, err).call();
        }
        if (parsed instanceof CommandLineArgs.Groups groups) {
            return io.freshet.tools.groups.GroupsCommand.run(groups.args(), out, err);
        }
        if (parsed instanceof CommandLineArgs.Sql sql) {
            return io.freshet.sql.cli.SqlCommand.run(sql.args(), System.in, out, err);
        }
        if (parsed instanceof CommandLineArgs.Version) {
            out.println("freshet " + FreshetVersion.get());
        } else {
            out.println(CommandLineArgs.USAGE);
        }
        return 0;
    }
}
