package io.freshet.tools.groups;

import io.freshet.tools.cli.AdminConnection;
import io.freshet.tools.cli.CommandErrors;
import io.freshet.tools.cli.ToolCommand;
import io.freshet.tools.cli.UsageException;

import java.io.InputStream;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;

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
            return "list, describe (with lag), reset offsets of, delete, and copy offsets of consumer groups";
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
        return CommandErrors.run(TOOL.name(), out, err, () -> {
            GroupsRequest request = GroupsCommandLine.parse(args, ZoneId.systemDefault());
            Properties commandConfig = GroupsCommandLine.commandConfig(args);
            if (request instanceof GroupsRequest.Help help) {
                out.println(help.text());
                return EXIT_OK;
            }
            GroupsRequest.ToBroker toBroker = (GroupsRequest.ToBroker) request;
            Properties config = new Properties();
            config.putAll(commandConfig);
            config.put("bootstrap.servers", toBroker.bootstrapServers());
            try (AdminConnection broker = AdminConnection.connect(config, "freshet-groups")) {
                return dispatch(broker, config, toBroker, out, err);
            }
        });
    }

    private static int dispatch(AdminConnection broker, Properties config, GroupsRequest.ToBroker request,
            PrintWriter out, PrintWriter err) {
        if (request instanceof GroupsRequest.CopyOffsets copy) {
            return CopyOffsetsAction.run(broker, config, copy, out, err);
        }
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
