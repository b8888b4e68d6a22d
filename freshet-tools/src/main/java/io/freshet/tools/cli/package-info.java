/**
 * The command-line plumbing every {@code freshet} client command shares: {@link io.freshet.tools.cli.ToolCommand}
 * (name, summary, exit codes), {@link io.freshet.tools.cli.OptionParser} (long and short option names) and
 * {@link io.freshet.tools.cli.ClientProperties} ({@code -b}, {@code --command-config}, {@code -X}),
 * {@link io.freshet.tools.cli.AdminConnection} (the Admin client with bounded waits),
 * {@link io.freshet.tools.cli.CommandErrors} (exception -> exit code and one line on stderr),
 * {@link io.freshet.tools.cli.TextTable} and {@link io.freshet.tools.cli.ProgressLine} (a {@code \r}-redrawn status
 * line on a terminal only).
 */
package io.freshet.tools.cli;
