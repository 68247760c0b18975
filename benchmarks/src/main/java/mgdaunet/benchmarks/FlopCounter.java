package mgdaunet.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts the floating-point work a benchmark did, so that JMH reports it as a rate next to ops/s: a
 * benchmark adds its GFLOP per call to {@link #gflop}, and JMH prints the line {@code ...:gflop} in
 * "ops/s", which reads as GFLOP/s (throughput mode, time unit seconds).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class FlopCounter {
    /** GFLOP done in this iteration; JMH divides by the iteration's time. */
    public double gflop;

    @Setup(Level.Iteration)
    public void reset() {
        gflop = 0;
    }
}
