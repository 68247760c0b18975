package mgdaunet.benchmarks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import mgdaunet.autograd.Variable;
import mgdaunet.mgda.MultiTaskModel;
import mgdaunet.mgda.Strategies;
import mgdaunet.mgda.Strategy;
import mgdaunet.mgda.StrategyOptions;
import mgdaunet.mgda.StepResult;
import mgdaunet.mgda.Task;
import mgdaunet.mgda.solver.GradientNormalization;
import mgdaunet.nn.heads.GridClassifierHead;
import mgdaunet.nn.heads.SegmentationHead;
import mgdaunet.nn.loss.CrossEntropyLoss;
import mgdaunet.nn.optim.Adam;
import mgdaunet.nn.unet.UNet;
import mgdaunet.nn.unet.UNetConfig;
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
 * One multi-task training step of the seed U-Net trunk (Z: N x 16 x 64 x 84) with three heads, as
 * {@code ../shared/tools/pytorch_ref/mgda_bench.py} measures PyTorch: segmentation (1x1 conv to 11
 * classes) and left and right digits (conv3x3 16->32 stride 2, ReLU, global average pool, linear
 * 32->10), batch 25, Adam over everything, fixed-seed synthetic data. Strategies: {@code equal} (one
 * backward of the mean loss), {@code mgda-ub} (heads' backward to Z, min-norm weights, one trunk
 * backward), {@code mgda} (one trunk backward per task). The cost of MGDA-UB is the ratio of its time
 * to {@code equal}'s in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
public class MultiTaskStepBenchmark {
    @Param({"equal", "mgda-ub", "mgda"})
    public String strategy;

    @Param({"25"})
    public int batch;

    private MultiTaskModel model;
    private Strategy step;
    private Adam adam;
    private Variable x;
    private final Map<String, int[]> targets = new HashMap<>();

    @Setup
    public void setup() {
        RandomGenerator rng = Tensor.rng(1);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        model = new MultiTaskModel(new UNet(UNetConfig.seed().withClasses(0), rng), List.of(
                new Task("seg", new SegmentationHead(16, 11, rng), ce::forward),
                new Task("left", new GridClassifierHead(16, 32, 1, 1, 10, rng), ce::forward),
                new Task("right", new GridClassifierHead(16, 32, 1, 1, 10, rng), ce::forward)));
        model.train();
        // No normalization: the PyTorch reference solves on the raw gradients too.
        step = Strategies.parse(strategy, StrategyOptions.defaults().withNormalization(GradientNormalization.NONE), model.taskNames());
        adam = new Adam(model.parameters(), Adam.Options.adam().withLr(1e-3));
        RandomGenerator data = Tensor.rng(2);
        x = Variable.constant(Tensor.uniform(data, 0f, 1f, batch, 1, 64, 84));
        int[] seg = new int[batch * 64 * 84], left = new int[batch], right = new int[batch];
        for (int i = 0; i < seg.length; i++) seg[i] = data.nextInt(11);
        for (int i = 0; i < batch; i++) {
            left[i] = data.nextInt(10);
            right[i] = data.nextInt(10);
        }
        targets.put("seg", seg);
        targets.put("left", left);
        targets.put("right", right);
    }

    @Benchmark
    public StepResult trainStep() {
        adam.zeroGrad();
        StepResult r = step.step(model, x, targets);
        adam.step();
        return r;
    }
}
