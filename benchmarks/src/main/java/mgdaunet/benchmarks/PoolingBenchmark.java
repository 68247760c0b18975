package mgdaunet.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import mgdaunet.tensor.spatial.MaxPool2d;
import mgdaunet.tensor.spatial.PoolGeometry;
import mgdaunet.tensor.spatial.UpsampleNearest2d;
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

/** Max-pool 2x2 (forward with argmax, backward) at 16 x 64 x 96 and nearest x2 upsampling at 32 x 32 x 48, batch 25. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class PoolingBenchmark {
    @Param("25")
    public int batch;

    PoolGeometry pool;
    float[] x, y, dy, dx;
    int[] argmax;
    float[] up, upOut, upGrad, upDx;

    @Setup
    public void setup() {
        SplittableRandom rng = new SplittableRandom(42);
        pool = PoolGeometry.of("max_pool2d", new int[] {batch, 16, 64, 96}, 2, 2, 0);
        x = ConvBenchmark.random(rng, pool.inputSize());
        y = new float[pool.outputSize()];
        argmax = new int[pool.outputSize()];
        MaxPool2d.forward(pool, x, y, argmax);
        dy = ConvBenchmark.random(rng, pool.outputSize());
        dx = new float[pool.inputSize()];
        up = ConvBenchmark.random(rng, batch * 32 * 32 * 48);
        upOut = new float[up.length * 4];
        upGrad = ConvBenchmark.random(rng, up.length * 4);
        upDx = new float[up.length];
    }

    @Benchmark
    public float[] maxPoolForward() {
        MaxPool2d.forward(pool, x, y, argmax);
        return y;
    }

    @Benchmark
    public float[] maxPoolBackward() {
        MaxPool2d.backward(pool, dy, argmax, dx);
        return dx;
    }

    @Benchmark
    public float[] upsampleForward() {
        UpsampleNearest2d.forward(batch * 32, 32, 48, 2, up, upOut);
        return upOut;
    }

    @Benchmark
    public float[] upsampleBackward() {
        UpsampleNearest2d.backward(batch * 32, 32, 48, 2, upGrad, upDx);
        return upDx;
    }
}
