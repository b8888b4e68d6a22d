package io.freshet.tools.groups;

import io.freshet.tools.cli.ClientProperties;
import io.freshet.tools.cli.OptionParser;
import io.freshet.tools.cli.ParsedOptions;
import io.freshet.tools.cli.UsageException;

import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;

/**
 * Parses {@code freshet groups COMMAND [options]} with the shared {@link OptionParser} (so {@code -b},
 * {@code --command-config} and {@code -X KEY=VALUE} work as in every freshet command): options take their value as
 * the next word or after {@code =}; {@code --help} anywhere prints the command's help.
 */
final class GroupsCommandLine {

    private static final String BOOTSTRAP = ClientProperties.BOOTSTRAP;

    private static final Map<String, OptionParser> COMMANDS = Map.of(
            "list", OptionParser.forClient(Usage.LIST).value("--state"),
            "describe", OptionParser.forClient(Usage.DESCRIBE).flag("--members").value("--group"),
            "reset-offsets", OptionParser.forClient(Usage.RESET_OFFSETS)
                    .flag("--all-topics").flag("--to-earliest").flag("--to-latest").flag("--dry-run").flag("--execute")
                    .value("--group").value("--topic").value("--to-offset").value("--to-datetime").value("--shift-by"),
            "delete", OptionParser.forClient(Usage.DELETE).value("--group"),
            "delete-offsets", OptionParser.forClient(Usage.DELETE_OFFSETS).value("--group").value("--topic"),
            "copy-offsets", OptionParser.forClient(Usage.COPY_OFFSETS).flag("--dry-run").flag("--execute")
                    .value("--group").value("--to").value("--to-command-config"));

    private GroupsCommandLine() {
    }

    static GroupsRequest parse(List<String> args, ZoneId localZone) throws UsageException {
        if (args.isEmpty()) {
            throw new UsageException("Missing command: list, describe, reset-offsets, delete, delete-offsets or "
                    + "copy-offsets",
                    Usage.GROUPS);
        }
        String command = args.get(0);
        if (List.of("help", "--help", "-h").contains(command)) {
            return new GroupsRequest.Help(Usage.GROUPS);
        }
        OptionParser parser = COMMANDS.get(command);
        if (parser == null) {
            throw new UsageException("Unknown command: " + command, Usage.GROUPS);
        }
        ParsedOptions options = parser.parse(args.subList(1, args.size()));
        if (options.help()) {
            return new GroupsRequest.Help(options.usage());
        }
        return switch (command) {
            case "list" -> list(options);
            case "describe" -> describe(options);
            case "reset-offsets" -> resetOffsets(options, localZone);
            case "delete" -> deleteGroups(options);
            case "copy-offsets" -> copyOffsets(options);
            default -> deleteOffsets(options);
        };
    }

    /**
     * The client properties of a command line {@link #parse} accepted ({@code --command-config}, then each
     * {@code -X}), without the bootstrap servers, which the request carries: read apart so that the requests stay
     * about groups.
     */
    static Properties commandConfig(List<String> args) throws UsageException {
        OptionParser parser = args.isEmpty() ? null : COMMANDS.get(args.get(0));
        if (parser == null) {
            return new Properties();
        }
        Properties config = ClientProperties.from(parser.parse(args.subList(1, args.size())), new Properties());
        config.remove("bootstrap.servers");
        return config;
    }

    private static GroupsRequest list(ParsedOptions options) throws UsageException {
        noPositionals(options);
        Set<GroupState> states = new LinkedHashSet<>();
        for (String value : options.all("--state")) {
            for (String name : value.split(",")) {
                states.add(state(name.trim(), options.usage()));
            }
        }
        return new GroupsRequest.ListGroups(bootstrap(options), states);
    }

    private static GroupState state(String name, String usage) throws UsageException {
        GroupState state = GroupState.parse(name);
        if (!consumerGroupStates().contains(state)) {
            throw new UsageException("Unknown group state '" + name + "': one of " + consumerGroupStates(), usage);
        }
        return state;
    }

    private static Set<GroupState> consumerGroupStates() {
        Set<GroupState> states = new LinkedHashSet<>(GroupState.groupStatesForType(GroupType.CLASSIC));
        states.addAll(GroupState.groupStatesForType(GroupType.CONSUMER));
        return states;
    }

    private static GroupsRequest describe(ParsedOptions options) throws UsageException {
        List<String> groups = new ArrayList<>(options.positionals());
        groups.addAll(options.all("--group"));
        if (groups.size() != 1) {
            throw new UsageException(groups.isEmpty() ? "Missing GROUP" : "describe takes one group, not " + groups,
                    options.usage());
        }
        return new GroupsRequest.DescribeGroup(bootstrap(options), groups.get(0), options.has("--members"));
    }

