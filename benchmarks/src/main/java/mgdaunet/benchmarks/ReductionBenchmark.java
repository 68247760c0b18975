package mgdaunet.benchmarks;

import java.util.concurrent.TimeUnit;
import mgdaunet.tensor.Reductions;
import mgdaunet.tensor.Softmax;
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
 * Reductions and softmax: sum of everything, sum over (N, H, W) per channel (batch-norm statistics,
 * bias gradients), softmax along the channel dimension of NCHW logits (pixel-wise classes) and along
 * the last dimension. Same shapes as {@link ElementwiseBenchmark}.
 *
 * <p>GB/s: the {@code ·bytes} secondary result / 1e9, or ops/s x bytes per op / 1e9 with 4 n for
 * sums (one read) and 8 n for softmax (one read, one write; the kernel's extra passes over a row
 * or plane hit cache and are not counted).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public class ReductionBenchmark {
    @Param({"1x16x16x16", "25x16x64x96"})
    public String shape;

    private Tensor x, perChannel, out;
    private long n;

    @Setup
    public void setup() {
        int[] s = Shapes.parse(shape);
        x = Tensor.normal(Tensor.rng(1), 0f, 3f, s);
        perChannel = Tensor.zeros(1, s[1], 1, 1);
        out = Tensor.zeros(s);
        n = x.size();
    }

    @Benchmark
    public double sumAll(Traffic t) {
        t.bytes += 4 * n;
        return Reductions.sumAll(x);
    }

    @Benchmark
    public Tensor sumPerChannel(Traffic t) {
        t.bytes += 4 * n;
        return Reductions.sum(x, new int[] {0, 2, 3}, perChannel);
    }

    @Benchmark
    public Tensor softmaxChannels(Traffic t) {
        t.bytes += 8 * n;
        return Softmax.softmax(x, 1, out);
    }

    @Benchmark
    public Tensor softmaxLastDim(Traffic t) {
        t.bytes += 8 * n;
        return Softmax.softmax(x, -1, out);
    }

    @Benchmark
    public Tensor logSoftmaxChannels(Traffic t) {
        t.bytes += 8 * n;
        return Softmax.logSoftmax(x, 1, out);
    }
}
