package mgdaunet.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import mgdaunet.mgda.solver.GramMatrix;
import mgdaunet.tensor.VectorMath;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Gram matrix of T task gradients with respect to Z. 2,457,600 floats is the seed U-Net's last
 * feature map at batch 25 (25 x 16 x 64 x 96); 65,536 a small case that fits in L2.
 * {@link #readOnce} reads every gradient once (a sum of squares each, one thread): the memory floor
 * that the Gram pass, which also reads each gradient once, is compared against.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Benchmark)
public class GramMatrixBenchmark {
    @Param({"3", "11"})
    public int tasks;

    @Param({"65536", "2457600"})
    public int elements;

    private float[][] gradients;

    @Setup
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(42);
        gradients = new float[tasks][elements];
        for (float[] g : gradients) for (int i = 0; i < elements; i++) g[i] = (float) rng.nextGaussian();
    }

    @Benchmark
    public GramMatrix gram() {
        return GramMatrix.of(gradients);
    }

    @Benchmark
    public double readOnce() {
        double s = 0;
        for (float[] g : gradients) s += VectorMath.sumOfSquares(g);
        return s;
    }
}
