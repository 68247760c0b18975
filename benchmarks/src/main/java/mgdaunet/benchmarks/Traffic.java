package mgdaunet.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Memory traffic of a bandwidth-bound benchmark, reported by JMH as a secondary result
 * ({@code ·bytes}, in bytes per second in throughput mode): divide by 1e9 for GB/s.
 *
 * <p>Each benchmark adds the bytes one call must read and write at least (for {@code out = a + b}
 * over n floats: 12 n). The same figure from the primary result: GB/s = ops/s x bytes per op / 1e9.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Traffic {
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
        bytes = 0;
    }
}
