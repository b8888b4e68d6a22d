package io.freshet.tools.topic;

import io.freshet.tools.cli.CommandArguments;
import io.freshet.tools.cli.CommandArguments.Spec;
import io.freshet.tools.cli.UsageException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Parses {@code freshet topic COMMAND [options]} into a {@link TopicRequest}. */
final class TopicCommandLine {

    private static final Spec CREATE = new Spec(Set.of("--if-not-exists"),
            Set.of("--partitions", "--replication-factor", "--config"),
            Map.of("-p", "--partitions", "-r", "--replication-factor", "-c", "--config"));
    private static final Spec LIST = new Spec(Set.of("--internal", "--detailed"), Set.of(),
            Map.of("-i", "--internal", "-d", "--detailed"));
    private static final Spec DESCRIBE = new Spec(Set.of("--print-configs"), Set.of(), Map.of("-a", "--print-configs"));
    private static final Spec DELETE = new Spec(Set.of("--if-exists"), Set.of(), Map.of());
    private static final Spec ALTER_CONFIG = new Spec(Set.of(), Set.of("--set", "--delete"),
            Map.of("-s", "--set", "-d", "--delete"));
    private static final Spec ADD_PARTITIONS = new Spec(Set.of(), Set.of("--num"), Map.of("-n", "--num"));

    private TopicCommandLine() {
    }

    static TopicRequest parse(List<String> args) throws UsageException {
        if (args.isEmpty()) {
            throw new UsageException("Missing command: create, list, describe, delete, alter-config or "
                    + "add-partitions", TopicUsage.TOPIC);
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "create" -> create(CommandArguments.read(rest, TopicUsage.CREATE, CREATE));
            case "list", "ls" -> list(CommandArguments.read(rest, TopicUsage.LIST, LIST));
            case "describe" -> describe(CommandArguments.read(rest, TopicUsage.DESCRIBE, DESCRIBE));
            case "delete" -> delete(CommandArguments.read(rest, TopicUsage.DELETE, DELETE));
            case "alter-config" -> alterConfig(CommandArguments.read(rest, TopicUsage.ALTER_CONFIG, ALTER_CONFIG));
            case "add-partitions" -> addPartitions(CommandArguments.read(rest, TopicUsage.ADD_PARTITIONS,
                    ADD_PARTITIONS));
            case "help", "--help", "-h" -> new TopicRequest.Help(TopicUsage.TOPIC);
            default -> throw new UsageException("Unknown command: " + args.get(0), TopicUsage.TOPIC);
        };
    }

    private static TopicRequest create(CommandArguments args) throws UsageException {
        if (args.help()) {
            return new TopicRequest.Help(args.usage());
        }
        int partitions = args.intValue("--partitions", -1, 1);
        int replicas = args.intValue("--replication-factor", -1, 1);
        if (replicas > Short.MAX_VALUE) {
            throw new UsageException("--replication-factor " + replicas + " is too large", args.usage());
        }
        return new TopicRequest.Create(connection(args), topics(args),
                partitions < 0 ? Optional.empty() : Optional.of(partitions),
                replicas < 0 ? Optional.empty() : Optional.of((short) replicas),
                pairs(args, "--config"), args.flag("--if-not-exists"));
    }

    private static TopicRequest list(CommandArguments args) throws UsageException {
        if (args.help()) {
            return new TopicRequest.Help(args.usage());
        }
        args.noPositionals();
        return new TopicRequest.ListTopics(connection(args), args.flag("--internal"), args.flag("--detailed"));
    }

    private static TopicRequest describe(CommandArguments args) throws UsageException {
        if (args.help()) {
            return new TopicRequest.Help(args.usage());
        }
        return new TopicRequest.Describe(connection(args), topics(args), args.flag("--print-configs"));
    }

    private static TopicRequest delete(CommandArguments args) throws UsageException {
        if (args.help()) {
            return new TopicRequest.Help(args.usage());
        }
        return new TopicRequest.Delete(connection(args), topics(args), args.flag("--if-exists"));
    }

    private static TopicRequest alterConfig(CommandArguments args) throws UsageException {
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

    private static TopicRequest addPartitions(CommandArguments args) throws UsageException {
        if (args.help()) {
            return new TopicRequest.Help(args.usage());
        }
        if (args.all("--num").isEmpty()) {
            throw new UsageException("Missing -n/--num N (how many partitions to add)", args.usage());
        }
        return new TopicRequest.AddPartitions(connection(args), topics(args), args.intValue("--num", 0, 1));
    }

    private static TopicRequest.Connection connection(CommandArguments args) throws UsageException {
        return new TopicRequest.Connection(args.bootstrap(), args.commandConfig());
    }

    private static List<String> topics(CommandArguments args) throws UsageException {
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
    private static Map<String, String> pairs(CommandArguments args, String option) throws UsageException {
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
