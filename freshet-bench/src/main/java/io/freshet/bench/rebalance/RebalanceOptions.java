package io.freshet.bench.rebalance;

import java.nio.file.Path;

/**
 * {@code bench/rebalance.sh [--rounds N] [--die-rounds M]}: rounds of first join, join and leave (default 3), and
 * how many of them also run the die case (default 2; each costs about a minute per broker, mostly the consumer
 * protocol's 45 s session timeout). Plus the system properties {@code bench.repo}, {@code bench.anchor} and
 * {@code bench.loadBefore} that the script sets.
 */
public record RebalanceOptions(int rounds, int dieRounds, Path repoRoot, Path anchorScript, String loadBefore) {

    public static final int DEFAULT_ROUNDS = 3;
    public static final int DEFAULT_DIE_ROUNDS = 2;

    public static RebalanceOptions parse(String... args) {
        int rounds = DEFAULT_ROUNDS;
        Integer dieRounds = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = number(args, ++i, "--rounds", 1, 20);
                case "--die-rounds" -> dieRounds = number(args, ++i, "--die-rounds", 0, 20);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                    + " (usage: bench/rebalance.sh [--rounds N] [--die-rounds M])");
            }
        }
        int die = Math.min(rounds, dieRounds != null ? dieRounds : DEFAULT_DIE_ROUNDS);
        Path repo = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
        Path anchor = Path.of(System.getProperty("bench.anchor",
            repo.resolve("../shared/anchors/kafka/kafka.sh").toString())).toAbsolutePath().normalize();
        return new RebalanceOptions(rounds, die, repo, anchor, System.getProperty("bench.loadBefore", "not recorded"));
    }

    private static int number(String[] args, int i, String flag, int min, int max) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a number");
        }
        int n;
        try {
            n = Integer.parseInt(args[i]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number, not " + args[i]);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(flag + " must be " + min + "-" + max + ", not " + n);
        }
        return n;
    }

    public String command() {
        return "bench/rebalance.sh" + (rounds != DEFAULT_ROUNDS ? " --rounds " + rounds : "")
            + (dieRounds != Math.min(rounds, DEFAULT_DIE_ROUNDS) ? " --die-rounds " + dieRounds : "");
    }

    public Path resultsDir() {
        return repoRoot.resolve("freshet-bench/target/rebalance-results");
    }
}
