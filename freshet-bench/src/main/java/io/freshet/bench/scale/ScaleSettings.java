package io.freshet.bench.scale;

import io.freshet.bench.rounds.BenchArgs;

import java.util.LinkedHashMap;
import java.util.Map;

/** The sizes of one scale run, from its command line (full defaults, or the smaller --quick ones). */
record ScaleSettings(int rounds, int topics, int produceSeconds, int valueBytes, int connections, int ratePerConnection,
                     int warmupSeconds, int measureSeconds, int largeTopics, int largeRounds, boolean unclean, boolean kafka) {

    static final Map<String, BenchArgs.NumberOption> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("--topics", new BenchArgs.NumberOption(1, 10_000, 1_000, 100));
        OPTIONS.put("--produce-s", new BenchArgs.NumberOption(1, 600, 20, 5));
        OPTIONS.put("--value-bytes", new BenchArgs.NumberOption(1, 1 << 20, 100, 100));
        OPTIONS.put("--connections", new BenchArgs.NumberOption(1, 10_000, 2_000, 200));
        OPTIONS.put("--rate", new BenchArgs.NumberOption(1, 1_000, 5, 5));
        OPTIONS.put("--warmup-s", new BenchArgs.NumberOption(0, 600, 5, 2));
        OPTIONS.put("--measure-s", new BenchArgs.NumberOption(1, 600, 20, 5));
        OPTIONS.put("--large-topics", new BenchArgs.NumberOption(0, 100_000, 10_000, 1_000));
        OPTIONS.put("--large-rounds", new BenchArgs.NumberOption(0, 20, 1, 1));
        OPTIONS.put("--unclean", new BenchArgs.NumberOption(0, 1, 0, 1));
        OPTIONS.put("--kafka", new BenchArgs.NumberOption(0, 1, 1, 1));
    }

    static ScaleSettings of(BenchArgs args) {
        return new ScaleSettings(args.rounds(), (int) args.number("--topics"), (int) args.number("--produce-s"),
            (int) args.number("--value-bytes"), (int) args.number("--connections"), (int) args.number("--rate"),
            (int) args.number("--warmup-s"), (int) args.number("--measure-s"), (int) args.number("--large-topics"),
            (int) args.number("--large-rounds"), args.number("--unclean") == 1,
            args.number("--kafka") == 1);
    }
}
