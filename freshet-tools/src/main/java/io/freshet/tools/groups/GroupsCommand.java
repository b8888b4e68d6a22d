package io.freshet.tools.groups;

import io.freshet.tools.cli.CommandFailedException;
import io.freshet.tools.cli.ToolCommand;
import io.freshet.tools.cli.UsageException;

import java.io.InputStream;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.KafkaException;

/**
 * {@code freshet groups ...}: the entry point. Output goes to {@code out}, errors and warnings to {@code err}, so
 * that scripts can read the tables. Exit codes: {@value #EXIT_OK} done, {@value #EXIT_FAILED} the command failed
 * (unknown group, refused by the broker, no broker), {@value #EXIT_USAGE} a bad command line.
 */
public final class GroupsCommand {

    public static final int EXIT_OK = ToolCommand.EXIT_OK;
    public static final int EXIT_FAILED = ToolCommand.EXIT_FAILED;
    public static final int EXIT_USAGE = ToolCommand.EXIT_USAGE;

    /** Every error line starts so, as in every freshet command. */
    static final String PREFIX = "freshet groups: ";

    /** {@code freshet groups}, as {@link io.freshet.tools.Tools} lists it. */
    public static final ToolCommand TOOL = new ToolCommand() {
        @Override
        public String name() {
            return "groups";
        }

        @Override
        public String summary() {
            return "list, describe (with lag), reset offsets of, and delete consumer groups";
        }

        @Override
        public int run(List<String> args, InputStream in, PrintWriter out, PrintWriter err, boolean interactive) {
            return GroupsCommand.run(args, out, err);
        }
    };

    private GroupsCommand() {
    }

    /** Runs {@code args} (the words after {@code groups}) and returns the exit code. */
    public static int run(List<String> args, PrintWriter out, PrintWriter err) {
        try {
            return execute(args, out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int execute(List<String> args, PrintWriter out, PrintWriter err) {
        GroupsRequest request;
        Properties commandConfig;
        try {
            request = GroupsCommandLine.parse(args, ZoneId.systemDefault());
            commandConfig = GroupsCommandLine.commandConfig(args);
        } catch (UsageException e) {
            err.println(PREFIX + e.getMessage());
            err.println(e.usage());
            return EXIT_USAGE;
        }
        if (request instanceof GroupsRequest.Help help) {
            out.println(help.text());
            return EXIT_OK;
        }
        GroupsRequest.ToBroker toBroker = (GroupsRequest.ToBroker) request;
        try (BrokerClient broker = BrokerClient.connect(toBroker.bootstrapServers(), commandConfig)) {
            return dispatch(broker, toBroker, out, err);
        } catch (CommandFailedException e) {
            err.println(PREFIX + e.getMessage());
            return EXIT_FAILED;
        } catch (KafkaException e) { // a broker error no action expected
            err.println(PREFIX + BrokerClient.explain(e));
            return EXIT_FAILED;
        }
    }

    private static int dispatch(BrokerClient broker, GroupsRequest.ToBroker request, PrintWriter out,
            PrintWriter err) {
        if (request instanceof GroupsRequest.ListGroups list) {
            return ListGroupsAction.run(broker, list, out);
        }
        if (request instanceof GroupsRequest.DescribeGroup describe) {
            return DescribeGroupAction.run(broker, describe, out);
        }
        if (request instanceof GroupsRequest.ResetOffsets reset) {
            return ResetOffsetsAction.run(broker, reset, out, err);
        }
        if (request instanceof GroupsRequest.DeleteGroups delete) {
            return DeleteGroupsAction.run(broker, delete, out, err);
        }
        return DeleteOffsetsAction.run(broker, (GroupsRequest.DeleteOffsets) request, out, err);
    }
}
