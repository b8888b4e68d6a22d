package io.freshet.tools.cli;

import java.io.PrintWriter;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;

/**
 * The one place where a client command turns an exception into an exit code and a line on stderr:
 * {@link UsageException} -> 2 with the usage, {@link CommandFailedException} -> 1 with its message, a kafka-clients
 * {@link KafkaException} -> 1 with its error code ({@link #explain}, which the commands also use for the errors of
 * single topics, groups or records). Each line starts {@code freshet NAME: }. Both writers are flushed at the end,
 * whatever happened.
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
            err.println(prefix + explain(e));
            return ToolCommand.EXIT_FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** An error as one line: the protocol's error code name and the broker's message. */
    public static String explain(Throwable error) {
        if (error instanceof ApiException) {
            Errors code = Errors.forException(error);
            String message = error.getMessage();
            if (code == Errors.UNKNOWN_SERVER_ERROR && message == null) {
                return error.getClass().getSimpleName();
            }
            return code.name() + (message == null || message.isBlank() ? "" : ": " + message);
        }
        return rootMessage(error);
    }

    /** The innermost cause's message (a client's wrapped exceptions say little themselves). */
    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
