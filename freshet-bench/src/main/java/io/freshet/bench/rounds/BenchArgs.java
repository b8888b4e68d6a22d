package io.freshet.bench.rounds;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A side-by-side script's command line: {@code --rounds N} (1-20), {@code --quick}, and the numeric options the
 * script declares with their bounds; plus the system properties its shell wrapper sets: {@code bench.repo} (the
 * repository root), {@code bench.anchor} (kafka.sh), {@code bench.loadBefore} (what the load wait found) and
 * {@code bench.kafkaPort} (the port the Kafka anchor is tried on first). Unknown or malformed arguments throw
 * IllegalArgumentException with the usage line, which the mains print before exiting 2.
 */
public final class BenchArgs {

    /** A numeric option's bounds and the value a full and a quick run get when it is not given. */
    public record NumberOption(long min, long max, long fullDefault, long quickDefault) {
    }

    private final String script;
    private final int defaultRounds;
    private final Integer rounds;
    private final boolean quick;
    private final Map<String, NumberOption> declared;
    private final Map<String, Long> given;

    private BenchArgs(String script, int defaultRounds, Integer rounds, boolean quick,
                      Map<String, NumberOption> declared, Map<String, Long> given) {
        this.script = script;
        this.defaultRounds = defaultRounds;
        this.rounds = rounds;
        this.quick = quick;
        this.declared = declared;
        this.given = given;
    }

    /**
     * @param script   the script's path as the report names it, e.g. {@code bench/share.sh}
     * @param options  numeric options by flag ({@code --records}), in the order the usage line lists them
     */
    public static BenchArgs parse(String script, int defaultRounds, Map<String, NumberOption> options,
                                  String... args) {
        Map<String, NumberOption> declared = new LinkedHashMap<>(options);
        StringBuilder usage = new StringBuilder(script).append(" [--rounds N]");
        declared.keySet().forEach(flag -> usage.append(" [").append(flag).append(" N]"));
        usage.append(" [--quick]");
        Integer rounds = null;
        boolean quick = false;
        Map<String, Long> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--quick")) {
                quick = true;
            } else if (flag.equals("--rounds")) {
                rounds = (int) number(flag, args, ++i, new NumberOption(1, 20, 0, 0));
            } else if (declared.containsKey(flag)) {
                given.put(flag, number(flag, args, ++i, declared.get(flag)));
            } else {
                throw new IllegalArgumentException("unknown argument " + flag + " (usage: " + usage + ")");
            }
        }
        return new BenchArgs(script, defaultRounds, rounds, quick, declared, given);
    }

    private static long number(String flag, String[] args, int i, NumberOption bounds) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a number");
        }
        long value;
        try {
            value = Long.parseLong(args[i]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number, not " + args[i]);
        }
        if (value < bounds.min()) {
            throw new IllegalArgumentException(flag + " must be at least " + bounds.min() + ", not " + value);
        }
        if (value > bounds.max()) {
            throw new IllegalArgumentException(flag + " must be at most " + bounds.max() + ", not " + value);
        }
        return value;
    }

    public boolean quick() {
        return quick;
    }

    /** As given, else 1 for a quick run, else the script's default. */
    public int rounds() {
        return rounds != null ? rounds : quick ? 1 : defaultRounds;
    }

    /** As given, else the option's quick or full default. */
    public long number(String flag) {
        NumberOption option = declared.get(flag);
        if (option == null) {
            throw new IllegalArgumentException("undeclared option " + flag);
        }
        return given.getOrDefault(flag, quick ? option.quickDefault() : option.fullDefault());
    }

    /** The command that reproduces this run: the script, then only what differs from the defaults. */
    public String command() {
        StringBuilder command = new StringBuilder(script);
        if (rounds() != (quick ? 1 : defaultRounds)) {
            command.append(" --rounds ").append(rounds());
        }
        declared.forEach((flag, option) -> {
            long value = number(flag);
            if (value != (quick ? option.quickDefault() : option.fullDefault())) {
                command.append(' ').append(flag).append(' ').append(value);
            }
        });
        return command.append(quick ? " --quick" : "").toString();
    }

    public static Path repoRoot() {
        return Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
    }

    public static Path anchorScript() {
        return Path.of(System.getProperty("bench.anchor",
            repoRoot().resolve("../shared/anchors/kafka/kafka.sh").toString())).toAbsolutePath().normalize();
    }

    public static String loadBefore() {
        return System.getProperty("bench.loadBefore", "not recorded");
    }

    /** Where the Kafka anchor is tried first (it and the next port, for its controller), 19092 unless set. */
    public static int kafkaPort() {
        return Integer.getInteger("bench.kafkaPort", 19092);
    }
}
