package mgdaunet.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import mgdaunet.tensor.Gemm;
import mgdaunet.tensor.Parallel;
import mgdaunet.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SGEMM throughput: square products, and the products that im2col-based 3x3 convolutions of the seed
 * U-Net hand to {@link Gemm} for one image. Each call also adds its 2*m*n*k flops to {@link FlopCounter},
 * so the {@code :gflop} line of the results is GFLOP/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-Xmx2g"})
public class GemmBenchmark {

    /** C (n x n) = A (n x n) * B (n x n), on 1 or 2 threads of the shared pool. */
    @State(Scope.Benchmark)
    public static class Square {
        @Param({"256", "512", "1024"})
        int size;

        @Param({"1", "2"})
        int threads;

        float[] a, b, c;

        @Setup(Level.Trial)
        public void setUp() {
            Parallel.setThreads(threads);
            RandomGenerator rng = Tensor.rng(42);
            a = random(rng, size * size);
            b = random(rng, size * size);
            c = new float[size * size];
        }
    }

    /**
     * One GEMM of a 3x3 convolution layer for one image, with {@code layer} = "Cout x Cin*9 x H*W" and
     * col the im2col matrix (Cin*9 x HW):
     * forward C (Cout x HW) = W (Cout x Cin*9) * col;
     * weightGrad dW (Cout x Cin*9) = dY (Cout x HW) * col^T, col passed transposed (k = HW);
     * weightGradT the same product with the column matrix built transposed (HW x Cin*9), no transposes;
     * inputGrad dcol (Cin*9 x HW) = W^T * dY, W passed transposed (k = Cout).
     * Default one thread: the convolution calls GEMM from inside its parallel loop over the batch.
     */
    @State(Scope.Benchmark)
    public static class Conv {
        @Param({"16x9x6144", "16x144x6144", "16x432x6144", "32x144x1536", "32x288x1536", "64x576x96", "64x1152x96"})
        String layer;

        @Param({"forward", "weightGrad", "weightGradT", "inputGrad"})
        String pass;

        @Param({"1"})
        int threads;

        boolean transA, transB;
        int m, n, k;
        float[] a, b, c;

        @Setup(Level.Trial)
        public void setUp() {
            Parallel.setThreads(threads);
            String[] dims = layer.split("x");
            int cout = Integer.parseInt(dims[0]), cin9 = Integer.parseInt(dims[1]), hw = Integer.parseInt(dims[2]);
            switch (pass) {
                case "forward" -> { m = cout; k = cin9; n = hw; }
                case "weightGrad" -> { m = cout; k = hw; n = cin9; transB = true; }
                case "weightGradT" -> { m = cout; k = hw; n = cin9; }
                case "inputGrad" -> { m = cin9; k = cout; n = hw; transA = true; }
                default -> throw new IllegalArgumentException(
                        "pass must be forward, weightGrad, weightGradT or inputGrad, got " + pass);
            }
            RandomGenerator rng = Tensor.rng(42);
            a = random(rng, m * k);
            b = random(rng, k * n);
            c = new float[m * n];
        }
    }

    @Benchmark
    public float[] square(Square s, FlopCounter flops) {
        int n = s.size;
        Gemm.sgemm(false, false, n, n, n, 1f, s.a, s.b, 0f, s.c);
        flops.gflop += 2e-9 * n * n * n;
        return s.c;
    }

    @Benchmark
    public float[] conv(Conv s, FlopCounter flops) {
        Gemm.sgemm(s.transA, s.transB, s.m, s.n, s.k, 1f, s.a, s.b, 0f, s.c);
        flops.gflop += 2e-9 * s.m * s.n * s.k;
        return s.c;
    }

    static float[] random(RandomGenerator rng, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) rng.nextGaussian();
        return x;
    }
}