    private static GroupsRequest resetOffsets(ParsedOptions options, ZoneId localZone) throws UsageException {
        noPositionals(options);
        String group = single(options, "--group");
        List<TopicSelection> topics = topics(options);
        boolean allTopics = options.has("--all-topics");
        if (topics.isEmpty() == !allTopics) {
            throw new UsageException("Give either --topic or --all-topics", options.usage());
        }
        if (options.has("--dry-run") && options.has("--execute")) {
            throw new UsageException("Give either --dry-run or --execute, not both", options.usage());
        }
        return new GroupsRequest.ResetOffsets(bootstrap(options), group, topics, target(options, localZone),
                options.has("--execute"));
    }

    private static ResetTarget target(ParsedOptions options, ZoneId localZone) throws UsageException {
        List<ResetTarget> targets = new ArrayList<>();
        if (options.has("--to-earliest")) {
            targets.add(new ResetTarget.Earliest());
        }
        if (options.has("--to-latest")) {
            targets.add(new ResetTarget.Latest());
        }
        for (String value : options.all("--to-offset")) {
            long offset = number("--to-offset", value, options.usage());
            if (offset < 0) {
                throw new UsageException("--to-offset takes an offset >= 0, not " + offset, options.usage());
            }
            targets.add(new ResetTarget.ToOffset(offset));
        }
        for (String value : options.all("--to-datetime")) {
            try {
                targets.add(new ResetTarget.ToDatetime(DateTimeArgument.parse(value, localZone)));
            } catch (DateTimeParseException e) {
                throw new UsageException("--to-datetime takes " + DateTimeArgument.FORMAT + ", not '" + value + "'",
                        options.usage());
            }
        }
        for (String value : options.all("--shift-by")) {
            targets.add(new ResetTarget.ShiftBy(number("--shift-by", value, options.usage())));
        }
        if (targets.size() != 1) {
            throw new UsageException("Give one of --to-earliest, --to-latest, --to-offset, --to-datetime, --shift-by",
                    options.usage());
        }
        return targets.get(0);
    }

    private static GroupsRequest deleteGroups(ParsedOptions options) throws UsageException {
        noPositionals(options);
        List<String> groups = List.copyOf(new LinkedHashSet<>(options.all("--group")));
        if (groups.isEmpty()) {
            throw new UsageException("Missing --group", options.usage());
        }
        return new GroupsRequest.DeleteGroups(bootstrap(options), groups);
    }

    private static GroupsRequest copyOffsets(ParsedOptions options) throws UsageException {
        noPositionals(options);
        List<String> groups = List.copyOf(new LinkedHashSet<>(options.all("--group")));
        if (groups.isEmpty()) {
            throw options.usageError("Missing --group");
        }
        String to = single(options, "--to");
        if (options.has("--dry-run") && options.has("--execute")) {
            throw options.usageError("Give either --dry-run or --execute, not both");
        }
        Properties toConfig = new Properties();
        for (String file : options.all("--to-command-config")) {
            try (java.io.Reader reader = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(file))) {
                toConfig.load(reader);
            } catch (java.io.IOException e) {
                throw options.usageError("Cannot read --to-command-config " + file + ": " + e.getMessage());
            }
        }
        toConfig.put("bootstrap.servers", to);
        String from = bootstrap(options);
        if (from.equals(to)) {
            throw options.usageError("--to names the cluster the offsets come from (" + to + ")");
        }
        return new GroupsRequest.CopyOffsets(from, groups, toConfig, options.has("--execute"));
    }

    private static GroupsRequest deleteOffsets(ParsedOptions options) throws UsageException {
        noPositionals(options);
        String group = single(options, "--group");
        List<TopicSelection> topics = topics(options);
        if (topics.isEmpty()) {
            throw new UsageException("Missing --topic", options.usage());
        }
        return new GroupsRequest.DeleteOffsets(bootstrap(options), group, topics);
    }

    private static List<TopicSelection> topics(ParsedOptions options) throws UsageException {
        List<TopicSelection> topics = new ArrayList<>();
        for (String value : options.all("--topic")) {
            topics.add(TopicSelection.parse(value, options.usage()));
        }
        return topics;
    }

    private static long number(String option, String value, String usage) throws UsageException {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a number, not '" + value + "'", usage);
        }
    }

    private static String single(ParsedOptions options, String name) throws UsageException {
        List<String> given = options.all(name);
        if (given.size() != 1) {
            throw options.usageError((given.isEmpty() ? "Missing " : "Give one ") + name);
        }
        return given.get(0);
    }

    private static void noPositionals(ParsedOptions options) throws UsageException {
        if (!options.positionals().isEmpty()) {
            throw options.usageError("Unexpected argument: " + options.positionals().get(0));
        }
    }

    /** {@code --bootstrap-server}, else {@code bootstrap.servers} from the client properties, else the default. */
    private static String bootstrap(ParsedOptions options) throws UsageException {
        if (options.all(BOOTSTRAP).size() > 1) {
            throw options.usageError("Give one " + BOOTSTRAP);
        }
        return ClientProperties.from(options, new Properties()).getProperty("bootstrap.servers");
    }
}
