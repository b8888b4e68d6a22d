package io.freshet.tools.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;

/**
 * One {@code freshet NAME ...} client command. Every command follows the same rules: {@code --help} (or
 * {@code -h}) anywhere prints its usage to {@code out} and exits 0; tables and records go to {@code out}, errors
 * and progress to {@code err}; {@code --bootstrap-server} defaults to {@value #DEFAULT_BOOTSTRAP}; exit codes are
 * {@value #EXIT_OK} done, {@value #EXIT_FAILED} failed (refused by the broker, no broker, unknown topic),
 * {@value #EXIT_USAGE} a bad command line (one line saying why, then the usage, on {@code err}).
 */
public interface ToolCommand {

    int EXIT_OK = 0;
    int EXIT_FAILED = 1;
    int EXIT_USAGE = 2;
    String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    /** The word after {@code freshet}, e.g. {@code topic}. */
    String name();

    /** One line for {@code freshet --help}. */
    String summary();

    /**
     * Runs the words after the command's name and returns the exit code.
     *
     * @param in          what {@code produce} reads when no file is given; a terminal or a pipe
     * @param interactive whether {@code err} is a terminal (progress bars), else plain counts
     */
    int run(List<String> args, InputStream in, PrintWriter out, PrintWriter err, boolean interactive);
}
