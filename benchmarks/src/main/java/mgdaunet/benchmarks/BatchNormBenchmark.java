package mgdaunet.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import mgdaunet.tensor.spatial.BatchNorm2d;
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

/** Batch-norm in training mode at 16 x 64 x 96, batch 25: forward alone, and forward then backward. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class BatchNormBenchmark {
    @Param("25")
    public int batch;

    static final int CHANNELS = 16, PIXELS = 64 * 96;
    float[] x, y, dy, dx, gamma, beta, runMean, runVar, mean, invStd, dgamma, dbeta;

    @Setup
    public void setup() {
        SplittableRandom rng = new SplittableRandom(42);
        x = ConvBenchmark.random(rng, batch * CHANNELS * PIXELS);
        dy = ConvBenchmark.random(rng, x.length);
        y = new float[x.length];
        dx = new float[x.length];
        gamma = ConvBenchmark.random(rng, CHANNELS);
        beta = ConvBenchmark.random(rng, CHANNELS);
        runMean = new float[CHANNELS];
        runVar = new float[CHANNELS];
        java.util.Arrays.fill(runVar, 1f);
        mean = new float[CHANNELS];
        invStd = new float[CHANNELS];
        dgamma = new float[CHANNELS];
        dbeta = new float[CHANNELS];
    }

    @Benchmark
    public float[] trainForward() {
        BatchNorm2d.trainForward(batch, CHANNELS, PIXELS, x, gamma, beta, runMean, runVar, 0.1f, 1e-5f, y, mean, invStd);
        return y;
    }

    @Benchmark
    public float[] trainForwardBackward() {
        BatchNorm2d.trainForward(batch, CHANNELS, PIXELS, x, gamma, beta, runMean, runVar, 0.1f, 1e-5f, y, mean, invStd);
        BatchNorm2d.backward(batch, CHANNELS, PIXELS, dy, x, gamma, mean, invStd, dx, dgamma, dbeta);
        return dx;
    }
}
