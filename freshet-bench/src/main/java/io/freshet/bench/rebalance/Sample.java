package io.freshet.bench.rebalance;

import io.freshet.bench.launch.Target;

/**
 * One measured time: which round, broker, protocol and case, how many milliseconds, and the 1-minute load
 * average when that broker's part of the round began.
 */
public record Sample(int round, Target broker, Protocol protocol, RebalanceCase rebalanceCase, double millis,
                     double load) {
}
