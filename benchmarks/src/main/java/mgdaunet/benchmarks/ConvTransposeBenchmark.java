package mgdaunet.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import mgdaunet.tensor.spatial.ConvGeometry;
import mgdaunet.tensor.spatial.ConvTranspose2d;
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
 * ConvTranspose2d k2 s2 (the transposed-conv U-Net's upsampling), batch 25: forward with bias, and
 * backward (input gradient plus weight gradient, as PyTorch's convolution_backward with both),
 * and each half of it alone.
 * GFLOP/s = 2 * N * Cin * Cout * 4 * H * W per product.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ConvTransposeBenchmark {
    /** Cin x Cout x H x W of the input. */
    @Param({"64x64x4x6", "64x48x8x12"})
    public String shape;

    @Param("25")
    public int batch;

    ConvGeometry g;
    float[] x, w, b, y, dy, dx, dw;

    @Setup
    public void setup() {
        String[] s = shape.split("x");
        int cin = Integer.parseInt(s[0]), cout = Integer.parseInt(s[1]), h = Integer.parseInt(s[2]), wd = Integer.parseInt(s[3]);
        g = ConvGeometry.convTranspose2d(new int[] {batch, cin, h, wd}, new int[] {cin, cout, 2, 2}, 2, 0, 0);
        SplittableRandom rng = new SplittableRandom(42);
        x = ConvBenchmark.random(rng, g.outputSize());
        w = ConvBenchmark.random(rng, g.weightSize());
        b = ConvBenchmark.random(rng, cout);
        dy = ConvBenchmark.random(rng, g.inputSize());
        y = new float[g.inputSize()];
        dx = new float[g.outputSize()];
        dw = new float[g.weightSize()];
    }

    @Benchmark
    public float[] forward() {
        ConvTranspose2d.forward(g, x, w, b, y);
        return y;
    }

    @Benchmark
    public float[] backward() {
        ConvTranspose2d.backwardInput(g, dy, w, dx);
        ConvTranspose2d.backwardWeight(g, dy, x, dw);
        return dw;
    }

    /** The input-gradient half of {@link #backward}. */
    @Benchmark
    public float[] backwardInput() {
        ConvTranspose2d.backwardInput(g, dy, w, dx);
        return dx;
    }

    /** The weight-gradient half of {@link #backward}. */
    @Benchmark
    public float[] backwardWeight() {
        ConvTranspose2d.backwardWeight(g, dy, x, dw);
        return dw;
    }
}
