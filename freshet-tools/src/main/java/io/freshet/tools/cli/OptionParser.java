package io.freshet.tools.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options one command knows, each under a long name and any short aliases ({@code -k} for
 * {@code --key-separator}). A value is the next word, whatever it starts with (so {@code -o -10} works), or follows
 * {@code =} after a long name. {@code --help}/{@code -h} anywhere asks for the usage. Every client command gets
 * {@code --bootstrap-server}/{@code -b}, {@code --command-config} and {@code -X}/{@code --property} from
 * {@link #forClient}.
 */
public final class OptionParser {

    private final String usage;
    private final Map<String, String> names = new HashMap<>();
    private final Set<String> flags = new LinkedHashSet<>();

    private OptionParser(String usage) {
        this.usage = usage;
    }

    /** A parser that knows the options every client command takes ({@link ClientProperties}). */
    public static OptionParser forClient(String usage) {
        return new OptionParser(usage)
                .value(ClientProperties.BOOTSTRAP, "-b")
                .value(ClientProperties.COMMAND_CONFIG)
                .value(ClientProperties.PROPERTY, "-X");
    }

    public OptionParser flag(String name, String... aliases) {
        flags.add(name);
        return value(name, aliases);
    }

    public OptionParser value(String name, String... aliases) {
        names.put(name, name);
        for (String alias : aliases) {
            names.put(alias, name);
        }
        return this;
    }

    public String usage() {
        return usage;
    }

    public ParsedOptions parse(List<String> args) throws UsageException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                positionals.add(arg);
                continue;
            }
            int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
            String given = eq > 0 ? arg.substring(0, eq) : arg;
            String name = names.get(given);
            if (name == null) {
                throw new UsageException("Unknown option: " + given, usage);
            }
            if (flags.contains(name)) {
                if (eq > 0) {
                    throw new UsageException(given + " takes no value", usage);
                }
                values.computeIfAbsent(name, k -> new ArrayList<>()).add("");
            } else if (eq > 0) {
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(arg.substring(eq + 1));
            } else if (i + 1 < args.size()) {
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(args.get(++i));
            } else {
                throw new UsageException("Missing value for " + given, usage);
            }
        }
        return new ParsedOptions(usage, help, values, positionals);
    }
}
