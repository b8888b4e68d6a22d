package io.freshet.server;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code freshet} command: {@code freshet server [options]} runs the broker, {@code freshet version} prints the
 * version. Exit codes: 0 on success, 1 when the broker fails to start, 2 on a bad command line or configuration.
 *
 * <p>Design note: start-up time is a feature, so this class stays lean: no logger in a static field (logback must
 * not start before {@link #main} selects {@link ConsoleLogging}), no classpath scanning, subcommands registered by hand.
 */
@Command(name = "freshet", mixinStandardHelpOptions = true, versionProvider = FreshetVersion.class,
        description = "An event streaming broker that speaks the Kafka protocol.")
public final class Main implements Runnable {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        long mainEntryNanos = System.nanoTime();
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

    static int execute(String[] args, long mainEntryNanos, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Main())
                .addSubcommand(new ServerCommand(mainEntryNanos, err))
                .addSubcommand(new VersionCommand())
                .addSubcommand(new CommandLine.HelpCommand());
        commandLine.setOut(out).setErr(err);
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: server or version");
    }

    @Command(name = "version", description = "Prints the version.")
    static final class VersionCommand implements Runnable {
        @Spec
        private CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().getOut().println("freshet " + FreshetVersion.get());
        }
    }
}
