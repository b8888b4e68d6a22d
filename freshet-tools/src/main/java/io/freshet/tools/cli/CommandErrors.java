package io.freshet.tools.cli;


import java.io.PrintWriter;

import org.apache.kafka.common.KafkaException;

/**
 * The one place where produce, consume and bench turn an exception into an exit code and a line on stderr:
 * {@link UsageException} -> 2 with the usage, {@link CommandFailedException} -> 1 with its message, a kafka-clients
 * {@link KafkaException} -> 1 with its error code ({@link BrokerAdmin#explain}). Each line starts
 * {@code freshet NAME: }. Both writers are flushed at the end, whatever happened.
 */
public final class CommandErrors {

    /** A command's body: returns its exit code. */
    @FunctionalInterface
    public interface Body {
        int run() throws UsageException;
    }

    private CommandErrors() {
    }

    public static int run(String command, PrintWriter out, PrintWriter err, Body body) {
        String prefix = "freshet " + command + ": ";
        try {
            return body.run();
        } catch (UsageException e) {
            err.println(prefix + e.getMessage());
            err.println(e.usage());
            return ToolCommand.EXIT_USAGE;
        } catch (CommandFailedException e) {
            err.println(prefix + e.getMessage());
            return ToolCommand.EXIT_FAILED;
        } catch (KafkaException e) {
            err.println(prefix + BrokerAdmin.explain(e));
            return ToolCommand.EXIT_FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
