package io.freshet.tools.topic;

import io.freshet.tools.cli.AdminConnection;
import io.freshet.tools.cli.CommandErrors;
import io.freshet.tools.cli.TextTable;
import io.freshet.tools.cli.ToolCommand;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * What a command that changes several topics did to each: a TOPIC STATUS table on {@code out} for those it changed,
 * one error line per topic it could not change on {@code err}, and exit code 1 if there was any.
 */
final class TopicOutcomes {

    private final TextTable table;
    private final List<String> errors = new ArrayList<>();

    TopicOutcomes(String... headers) {
        this.table = new TextTable(headers);
    }

    void done(Object... cells) {
        table.row(cells);
    }

    /** {@code action} is what could not be done ("cannot create"); an unknown topic is named as such. */
    void failed(String topic, String action, RuntimeException error) {
        if (error instanceof UnknownTopicOrPartitionException) {
            errors.add(unknownTopic(topic));
        } else {
            errors.add(action + " '" + topic + "': " + CommandErrors.explain(error));
        }
    }

    static String unknownTopic(String topic) {
        return "topic '" + topic + "' does not exist";
    }

    int print(PrintWriter out, PrintWriter err) {
        if (table.rowCount() > 0) {
            table.print(out);
        }
        errors.forEach(error -> err.println(TopicCommand.PREFIX + error));
        return errors.isEmpty() ? ToolCommand.EXIT_OK : ToolCommand.EXIT_FAILED;
    }
}
