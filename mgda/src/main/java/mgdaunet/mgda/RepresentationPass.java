package mgdaunet.mgda;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Variable;
import mgdaunet.mgda.solver.GramMatrix;
import mgdaunet.tensor.Buffers;
import mgdaunet.tensor.Tensor;

/**
 * The part every strategy that works at the shared representation Z has in common (DESIGN.md, "The
 * MGDA-UB step"): the trunk forward once, its graph kept; Z detached into a leaf that wants a
 * gradient; per task its head, its loss and a backward to that leaf, which gives
 * {@code g_t = dL_t/dZ} and the head's parameter gradients (moved aside per task). Then
 * {@link #finish} weights the heads' gradients and sends {@code sum_t c_t g_t} through the trunk in
 * one backward. No second forward, no second head pass.
 */
final class RepresentationPass {
    private final List<Task> tasks;
    private final Variable z;
    private final float[][] gradients;
    private final double[] losses;
    private final Tensor[] outputs;
    private final HeadGradients heads;
    private GramMatrix gram;

    private RepresentationPass(List<Task> tasks, Variable z, float[][] gradients, double[] losses, Tensor[] outputs, HeadGradients heads) {
        this.tasks = tasks;
        this.z = z;
        this.gradients = gradients;
        this.losses = losses;
        this.outputs = outputs;
        this.heads = heads;
    }

    /**
     * Runs the trunk (keeping its graph when {@code trunkGraph}; otherwise under no-grad, for
     * measurements), then each head and its backward to Z.
     */
    static RepresentationPass run(String who, MultiTaskModel model, Variable input, Map<String, int[]> targets, boolean trunkGraph) {
        StepInputs.requireRecording(who);
        int[][] y = StepInputs.targets(who, model, targets);
        List<Task> tasks = model.tasks();
        Variable z;
        if (trunkGraph) {
            z = model.trunk().forward(input);
        } else {
            try (var g = Graph.noGrad()) {
                z = model.trunk().forward(input);
            }
        }
        Variable leaf = z.detachRequiringGrad();
        int n = tasks.size();
        float[][] gradients = new float[n][];
        double[] losses = new double[n];
        Tensor[] outputs = new Tensor[n];
        HeadGradients heads = HeadGradients.begin(tasks);
        try {
            for (int t = 0; t < n; t++) {
                Task task = tasks.get(t);
                Variable out = task.head().forward(leaf);
                Variable loss = task.loss().apply(out, y[t]);
                losses[t] = StepInputs.lossValue(who, task, loss);
                outputs[t] = out.value();
                if (loss.requiresGrad()) loss.backward();
                heads.capture(t);
                // The leaf's gradient is a private copy made by this backward: it is g_t, ours to keep.
                Tensor g = leaf.grad();
                gradients[t] = g != null ? g.data() : new float[z.value().size()];
                leaf.zeroGrad();
            }
        } catch (RuntimeException e) {
            heads.restore(); // the step did not happen: the head gradients are as they were
            throw e;
        }
        return new RepresentationPass(tasks, z, gradients, losses, outputs, heads);
    }

    int taskCount() {
        return tasks.size();
    }

    List<String> names() {
        return tasks.stream().map(Task::name).toList();
    }

    /** {@code dL_t/dZ}, flattened. */
    float[] gradient(int t) {
        if (gradients[t] == null) throw new IllegalStateException("RepresentationPass: gradient(" + t + ") after finish()");
        return gradients[t];
    }

    Variable representation() {
        return z;
    }

    HeadGradients heads() {
        return heads;
    }

    double[] losses() {
        return losses.clone();
    }

    /** The Gram matrix of the raw {@code g_t}, computed once. */
    GramMatrix gram() {
        if (gram == null) {
            if (gradients[0] == null) throw new IllegalStateException("RepresentationPass: gram() after finish(), which consumed the gradients");
            gram = GramMatrix.of(gradients);
        }
        return gram;
    }

    /**
     * Finishes the step: each head's parameter gradients times {@code headWeights[t]}, and one trunk
     * backward of {@code sum_t zCoefficients[t] g_t} from Z. The stored {@code g_t} are consumed (the
     * sum is built in place of the first), so this runs once.
     */
    void finish(double[] headWeights, double[] zCoefficients) {
        heads.apply(headWeights);
        float[][] g = gradients.clone();
        if (z.requiresGrad()) z.backward(Tensor.wrap(combineInPlace(zCoefficients), z.shape()));  // else: no trunk parameters
        Arrays.fill(gradients, null);
        // The g_t were this pass's own (the leaf's gradients, taken over): the next step's backward can reuse them.
        for (float[] a : g) if (a != null) Buffers.give(a);
    }

    /** {@code sum_t c_t g_t}, built in place of {@code g_0}; the stored gradients are consumed. */
    private float[] combineInPlace(double[] c) {
        return GradientSum.intoFirst(gradients, c);
    }

    Map<String, Double> lossMap() {
        return byName(losses);
    }

    Map<String, Tensor> outputMap() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int t = 0; t < tasks.size(); t++) m.put(tasks.get(t).name(), outputs[t]);
        return m;
    }

    Map<String, Double> byName(double[] values) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int t = 0; t < tasks.size(); t++) m.put(tasks.get(t).name(), values[t]);
        return m;
    }
}
