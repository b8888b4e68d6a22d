package io.freshet.tools.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The words of one command line, read by hand (a parsing library cost start-up time) and checked against the
 * options that command knows. Options take their value as the next word or after {@code =}; a short alias
 * ({@code -p}) is the same option as its long name ({@code --partitions}); {@code --help}/{@code -h} anywhere asks for
 * the usage. Every command also knows {@code --bootstrap-server}/{@code -b} and {@code --command-config}.
 */
public final class CommandArguments {

    public static final String BOOTSTRAP = "--bootstrap-server";
    public static final String COMMAND_CONFIG = "--command-config";

    private final String usage;
    private final Set<String> flags = new LinkedHashSet<>();
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positionals = new ArrayList<>();
    private boolean help;

    private CommandArguments(String usage) {
        this.usage = usage;
    }

    /** What a command accepts: flags (no value), options with a value, and short aliases of either. */
    public record Spec(Set<String> flagNames, Set<String> valueNames, Map<String, String> aliases) {
        public Spec {
            valueNames = with(valueNames, BOOTSTRAP, COMMAND_CONFIG);
            aliases = new LinkedHashMap<>(aliases);
            aliases.put("-b", BOOTSTRAP);
        }

        private static Set<String> with(Set<String> names, String... more) {
            Set<String> all = new LinkedHashSet<>(names);
            all.addAll(List.of(more));
            return all;
        }
    }

    public static CommandArguments read(List<String> args, String usage, Spec spec) throws UsageException {
        CommandArguments parsed = new CommandArguments(usage);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                parsed.help = true;
                continue;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                parsed.positionals.add(arg);
                continue;
            }
            int eq = arg.indexOf('=');
            String given = eq > 0 ? arg.substring(0, eq) : arg;
            String name = spec.aliases().getOrDefault(given, given);
            if (spec.flagNames().contains(name) && eq < 0) {
                parsed.flags.add(name);
            } else if (spec.valueNames().contains(name)) {
                String value;
                if (eq > 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("Missing value for " + given, usage);
                }
                parsed.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else if (spec.flagNames().contains(name)) {
                throw new UsageException(given + " takes no value", usage);
            } else {
                throw new UsageException("Unknown option: " + given, usage);
            }
        }
        return parsed;
    }

    public String usage() {
        return usage;
    }

    public boolean help() {
        return help;
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public Optional<String> optional(String name) throws UsageException {
        List<String> given = all(name);
        if (given.size() > 1) {
            throw new UsageException("Give one " + name, usage);
        }
        return given.stream().findFirst();
    }

    public String single(String name) throws UsageException {
        return optional(name).orElseThrow(() -> new UsageException("Missing " + name, usage));
    }

    /** The option's number, at least {@code min}, or {@code fallback} when not given. */
    public int intValue(String name, int fallback, int min) throws UsageException {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return fallback;
        }
        int number;
        try {
            number = Integer.parseInt(value.get().trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " takes a number, not '" + value.get() + "'", usage);
        }
        if (number < min) {
            throw new UsageException(name + " takes a number >= " + min + ", not " + number, usage);
        }
        return number;
    }

    public List<String> positionals() {
        return positionals;
    }

    public void noPositionals() throws UsageException {
        if (!positionals.isEmpty()) {
            throw new UsageException("Unexpected argument: " + positionals.get(0), usage);
        }
    }

    /** {@code --bootstrap-server}: a comma-separated list of HOST:PORT, {@value ToolCommand#DEFAULT_BOOTSTRAP} if absent. */
    public String bootstrap() throws UsageException {
        String servers = optional(BOOTSTRAP).orElse(ToolCommand.DEFAULT_BOOTSTRAP);
        for (String server : servers.split(",")) {
            if (!isHostAndPort(server.trim())) {
                throw new UsageException(BOOTSTRAP + " takes HOST:PORT, not '" + servers + "'", usage);
            }
        }
        return servers;
    }

    /** The client properties of {@code --command-config FILE}, as Kafka's tools read them; empty if absent. */
    public Properties commandConfig() throws UsageException {
        return commandConfig(optional(COMMAND_CONFIG), usage);
    }

    /** Reads a {@code --command-config} file (a Java properties file); a missing or unreadable one is a usage error. */
    public static Properties commandConfig(Optional<String> file, String usage) throws UsageException {
        Properties properties = new Properties();
        if (file.isPresent()) {
            try (InputStream in = Files.newInputStream(Path.of(file.get()))) {
                properties.load(in);
            } catch (NoSuchFileException e) {
                throw new UsageException(COMMAND_CONFIG + ": no such file " + file.get(), usage);
            } catch (IOException | IllegalArgumentException e) {
                throw new UsageException(COMMAND_CONFIG + ": cannot read " + file.get() + ": " + e.getMessage(), usage);
            }
        }
        return properties;
    }

    static boolean isHostAndPort(String server) {
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
