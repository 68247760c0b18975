package mgdaunet.benchmarks;

import java.util.concurrent.TimeUnit;
import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.loss.CrossEntropyLoss;
import mgdaunet.nn.optim.Adam;
import mgdaunet.nn.unet.UNet;
import mgdaunet.nn.unet.UNetConfig;
import mgdaunet.nn.unet.Upsampling;
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
 * The seed U-Net (1 x 64 x 84 scenes padded to 64 x 96, 11 classes) at batch 25, nearest and
 * transposed-conv upsampling, as {@code ../shared/tools/pytorch_ref/unet_bench.py} measures PyTorch:
 * the forward pass in evaluation mode without a graph, and a training step (training-mode forward,
 * pixel-wise cross-entropy, backward, Adam step). Images/s = batch / (ms per op / 1000).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
public class UNetStepBenchmark {
    @Param({"NEAREST", "TRANSPOSED"})
    public Upsampling upsampling;

    @Param({"25", "64"})
    public int batch;

    private UNet net;
    private Adam adam;
    private Variable x;
    private int[] targets;
    private final CrossEntropyLoss loss = new CrossEntropyLoss();

    @Setup
    public void setup() {
        net = new UNet(UNetConfig.seed().withUpsampling(upsampling), Tensor.rng(1));
        adam = new Adam(net.parameters(), Adam.Options.adam().withLr(1e-3));
        x = Variable.constant(Tensor.uniform(Tensor.rng(2), 0f, 1f, batch, 1, 64, 84));
        targets = new int[batch * 64 * 84];
        var r = Tensor.rng(3);
        for (int i = 0; i < targets.length; i++) targets[i] = r.nextInt(11);
    }

    @Benchmark
    public Tensor forward() {
        net.eval();
        try (var g = Graph.noGrad()) {
            return net.forward(x).value();
        }
    }

    @Benchmark
    public float trainStep() {
        net.train();
        adam.zeroGrad();
        Variable l = loss.forward(net.forward(x), targets);
        l.backward();
        adam.step();
        return l.item();
    }
}
