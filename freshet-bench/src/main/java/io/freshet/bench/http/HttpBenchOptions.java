package io.freshet.bench.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench/http.sh [--quick] [--case TEXT] [--subscribers N] [--rates R1,R2] [--seconds S] [--records N]}.
 * The full run (no option) measures the cases (and the same fan-out at {@link #REFERENCE_RATE} records/s)
 * and rewrites docs/http-bench.md; any option makes a partial run whose report stays under
 * freshet-bench/target/http-results/. --quick: 100 subscribers at 1,000 records/s
 * for 2 + 5 s and 50,000 records per produce case (checks the harness in about a minute); --case: only the cases
 * whose name contains TEXT (e.g. {@code --case WebSocket}, {@code --case 'v3'}); --subscribers, --rates,
 * --seconds (measured fan-out time), --records (measured records per produce case): other loads.
 */
record HttpBenchOptions(boolean quick, String caseFilter, int subscribers, List<Integer> rates, Duration warmUp,
                        Duration measured, long produceRecords, long warmUpRecords, boolean partial, Path repoRoot,
                        String loadBefore, List<String> args) {

    static final int SUBSCRIBERS = 1_000;
    static final int RATE = 10_000;
    /**
     * The rate asks 10 million pushes a second of 1,000 subscribers, well beyond what 2 cores shared by
     * the server and the client can do; the same subscribers at this rate (100,000 pushes/s) show the latency of
     * a fan-out the machine can carry.
     */
    static final int REFERENCE_RATE = 100;
    static final int SECONDS = 20;
    static final long RECORDS = 500_000;

    static HttpBenchOptions parse(String... args) {
        boolean quick = false;
        String filter = "";
        Integer subscribers = null;
        List<Integer> rates = null;
        Integer seconds = null;
        Long records = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--case" -> {
                    if (++i >= args.length || args[i].isBlank()) {
                        throw new IllegalArgumentException("--case needs a part of a case name, e.g. WebSocket");
                    }
                    filter = args[i];
                }
                case "--subscribers" -> subscribers = (int) number(args, ++i, "--subscribers", 1, 20_000);
                case "--rates" -> rates = rates(args, ++i);
                case "--seconds" -> seconds = (int) number(args, ++i, "--seconds", 1, 600);
                case "--records" -> records = number(args, ++i, "--records", 1_000, 100_000_000);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (usage: bench/http.sh"
                    + " [--quick] [--case TEXT] [--subscribers N] [--rates R1,R2] [--seconds S] [--records N])");
            }
        }
        Path repo = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
        String load = System.getProperty("bench.loadBefore", "not recorded");
        int subs = subscribers != null ? subscribers : quick ? 100 : SUBSCRIBERS;
        List<Integer> r = rates != null ? rates : quick ? List.of(1_000) : List.of(RATE, REFERENCE_RATE);
        Duration warmUp = Duration.ofSeconds(quick ? 2 : 5);
        Duration measured = Duration.ofSeconds(seconds != null ? seconds : quick ? 5 : SECONDS);
        long n = records != null ? records : quick ? 50_000 : RECORDS;
        return new HttpBenchOptions(quick, filter, subs, r, warmUp, measured, n, Math.max(1_000, n / 5),
            args.length > 0, repo, load, List.of(args));
    }

    /** Every fan-out case of the run in order: per rate, the disk topic then the memory one, SSE then WebSocket. */
    List<FanOutCase> fanOutCases() {
        List<FanOutCase> cases = new ArrayList<>();
        for (int rate : rates) {
            for (FanOutCase.Storage storage : FanOutCase.Storage.values()) {
                for (FanOutCase.Transport transport : FanOutCase.Transport.values()) {
                    FanOutCase c = new FanOutCase(transport, storage, subscribers, rate, warmUp, measured);
                    if (runs(c.name())) {
                        cases.add(c);
                    }
                }
            }
        }
        return cases;
    }

    boolean runs(String caseName) {
        return caseName.contains(caseFilter);
    }

    /** Bound on one produce case: generous, since the slowest path may run at a tenth of the fastest. */
    long produceTimeoutSeconds() {
        return Math.max(60, produceRecords / 2_000);
    }

    String command() {
        return "bench/http.sh" + (args.isEmpty() ? "" : " " + String.join(" ", args.stream()
            .map(a -> a.contains(" ") ? "'" + a + "'" : a).toList()));
    }

    Path resultsDir() {
        return repoRoot.resolve("freshet-bench/target/http-results");
    }

    Path reportFile() {
        return partial ? resultsDir().resolve("http-bench-" + (quick ? "quick" : "partial") + ".md")
            : repoRoot.resolve("docs/http-bench.md");
    }

    private static List<Integer> rates(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("--rates needs records/s, e.g. 10000,1000");
        }
        List<Integer> out = new ArrayList<>();
        for (String part : args[i].split(",")) {
            try {
                int rate = Integer.parseInt(part.trim());
                if (rate < 1 || rate > 1_000_000) {
                    throw new IllegalArgumentException("--rates: each rate must be 1-1,000,000, not " + rate);
                }
                out.add(rate);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--rates needs numbers, not " + part);
            }
        }
        return List.copyOf(out);
    }

    private static long number(String[] args, int i, String option, long min, long max) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a number");
        }
        try {
            long n = Long.parseLong(args[i]);
            if (n < min || n > max) {
                throw new IllegalArgumentException(option + " must be " + min + "-" + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not " + args[i]);
        }
    }
}
