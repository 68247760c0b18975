package mgdaunet.benchmarks;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import mgdaunet.autograd.Variable;
import mgdaunet.mgda.MultiTaskModel;
import mgdaunet.mgda.Strategies;
import mgdaunet.mgda.Strategy;
import mgdaunet.mgda.StrategyOptions;
import mgdaunet.mgda.Task;
import mgdaunet.mgda.solver.GradientNormalization;
import mgdaunet.nn.heads.GridClassifierHead;
import mgdaunet.nn.heads.SegmentationHead;
import mgdaunet.nn.loss.CrossEntropyLoss;
import mgdaunet.nn.optim.Adam;
import mgdaunet.nn.unet.UNet;
import mgdaunet.nn.unet.UNetConfig;
import mgdaunet.tensor.Tensor;

/**
 * The cost of one multi-task strategy relative to another, measured so that a busy machine does not
 * bias it: two models (the {@link MultiTaskStepBenchmark} set-up), one step of each in turn, so both
 * see the same load. Prints both medians and the ratio (of the medians, and the median of the per-pair
 * ratios). JMH runs its cases one after the other, minutes apart, which on a shared machine can move
 * a ratio by more than the 10% it is meant to resolve.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar mgdaunet.benchmarks.InterleavedSteps [equal mgda-ub [batch [warm-up [steps]]]]</pre>
 */
public final class InterleavedSteps {
    private InterleavedSteps() {}

    public static void main(String[] args) {
        String base = args.length > 0 ? args[0] : "equal", other = args.length > 1 ? args[1] : "mgda-ub";
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 25;
        int warm = args.length > 3 ? Integer.parseInt(args[3]) : 8, steps = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        double[] r = measure(base, other, batch, warm, steps);
        System.out.printf(Locale.ROOT, "%s / %s step, batch %d, %d interleaved pairs: %.1f / %.1f ms (medians) = %.3f; median of pair ratios %.3f%n",
                other, base, batch, steps, r[1], r[0], r[1] / r[0], r[2]);
    }

    /** {median ms of base, median ms of other, median of other / base over the pairs}. */
    static double[] measure(String base, String other, int batch, int warm, int steps) {
        Runnable a = step(base, batch), b = step(other, batch);
        for (int i = 0; i < warm; i++) {
            a.run();
            b.run();
        }
        double[] ta = new double[steps], tb = new double[steps], ratio = new double[steps];
        for (int i = 0; i < steps; i++) {
            // Alternate which goes first, so neither always follows the other's garbage.
            boolean aFirst = i % 2 == 0;
            long t0 = System.nanoTime();
            (aFirst ? a : b).run();
            long t1 = System.nanoTime();
            (aFirst ? b : a).run();
            long t2 = System.nanoTime();
            ta[i] = (aFirst ? t1 - t0 : t2 - t1) / 1e6;
            tb[i] = (aFirst ? t2 - t1 : t1 - t0) / 1e6;
            ratio[i] = tb[i] / ta[i];
        }
        return new double[] {median(ta), median(tb), median(ratio)};
    }

    private static Runnable step(String strategy, int batch) {
        RandomGenerator rng = Tensor.rng(1);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        MultiTaskModel model = new MultiTaskModel(new UNet(UNetConfig.seed().withClasses(0), rng), List.of(
                new Task("seg", new SegmentationHead(16, 11, rng), ce::forward),
                new Task("left", new GridClassifierHead(16, 32, 1, 1, 10, rng), ce::forward),
                new Task("right", new GridClassifierHead(16, 32, 1, 1, 10, rng), ce::forward)));
        model.train();
        Strategy s = Strategies.parse(strategy, StrategyOptions.defaults().withNormalization(GradientNormalization.NONE), model.taskNames());
        Adam adam = new Adam(model.parameters(), Adam.Options.adam().withLr(1e-3));
        RandomGenerator data = Tensor.rng(2);
        Variable x = Variable.constant(Tensor.uniform(data, 0f, 1f, batch, 1, 64, 84));
        int[] seg = new int[batch * 64 * 84], left = new int[batch], right = new int[batch];
        for (int i = 0; i < seg.length; i++) seg[i] = data.nextInt(11);
        for (int i = 0; i < batch; i++) {
            left[i] = data.nextInt(10);
            right[i] = data.nextInt(10);
        }
        Map<String, int[]> targets = new HashMap<>(Map.of("seg", seg, "left", left, "right", right));
        return () -> {
            adam.zeroGrad();
            s.step(model, x, targets);
            adam.step();
        };
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
