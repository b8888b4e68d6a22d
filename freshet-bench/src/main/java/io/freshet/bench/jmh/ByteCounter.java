package io.freshet.bench.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A JMH secondary result: megabytes (10^6 bytes) moved, reported per second next to the ops/s of the benchmark, so
 * the table shows MB/s directly (JMH prints it as "{@code :megabytes ... ops/s}"; read it as MB/s).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ByteCounter {

    public double megabytes;

    @Setup(Level.Iteration)
    public void reset() {
        megabytes = 0;
    }
}
