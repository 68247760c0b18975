package mgdaunet.mgda;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import mgdaunet.autograd.Variable;
import mgdaunet.mgda.solver.GramMatrix;
import mgdaunet.tensor.Tensor;

/**
 * {@code pcgrad}: gradient surgery (Yu, Kumar, Gupta, Levine, Hausman and Finn, NeurIPS 2020), on the
 * task gradients at Z. For each task i, {@code g_i^PC} starts as {@code g_i}; for every other task j in
 * a random order, if {@code <g_i^PC, g_j> < 0} the conflicting component is removed:
 * {@code g_i^PC -= <g_i^PC, g_j> / ||g_j||^2 g_j}. The trunk receives {@code sum_i g_i^PC} at Z; the heads
 * are trained on their own losses with weight 1 (so without conflicts the step is that of
 * {@code sum_t L_t}).
 *
 * <p>Every {@code g_i^PC} is a combination {@code sum_t c_it g_t}, and every dot product it needs is
 * {@code c_i' G e_j}: the projections run on the T x T Gram matrix, never on Z-sized vectors. The
 * reported weights are the coefficients {@code c_t} of the combined gradient at Z. Orders are drawn per
 * (seed, step): repeatable and resumable.
 */
public final class PcGrad implements Strategy {
    private final List<String> tasks;
    private final long seed;
    private long steps;

    public PcGrad(List<String> tasks, long seed) {
        this.tasks = List.copyOf(tasks);
        this.seed = seed;
    }

    @Override
    public String name() {
        return "pcgrad";
    }

    /** The order in which task i visits the other tasks at step {@code step}: orders[i] lists all j != i. */
    public int[][] orders(long step) {
        SplittableRandom rng = StepRandom.forStep(seed, step);
        int n = tasks.size();
        int[][] orders = new int[n][];
        for (int i = 0; i < n; i++) {
            int[] perm = StepRandom.permutation(rng, n);
            int[] others = new int[n - 1];
            int k = 0;
            for (int j : perm) if (j != i) others[k++] = j;
            orders[i] = others;
        }
        return orders;
    }

    /** The coefficients c with {@code sum_i g_i^PC = sum_t c_t g_t}, from the Gram matrix and the visiting orders. */
    public static double[] coefficients(GramMatrix gram, int[][] orders) {
        int n = gram.size();
        double[] total = new double[n];
        for (int i = 0; i < n; i++) {
            double[] c = new double[n];
            c[i] = 1;
            for (int j : orders[i]) {
                double gjj = gram.get(j, j);
                if (gjj == 0) continue; // a zero gradient conflicts with nothing
                double dot = 0;
                for (int s = 0; s < n; s++) dot += c[s] * gram.get(s, j);
                if (dot < 0) c[j] -= dot / gjj;
            }
            for (int s = 0; s < n; s++) total[s] += c[s];
        }
        return total;
    }

    @Override
    public StepResult step(MultiTaskModel model, Variable input, Map<String, int[]> targets) {
        StateEntries.requireTasks(name(), tasks, model);
        RepresentationPass pass = RepresentationPass.run(name(), model, input, targets, true);
        GramMatrix gram = pass.gram();
        double[] c = coefficients(gram, orders(steps));
        double[] ones = new double[c.length];
        Arrays.fill(ones, 1);
        Diagnostics d = Diagnostics.of(pass.names(), gram, Double.NaN);
        pass.finish(ones, c);
        steps++;
        return new StepResult(pass.lossMap(), pass.byName(c), pass.outputMap(), d);
    }

    /** {@code pcgrad.steps}: steps taken (the position in the random sequence of orders). */
    @Override
    public Map<String, Tensor> stateDict() {
        return Map.of("pcgrad.steps", StepCounter.toTensor(steps));
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        StateEntries.requireKnown(name(), state, Set.of("pcgrad.steps"));
        Tensor s = StateEntries.get(name(), state, "pcgrad.steps", 1, false);
        steps = s == null ? 0 : StepCounter.fromTensor(name(), s);
    }
}
