package io.freshet.server;

import java.io.PrintWriter;

/**
 * The {@code freshet} command: {@code freshet server [options]} runs the broker, {@code freshet version} prints the
 * version, {@code freshet NAME ...} runs the client command NAME of freshet-tools ({@code topic}, {@code groups}, ...)
 * and {@code freshet sql ...} the
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
        if (args.length > 0 && isClientCommand(args[0])) {
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

    private static boolean isClientCommand(String word) {
        return !word.startsWith("-") && !word.equals("server") && !word.equals("gateway")
            && !word.equals("version") && !word.equals("help");
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

    /** The launcher says whether stderr is a terminal (progress bars); Java 17 can only tell for stdin and stdout. */
    private static boolean stderrIsTerminal() {
        return "1".equals(System.getenv("FRESHET_STDERR_IS_TTY"));
    }

    static int execute(String[] args, long mainEntryNanos, PrintWriter out, PrintWriter err) {
        CommandLineArgs.Parsed parsed;
        try {
            parsed = CommandLineArgs.parse(args);
        } catch (CommandLineArgs.UsageException e) {
            err.println("freshet: " + e.getMessage());
            err.println(CommandLineArgs.usage());
            return EXIT_USAGE;
        }
        if (parsed instanceof CommandLineArgs.Server server) {
            StartupWarmup.awaitLogging();
            return new ServerCommand(server, mainEntryNanos, err).call();
        }
        if (parsed instanceof CommandLineArgs.Gateway gateway) {
            StartupWarmup.awaitLogging();
            return new GatewayCommand(gateway, mainEntryNanos, err).call();
        }
        if (parsed instanceof CommandLineArgs.GatewayHelp) {
            out.println(CommandLineArgs.GATEWAY_USAGE);
            return 0;
        }
        if (parsed instanceof CommandLineArgs.Tool tool) {
            return io.freshet.tools.Tools.find(tool.name()).orElseThrow()
                .run(tool.args(), System.in, out, err, stderrIsTerminal());
        }
        if (parsed instanceof CommandLineArgs.Sql sql) {
            return io.freshet.sql.cli.SqlCommand.run(sql.args(), System.in, out, err);
        }
        if (parsed instanceof CommandLineArgs.Version) {
            out.println("freshet " + FreshetVersion.get());
        } else {
            out.println(CommandLineArgs.usage());
        }
        return 0;
    }
}
