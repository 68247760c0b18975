package mgdaunet.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import mgdaunet.app.metrics.Argmax;
import mgdaunet.app.metrics.TaskMeter;
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
 * The evaluation's per-batch metric cost: the per-pixel argmax of 11-class segmentation logits
 * (N x 11 x 64 x 84, M2NIST scenes) and the argmax plus confusion-matrix count of a
 * {@link TaskMeter}. {@code pixelOuter} is the textbook loop (the running maximum of a pixel in a
 * register, one strided read per class), the reference the Vector API {@link Argmax#pixels} is
 * measured against; {@code -Dmgdaunet.simd=false} in the fork's arguments measures its scalar twin.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Benchmark)
public class MetricsBenchmark {
    private static final int CLASSES = 11;
    private static final int H = 64;
    private static final int W = 84;

    @Param({"1", "25"})
    public int batch;

    private float[] logits;
    private int[] targets;
    private int[] out;
    private TaskMeter meter;

    @Setup
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(42);
        logits = new float[batch * CLASSES * H * W];
        for (int i = 0; i < logits.length; i++) logits[i] = (float) rng.nextGaussian();
        targets = new int[batch * H * W];
        for (int i = 0; i < targets.length; i++) targets[i] = rng.nextInt(CLASSES);
        out = new int[batch * H * W];
        meter = TaskMeter.segmentation("seg", CLASSES, 10);
    }

    @Benchmark
    public int[] argmaxPixels() {
        Argmax.pixels(logits, batch, CLASSES, H, W, out);
        return out;
    }

    @Benchmark
    public int[] pixelOuter() {
        int plane = H * W;
        for (int n = 0; n < batch; n++) {
            for (int p = 0; p < plane; p++) {
                int base = n * CLASSES * plane + p;
                int best = 0;
                float bestValue = logits[base];
                for (int c = 1; c < CLASSES; c++) {
                    float v = logits[base + c * plane];
                    if (v > bestValue) {
                        bestValue = v;
                        best = c;
                    }
                }
                out[n * plane + p] = best;
            }
        }
        return out;
    }

    @Benchmark
    public TaskMeter meterAddLogits() {
        meter.reset();
        meter.addLogits(logits, batch, targets);
        return meter;
    }
}
