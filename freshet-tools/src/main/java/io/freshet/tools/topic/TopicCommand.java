package io.freshet.tools.topic;

import io.freshet.tools.cli.AdminConnection;
import io.freshet.tools.cli.CommandErrors;
import io.freshet.tools.cli.ToolCommand;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code freshet topic ...}: create, list, describe, delete, alter the configs of and add partitions to topics, as
 * {@code rpk topic} does, through the Admin client. Tables go to {@code out}; errors to {@code err} as
 * {@code freshet topic: message}. Exit codes as every {@link ToolCommand}.
 */
public final class TopicCommand implements ToolCommand {

    /** {@code freshet topic}, as {@link io.freshet.tools.Tools} lists it. */
    public static final TopicCommand TOOL = new TopicCommand();

    static final String PREFIX = "freshet topic: ";

    private TopicCommand() {
    }

    @Override
    public String name() {
        return "topic";
    }

    @Override
    public String summary() {
        return "create, list, describe (offsets, size on disk, configs), delete, alter-config, add-partitions";
    }

    @Override
    public int run(List<String> args, InputStream in, PrintWriter out, PrintWriter err, boolean interactive) {
        return run(args, out, err);
    }

    /** Runs {@code args} (the words after {@code topic}) and returns the exit code. */
    public static int run(List<String> args, PrintWriter out, PrintWriter err) {
        return CommandErrors.run(TOOL.name(), out, err, () -> {
            TopicRequest request = TopicCommandLine.parse(args);
            if (request instanceof TopicRequest.Help help) {
                out.println(help.text());
                return EXIT_OK;
            }
            TopicRequest.ToBroker toBroker = (TopicRequest.ToBroker) request;
            TopicRequest.Connection connection = toBroker.connection();
            try (AdminConnection broker = AdminConnection.connect(connection.clientConfig(), "freshet-topic")) {
                return dispatch(broker, toBroker, out, err);
            }
        });
    }

    private static int dispatch(AdminConnection broker, TopicRequest.ToBroker request, PrintWriter out,
            PrintWriter err) {
        if (request instanceof TopicRequest.Create create) {
            return CreateTopicsAction.run(broker, create, out, err);
        }
        if (request instanceof TopicRequest.ListTopics list) {
            return ListTopicsAction.run(broker, list, out);
        }
        if (request instanceof TopicRequest.Describe describe) {
            return DescribeTopicsAction.run(broker, describe, out, err);
        }
        if (request instanceof TopicRequest.Delete delete) {
            return DeleteTopicsAction.run(broker, delete, out, err);
        }
        if (request instanceof TopicRequest.AlterConfig alter) {
            return AlterConfigAction.run(broker, alter, out, err);
        }
        return AddPartitionsAction.run(broker, (TopicRequest.AddPartitions) request, out, err);
    }
}
