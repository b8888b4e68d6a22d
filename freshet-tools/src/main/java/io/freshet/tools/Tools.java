package io.freshet.tools;

import io.freshet.tools.acl.AclCommand;
import io.freshet.tools.bench.BenchCommand;
import io.freshet.tools.cli.ToolCommand;
import io.freshet.tools.cluster.ClusterCommand;
import io.freshet.tools.consume.ConsumeCommand;
import io.freshet.tools.groups.GroupsCommand;
import io.freshet.tools.produce.ProduceCommand;
import io.freshet.tools.topic.TopicCommand;
import io.freshet.tools.users.UsersCommand;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * The client commands of {@code freshet}: each a {@link ToolCommand}, found by its name. They are clients like any
 * other (kafka-clients only), so they work against Freshet and against any Kafka-protocol cluster.
 */
public final class Tools {

    private static final List<ToolCommand> COMMANDS = List.of(
        TopicCommand.TOOL,
        ProduceCommand.TOOL,
        ConsumeCommand.TOOL,
        GroupsCommand.TOOL,
        ClusterCommand.TOOL,
        BenchCommand.TOOL,
        UsersCommand.TOOL,
        AclCommand.TOOL);

    private Tools() {
    }

    public static List<ToolCommand> commands() {
        return COMMANDS;
    }

    public static Optional<ToolCommand> find(String name) {
        return COMMANDS.stream().filter(command -> command.name().equals(name)).findFirst();
    }
}
