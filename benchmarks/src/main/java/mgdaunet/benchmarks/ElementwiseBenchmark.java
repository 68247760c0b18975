package mgdaunet.benchmarks;

import java.util.concurrent.TimeUnit;
import mgdaunet.tensor.Elementwise;
import mgdaunet.tensor.Tensor;
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
 * Elementwise kernels into preallocated outputs: add, add of a per-channel bias (broadcast), mul,
 * relu, exp, sigmoid. Shapes: one small enough for L1 (4096 floats) and one U-Net activation at
 * batch 25 (25 x 16 x 64 x 96 = 2.46 M floats, 9.8 MB per tensor).
 *
 * <p>GB/s: the {@code ·bytes} secondary result / 1e9, or ops/s x bytes per op / 1e9 with bytes per
 * op = 12 n for binary kernels (two reads, one write of n floats) and 8 n for unary ones.
 * Scalar twins: add {@code -jvmArgsAppend -Dmgdaunet.simd=false}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public class ElementwiseBenchmark {
    @Param({"1x16x16x16", "25x16x64x96"})
    public String shape;

    private Tensor a, b, bias, out;
    private long n;

    @Setup
    public void setup() {
        int[] s = Shapes.parse(shape);
        a = Tensor.normal(Tensor.rng(1), 0f, 1f, s);
        b = Tensor.normal(Tensor.rng(2), 0f, 1f, s);
        bias = Tensor.normal(Tensor.rng(3), 0f, 1f, 1, s[1], 1, 1);
        out = Tensor.zeros(s);
        n = a.size();
    }

    @Benchmark
    public Tensor add(Traffic t) {
        t.bytes += 12 * n;
        return Elementwise.add(a, b, out);
    }

    /** [N, C, H, W] + [1, C, 1, 1]: the broadcast path (runs of H * W with one scalar each). */
    @Benchmark
    public Tensor addBias(Traffic t) {
        t.bytes += 8 * n;
        return Elementwise.add(a, bias, out);
    }

    @Benchmark
    public Tensor mul(Traffic t) {
        t.bytes += 12 * n;
        return Elementwise.mul(a, b, out);
    }

    @Benchmark
    public Tensor relu(Traffic t) {
        t.bytes += 8 * n;
        return Elementwise.relu(a, out);
    }

    @Benchmark
    public Tensor exp(Traffic t) {
        t.bytes += 8 * n;
        return Elementwise.exp(a, out);
    }

    @Benchmark
    public Tensor sigmoid(Traffic t) {
        t.bytes += 8 * n;
        return Elementwise.sigmoid(a, out);
    }
}
