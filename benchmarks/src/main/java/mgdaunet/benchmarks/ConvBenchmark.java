package mgdaunet.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import mgdaunet.tensor.spatial.Conv2d;
import mgdaunet.tensor.spatial.ConvGeometry;
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
 * conv2d 3x3, stride 1, padding 1 at the seed U-Net's shapes (encoder and decoder), batch 25:
 * forward (with bias), input gradient, weight gradient. GFLOP/s = 2 * N * Cout * Cin * 9 * H * W
 * per call divided by the time ({@link SpatialReport} prints both).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ConvBenchmark {
    /** Cin x Cout x H x W. */
    @Param({"1x16x64x96", "16x16x64x96", "32x32x32x48", "64x64x8x12", "128x64x8x12", "112x48x16x24", "80x32x32x48", "48x16x64x96"})
    public String shape;

    @Param("25")
    public int batch;

    ConvGeometry g;
    float[] x, w, b, y, dy, dx, dw;

    @Setup
    public void setup() {
        String[] s = shape.split("x");
        int cin = Integer.parseInt(s[0]), cout = Integer.parseInt(s[1]), h = Integer.parseInt(s[2]), wd = Integer.parseInt(s[3]);
        g = ConvGeometry.conv2d(new int[] {batch, cin, h, wd}, new int[] {cout, cin, 3, 3}, 1, 1);
        SplittableRandom rng = new SplittableRandom(42);
        x = random(rng, g.inputSize());
        w = random(rng, g.weightSize());
        b = random(rng, cout);
        dy = random(rng, g.outputSize());
        y = new float[g.outputSize()];
        dx = new float[g.inputSize()];
        dw = new float[g.weightSize()];
    }

    static float[] random(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble(-1, 1);
        return a;
    }

    @Benchmark
    public float[] forward() {
        Conv2d.forward(g, x, w, b, y);
        return y;
    }

    @Benchmark
    public float[] backwardInput() {
        Conv2d.backwardInput(g, dy, w, dx);
        return dx;
    }

    @Benchmark
    public float[] backwardWeight() {
        Conv2d.backwardWeight(g, dy, x, dw);
        return dw;
    }
}
