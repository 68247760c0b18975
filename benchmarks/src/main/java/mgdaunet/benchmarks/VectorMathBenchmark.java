package mgdaunet.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
 * BLAS level-1 kernels. Run once as is and once with {@code -jvmArgsAppend -Dmgdaunet.simd=false}
 * for the scalar twins. 4,096 floats sit in L1/L2; 2,457,600 (the seed U-Net's Z at batch 25) stream
 * from memory. {@link #floatDot} is a float-accumulating SIMD dot (four vector accumulators, the usual
 * kernel): the cost reference for the exact products and double sums of {@link #dot}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Benchmark)
public class VectorMathBenchmark {
    @Param({"4096", "2457600"})
    public int n;

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private float[] x;
    private float[] y;
    // Fields, not constants, so that the JIT cannot fold the multiplications away.
    private float keep = 1f;
    private float nothing = 0f;

    @Setup
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(42);
        x = new float[n];
        y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
            y[i] = (float) rng.nextGaussian();
        }
    }

    @Benchmark
    public double dot() {
        return VectorMath.dot(x, 0, y, 0, n);
    }

    @Benchmark
    public double sumOfSquares() {
        return VectorMath.sumOfSquares(x, 0, n);
    }

    @Benchmark
    public float[] axpy() {
        // alpha = 0 keeps y bounded over millions of calls and costs the same as any other alpha.
        VectorMath.axpy(nothing, x, 0, y, 0, n);
        return y;
    }

    @Benchmark
    public float[] scale() {
        VectorMath.scale(keep, x, 0, n);
        return x;
    }

    @Benchmark
    public float floatDot() {
        int lanes = FLOATS.length();
        FloatVector a0 = FloatVector.zero(FLOATS), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (int bound = n - n % (4 * lanes); i < bound; i += 4 * lanes) {
            a0 = FloatVector.fromArray(FLOATS, x, i).fma(FloatVector.fromArray(FLOATS, y, i), a0);
            a1 = FloatVector.fromArray(FLOATS, x, i + lanes).fma(FloatVector.fromArray(FLOATS, y, i + lanes), a1);
            a2 = FloatVector.fromArray(FLOATS, x, i + 2 * lanes).fma(FloatVector.fromArray(FLOATS, y, i + 2 * lanes), a2);
            a3 = FloatVector.fromArray(FLOATS, x, i + 3 * lanes).fma(FloatVector.fromArray(FLOATS, y, i + 3 * lanes), a3);
        }
        float s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += x[i] * y[i];
        return s;
    }
}
