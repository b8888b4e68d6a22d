package io.freshet.tools.groups;

import io.freshet.tools.cli.UsageException;
import io.freshet.tools.clients.ClientProperties;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;

/**
 * Parses {@code freshet groups COMMAND [options]} by hand, like the server's command line (start-up time): options
 * take their value as the next word or after {@code =}; {@code --help} anywhere prints the command's help.
 */
final class GroupsCommandLine {

    static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    private static final String BOOTSTRAP = ClientProperties.BOOTSTRAP;
    private static final String COMMAND_CONFIG = ClientProperties.COMMAND_CONFIG;

    private GroupsCommandLine() {
    }

    static GroupsRequest parse(List<String> args, ZoneId localZone) throws UsageException {
        if (args.isEmpty()) {
            throw new UsageException("Missing command: list, describe, reset-offsets, delete or delete-offsets",
                    Usage.GROUPS);
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "list" -> list(Options.read(rest, Usage.LIST, Set.of(), Set.of(BOOTSTRAP, "--state")));
            case "describe" -> describe(Options.read(rest, Usage.DESCRIBE, Set.of("--members"),
                    Set.of(BOOTSTRAP, "--group")));
            case "reset-offsets" -> resetOffsets(Options.read(rest, Usage.RESET_OFFSETS,
                    Set.of("--all-topics", "--to-earliest", "--to-latest", "--dry-run", "--execute"),
                    Set.of(BOOTSTRAP, "--group", "--topic", "--to-offset", "--to-datetime", "--shift-by")), localZone);
            case "delete" -> deleteGroups(Options.read(rest, Usage.DELETE, Set.of(), Set.of(BOOTSTRAP, "--group")));
            case "delete-offsets" -> deleteOffsets(Options.read(rest, Usage.DELETE_OFFSETS, Set.of(),
                    Set.of(BOOTSTRAP, "--group", "--topic")));
            case "help", "--help", "-h" -> new GroupsRequest.Help(Usage.GROUPS);
            default -> throw new UsageException("Unknown command: " + args.get(0), Usage.GROUPS);
        };
    }

