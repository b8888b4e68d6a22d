package io.freshet.bench.rounds;

import io.freshet.bench.launch.BrokerLauncher;
import io.freshet.bench.launch.RunningBroker;
import io.freshet.bench.proc.LoadAverage;
import io.freshet.bench.report.NumberFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs each round against every broker in turn, the order rotated by one each round so neither broker always
 * goes first on a machine that warms up or gets busier; notes the 1-minute load average when each turn starts
 * (the reports print it, since the 2 cores are shared). Installs the shutdown hook that stops every broker still
 * running if the harness is interrupted.
 */
public final class AlternatingRounds {

    /** One broker's turn in one round: start it, measure, stop it (always). */
    @FunctionalInterface
    public interface Turn {
        void run(int round, BrokerLauncher launcher);
    }

    private final List<String> loads = new ArrayList<>();

    /** Stops every broker still open when the JVM exits (Ctrl-C, the script's timeout). */
    public static void stopBrokersOnExit(String name) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RunningBroker.open().forEach(RunningBroker::close),
            name + "-stop-brokers"));
    }

    /**
     * The brokers a run measures: both, or only the one {@code -Dbench.only=kafka|freshet} names (to check a
     * harness against one broker).
     */
    public static List<BrokerLauncher> selected(String only, BrokerLauncher freshet, BrokerLauncher kafka) {
        List<BrokerLauncher> launchers = new ArrayList<>();
        if (!only.equals("kafka")) {
            launchers.add(freshet);
        }
        if (!only.equals("freshet")) {
            launchers.add(kafka);
        }
        return launchers;
    }

    public void run(int rounds, List<BrokerLauncher> launchers, Turn turn) {
        for (int round = 1; round <= rounds; round++) {
            List<BrokerLauncher> order = new ArrayList<>(launchers);
            Collections.rotate(order, -(round - 1));
            for (BrokerLauncher launcher : order) {
                loads.add("round " + round + ", " + launcher.target().label() + ": "
                    + NumberFormat.value(LoadAverage.oneMinute()));
                turn.run(round, launcher);
            }
        }
    }

    /** "round R, Broker: load" for each turn, in the order they ran. */
    public List<String> loads() {
        return List.copyOf(loads);
    }
}
