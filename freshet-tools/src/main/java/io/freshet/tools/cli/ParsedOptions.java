package io.freshet.tools.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One command line as {@link OptionParser} read it: options by their long name, then the other words. */
public final class ParsedOptions {

    private final String usage;
    private final boolean help;
    private final Map<String, List<String>> values;
    private final List<String> positionals;

    ParsedOptions(String usage, boolean help, Map<String, List<String>> values, List<String> positionals) {
        this.usage = usage;
        this.help = help;
        this.values = values;
        this.positionals = positionals;
    }

    public boolean help() {
        return help;
    }

    public String usage() {
        return usage;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** The value of an option given at most once. */
    public Optional<String> optional(String name) throws UsageException {
        List<String> given = all(name);
        if (given.size() > 1) {
            throw usageError("Give " + name + " once");
        }
        return given.stream().findFirst();
    }

    public String get(String name, String defaultValue) throws UsageException {
        return optional(name).orElse(defaultValue);
    }

    public Optional<Long> number(String name, long min) throws UsageException {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            long number = Long.parseLong(value.get().trim().replace("_", ""));
            if (number < min) {
                throw usageError(name + " takes a number >= " + min + ", not " + number);
            }
            return Optional.of(number);
        } catch (NumberFormatException e) {
            throw usageError(name + " takes a number, not '" + value.get() + "'");
        }
    }

    /** The one positional argument, e.g. the topic. */
    public String single(String what) throws UsageException {
        if (positionals.size() != 1) {
            throw usageError(positionals.isEmpty() ? "Missing " + what : "Unexpected argument: " + positionals.get(1));
        }
        return positionals.get(0);
    }

    public List<String> positionals() {
        return positionals;
    }

    public UsageException usageError(String message) {
        return new UsageException(message, usage);
    }
}