    private static GroupsRequest list(Options options) throws UsageException {
        if (options.help) {
            return new GroupsRequest.Help(Usage.LIST);
        }
        options.noPositionals();
        Set<GroupState> states = new LinkedHashSet<>();
        for (String value : options.all("--state")) {
            for (String name : value.split(",")) {
                states.add(state(name.trim(), options.usage));
            }
        }
        return new GroupsRequest.ListGroups(options.bootstrap(), states);
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

    private static GroupsRequest describe(Options options) throws UsageException {
        if (options.help) {
            return new GroupsRequest.Help(Usage.DESCRIBE);
        }
        List<String> groups = new ArrayList<>(options.positionals);
        groups.addAll(options.all("--group"));
        if (groups.size() != 1) {
            throw new UsageException(groups.isEmpty() ? "Missing GROUP" : "describe takes one group, not " + groups,
                    options.usage);
        }
        return new GroupsRequest.DescribeGroup(options.bootstrap(), groups.get(0), options.flags.contains("--members"));
    }

    private static GroupsRequest resetOffsets(Options options, ZoneId localZone) throws UsageException {
        if (options.help) {
            return new GroupsRequest.Help(Usage.RESET_OFFSETS);
        }
        options.noPositionals();
        String group = options.single("--group");
        List<TopicSelection> topics = topics(options);
        boolean allTopics = options.flags.contains("--all-topics");
        if (topics.isEmpty() == !allTopics) {
            throw new UsageException("Give either --topic or --all-topics", options.usage);
        }
        if (options.flags.contains("--dry-run") && options.flags.contains("--execute")) {
            throw new UsageException("Give either --dry-run or --execute, not both", options.usage);
        }
        return new GroupsRequest.ResetOffsets(options.bootstrap(), group, topics, target(options, localZone),
                options.flags.contains("--execute"));
    }

    private static ResetTarget target(Options options, ZoneId localZone) throws UsageException {
        List<ResetTarget> targets = new ArrayList<>();
        if (options.flags.contains("--to-earliest")) {
            targets.add(new ResetTarget.Earliest());
        }
        if (options.flags.contains("--to-latest")) {
            targets.add(new ResetTarget.Latest());
        }
        for (String value : options.all("--to-offset")) {
            long offset = number("--to-offset", value, options.usage);
            if (offset < 0) {
                throw new UsageException("--to-offset takes an offset >= 0, not " + offset, options.usage);
            }
            targets.add(new ResetTarget.ToOffset(offset));
        }
        for (String value : options.all("--to-datetime")) {
            try {
                targets.add(new ResetTarget.ToDatetime(DateTimeArgument.parse(value, localZone)));
            } catch (DateTimeParseException e) {
                throw new UsageException("--to-datetime takes " + DateTimeArgument.FORMAT + ", not '" + value + "'",
                        options.usage);
            }
        }
        for (String value : options.all("--shift-by")) {
            targets.add(new ResetTarget.ShiftBy(number("--shift-by", value, options.usage)));
        }
        if (targets.size() != 1) {
            throw new UsageException("Give one of --to-earliest, --to-latest, --to-offset, --to-datetime, --shift-by",
                    options.usage);
        }
        return targets.get(0);
    }

    private static GroupsRequest deleteGroups(Options options) throws UsageException {
        if (options.help) {
            return new GroupsRequest.Help(Usage.DELETE);
        }
        options.noPositionals();
        List<String> groups = List.copyOf(new LinkedHashSet<>(options.all("--group")));
        if (groups.isEmpty()) {
            throw new UsageException("Missing --group", options.usage);
        }
        return new GroupsRequest.DeleteGroups(options.bootstrap(), groups);
    }

    private static GroupsRequest deleteOffsets(Options options) throws UsageException {
        if (options.help) {
            return new GroupsRequest.Help(Usage.DELETE_OFFSETS);
        }
        options.noPositionals();
        String group = options.single("--group");
        List<TopicSelection> topics = topics(options);
        if (topics.isEmpty()) {
            throw new UsageException("Missing --topic", options.usage);
        }
        return new GroupsRequest.DeleteOffsets(options.bootstrap(), group, topics);
    }

    private static List<TopicSelection> topics(Options options) throws UsageException {
        List<TopicSelection> topics = new ArrayList<>();
        for (String value : options.all("--topic")) {
            topics.add(TopicSelection.parse(value, options.usage));
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

    /**
     * The {@code --command-config} client properties of a command line {@link #parse} accepted (every command takes
     * it; it is read apart so that the requests stay about groups).
     */
    static Properties commandConfig(List<String> args) throws UsageException {
        Optional<String> file = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals(COMMAND_CONFIG) && i + 1 < args.size()) {
                file = Optional.of(args.get(++i));
            } else if (arg.startsWith(COMMAND_CONFIG + "=")) {
                file = Optional.of(arg.substring(COMMAND_CONFIG.length() + 1));
            }
        }
        Properties properties = new Properties();
        if (file.isPresent()) {
            try (Reader reader = Files.newBufferedReader(Path.of(file.get()), StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UsageException("Cannot read " + COMMAND_CONFIG + " " + file.get() + ": " + e.getMessage(),
                        Usage.GROUPS);
            }
        }
        return properties;
    }

    /** The options of one command line, checked against the names that command knows. */
    private static final class Options {
        final String usage;
        final Set<String> flags = new LinkedHashSet<>();
        final Map<String, List<String>> values = new LinkedHashMap<>();
        final List<String> positionals = new ArrayList<>();
        boolean help;

        private Options(String usage) {
            this.usage = usage;
        }

        static Options read(List<String> args, String usage, Set<String> flagNames, Set<String> valueNames)
                throws UsageException {
            Options options = new Options(usage);
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("--help") || arg.equals("-h")) {
                    options.help = true;
                    continue;
                }
                if (!arg.startsWith("-") || arg.equals("-")) {
                    options.positionals.add(arg);
                    continue;
                }
                int eq = arg.indexOf('=');
                String given = eq > 0 ? arg.substring(0, eq) : arg;
                String name = given.equals("-b") ? BOOTSTRAP : given; // -b as in every freshet command
                if (flagNames.contains(name) && eq < 0) {
                    options.flags.add(name);
                } else if (valueNames.contains(name) || name.equals(COMMAND_CONFIG)) {
                    String value;
                    if (eq > 0) {
                        value = arg.substring(eq + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new UsageException("Missing value for " + given, usage);
                    }
                    options.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                } else if (flagNames.contains(name)) {
                    throw new UsageException(given + " takes no value", usage);
                } else {
                    throw new UsageException("Unknown option: " + given, usage);
                }
            }
            return options;
        }

        List<String> all(String name) {
            return values.getOrDefault(name, List.of());
        }

        String single(String name) throws UsageException {
            List<String> given = all(name);
            if (given.size() != 1) {
                throw new UsageException((given.isEmpty() ? "Missing " : "Give one ") + name, usage);
            }
            return given.get(0);
        }

        void noPositionals() throws UsageException {
            if (!positionals.isEmpty()) {
                throw new UsageException("Unexpected argument: " + positionals.get(0), usage);
            }
        }

        String bootstrap() throws UsageException {
            List<String> given = all(BOOTSTRAP);
            if (given.size() > 1) {
                throw new UsageException("Give one " + BOOTSTRAP, usage);
            }
            String servers = given.isEmpty() ? DEFAULT_BOOTSTRAP : given.get(0);
            for (String server : servers.split(",")) {
                if (!isHostAndPort(server.trim())) {
                    throw new UsageException(BOOTSTRAP + " takes HOST:PORT, not '" + servers + "'", usage);
                }
            }
            return servers;
        }

        private static boolean isHostAndPort(String server) {
            int colon = server.lastIndexOf(':');
            if (colon <= 0 || colon == server.length() - 1) {
                return false;
            }
            String port = server.substring(colon + 1);
            if (!port.chars().allMatch(Character::isDigit) || port.length() > 5) {
                return false;
            }
            int number = Integer.parseInt(port);
            return number > 0 && number <= 65535 && !server.substring(0, colon).isBlank();
        }
    }
}
