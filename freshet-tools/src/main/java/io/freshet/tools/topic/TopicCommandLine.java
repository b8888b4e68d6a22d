package io.freshet.tools.topic;

import io.freshet.tools.cli.ClientProperties;
import io.freshet.tools.cli.OptionParser;
import io.freshet.tools.cli.ParsedOptions;
import io.freshet.tools.cli.UsageException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/** Parses {@code freshet topic COMMAND [options]} into a {@link TopicRequest}. */
final class TopicCommandLine {

    private static final OptionParser CREATE = OptionParser.forClient(TopicUsage.CREATE)
            .value("--partitions", "-p").value("--replication-factor", "-r").value("--config", "-c")
            .flag("--if-not-exists");
    private static final OptionParser LIST = OptionParser.forClient(TopicUsage.LIST)
            .flag("--internal", "-i").flag("--detailed", "-d");
    private static final OptionParser DESCRIBE = OptionParser.forClient(TopicUsage.DESCRIBE).flag("--print-configs");
    private static final OptionParser DELETE = OptionParser.forClient(TopicUsage.DELETE).flag("--if-exists");
    private static final OptionParser ALTER_CONFIG = OptionParser.forClient(TopicUsage.ALTER_CONFIG)
            .value("--set", "-s").value("--delete", "-d");
    private static final OptionParser ADD_PARTITIONS = OptionParser.forClient(TopicUsage.ADD_PARTITIONS)
            .value("--num", "-n");

    private TopicCommandLine() {
    }

    static TopicRequest parse(List<String> args) throws UsageException {
        if (args.isEmpty()) {
            throw new UsageException("Missing command: create, list, describe, delete, alter-config or "
                    + "add-partitions", TopicUsage.TOPIC);
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "create" -> create(CREATE.parse(rest));
            case "list", "ls" -> list(LIST.parse(rest));
            case "describe" -> describe(DESCRIBE.parse(rest));
            case "delete" -> delete(DELETE.parse(rest));
            case "alter-config" -> alterConfig(ALTER_CONFIG.parse(rest));
            case "add-partitions" -> addPartitions(ADD_PARTITIONS.parse(rest));
            case "help", "--help", "-h" -> new TopicRequest.Help(TopicUsage.TOPIC);
            default -> throw new UsageException("Unknown command: " + args.get(0), TopicUsage.TOPIC);
        };
    }

    private static TopicRequest create(ParsedOptions args) throws UsageException {
        if (args.help()) {
            return new TopicRequest.Help(args.usage());
        }
        Optional<Integer> partitions = number(args, "--partitions", Integer.MAX_VALUE);
        Optional<Short> replicas = number(args, "--replication-factor", Short.MAX_VALUE).map(Integer::shortValue);
        return new TopicRequest.Create(connection(args), topics(args), partitions, replicas, pairs(args, "--config"),
                args.has("--if-not-exists"));
    }

    private static TopicRequest list(ParsedOptions args) throws UsageException {
        if (args.help()) {
            return new TopicRequest.Help(args.usage());
        }
        if (!args.positionals().isEmpty()) {
            throw args.usageError("Unexpected argument: " + args.positionals().get(0));
        }
        return new TopicRequest.ListTopics(connection(args), args.has("--internal"), args.has("--detailed"));
    }

    private static TopicRequest describe(ParsedOptions args) throws UsageException {
        if (args.help()) {
            return new TopicRequest.Help(args.usage());
        }
        return new TopicRequest.Describe(connection(args), topics(args), args.has("--print-configs"));
    }

    private static TopicRequest delete(ParsedOptions args) throws UsageException {
        if (args.help()) {
            return new TopicRequest.Help(args.usage());
        }
        return new TopicRequest.Delete(connection(args), topics(args), args.has("--if-exists"));
    }

    private static TopicRequest alterConfig(ParsedOptions args) throws UsageException {
        if (args.help()) {
            return new TopicRequest.Help(args.usage());
        }
        Map<String, String> set = pairs(args, "--set");
        List<String> delete = new ArrayList<>();
        for (String key : args.all("--delete")) {
            if (key.isBlank() || key.contains("=")) {
                throw new UsageException("--delete takes a config key, not '" + key + "'", args.usage());
            }
            if (set.containsKey(key)) {
                throw new UsageException("'" + key + "' is both set and deleted", args.usage());
            }
            delete.add(key);
        }
        if (set.isEmpty() && delete.isEmpty()) {
            throw new UsageException("Give --set KEY=VALUE or --delete KEY", args.usage());
        }
        return new TopicRequest.AlterConfig(connection(args), topics(args), set, delete);
    }

    private static TopicRequest addPartitions(ParsedOptions args) throws UsageException {
        if (args.help()) {
            return new TopicRequest.Help(args.usage());
        }
        if (args.all("--num").isEmpty()) {
            throw new UsageException("Missing -n/--num N (how many partitions to add)", args.usage());
        }
        return new TopicRequest.AddPartitions(connection(args), topics(args),
                number(args, "--num", Integer.MAX_VALUE).orElseThrow());
    }

    private static TopicRequest.Connection connection(ParsedOptions args) throws UsageException {
        return new TopicRequest.Connection(ClientProperties.from(args, new Properties()));
    }

    /** A count option: at least 1, at most {@code max}; empty when not given. */
    private static Optional<Integer> number(ParsedOptions args, String option, int max) throws UsageException {
        Optional<Long> number = args.number(option, 1);
        if (number.isPresent() && number.get() > max) {
            throw args.usageError(option + " takes a number <= " + max + ", not " + number.get());
        }
        return number.map(Long::intValue);
    }

    private static List<String> topics(ParsedOptions args) throws UsageException {
        if (args.positionals().isEmpty()) {
            throw new UsageException("Missing topic NAME", args.usage());
        }
        for (String topic : args.positionals()) {
            if (topic.isBlank()) {
                throw new UsageException("A topic name cannot be empty", args.usage());
            }
        }
        return List.copyOf(args.positionals());
    }

    /** KEY=VALUE words of a repeatable option, in the order given; a key given twice is a mistake. */
    private static Map<String, String> pairs(ParsedOptions args, String option) throws UsageException {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : args.all(option)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new UsageException(option + " takes KEY=VALUE, not '" + pair + "'", args.usage());
            }
            String key = pair.substring(0, eq).trim();
            if (pairs.put(key, pair.substring(eq + 1)) != null) {
                throw new UsageException(option + " gives '" + key + "' twice", args.usage());
            }
        }
        return pairs;
    }
}
