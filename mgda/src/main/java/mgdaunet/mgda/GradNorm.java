package mgdaunet.mgda;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mgdaunet.autograd.Variable;
import mgdaunet.mgda.solver.GramMatrix;
import mgdaunet.tensor.Tensor;

/**
 * {@code gradnorm}: GradNorm (Chen, Badrinarayanan, Lee and Rabinovich, ICML 2018) with the gradient
 * norms taken at the shared representation Z. The step is that of {@code sum_t w_t L_t} (heads scaled
 * by w_t, {@code sum_t w_t g_t} into the trunk at Z). Then the weights learn: with
 * {@code G_t = w_t ||g_t||}, {@code Gbar} their mean, {@code r_t = (L_t / L_t(0)) / mean_s(L_s / L_s(0))}
 * (L(0) the first step's losses), the loss {@code L_grad = sum_t |G_t - Gbar r_t^alpha|} with the
 * target held constant has gradient {@code sign(G_t - Gbar r_t^alpha) ||g_t||} in w_t; one Adam step
 * (learning rate {@code gradNormLearningRate}, betas 0.9 and 0.999, eps 1e-8) moves the weights, which
 * are then clipped at 0 and renormalized to sum to T. alpha = 1.5 by default.
 *
 * <p>The weights, the first losses and the Adam moments are the strategy's state, kept at float
 * precision so that a saved state resumes exactly. Reported weights are those the step used.
 */
public final class GradNorm implements Strategy {
    private static final double BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8;

    private final List<String> tasks;
    private final double alpha, learningRate;
    private double[] weights, initialLosses, m, v;
    private long steps;

    public GradNorm(List<String> tasks, double alpha, double learningRate) {
        if (!(alpha >= 0) || !Double.isFinite(alpha) || !(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("gradnorm: alpha " + alpha + " must be >= 0 and learning rate " + learningRate + " > 0");
        }
        this.tasks = List.copyOf(tasks);
        this.alpha = alpha;
        this.learningRate = learningRate;
        int n = tasks.size();
        weights = new double[n];
        Arrays.fill(weights, 1);
        m = new double[n];
        v = new double[n];
    }

    @Override
    public String name() {
        return "gradnorm";
    }

    /** The weights the next step uses (they sum to T). */
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public StepResult step(MultiTaskModel model, Variable input, Map<String, int[]> targets) {
        StateEntries.requireTasks(name(), tasks, model);
        RepresentationPass pass = RepresentationPass.run(name(), model, input, targets, true);
        GramMatrix gram = pass.gram();
        double[] losses = pass.losses();
        double[] used = weights.clone();
        Diagnostics d = Diagnostics.of(pass.names(), gram, Double.NaN);
        pass.finish(used, used);
        if (initialLosses == null) initialLosses = toFloat(losses);
        update(weightGradient(gram, losses));
        return new StepResult(pass.lossMap(), pass.byName(used), pass.outputMap(), d);
    }

    /** {@code d L_grad / d w_t = sign(G_t - Gbar r_t^alpha) ||g_t||}, the target held constant. */
    double[] weightGradient(GramMatrix gram, double[] losses) {
        int n = weights.length;
        double[] norm = new double[n], ratio = new double[n];
        double meanG = 0, meanRatio = 0;
        for (int t = 0; t < n; t++) {
            norm[t] = gram.norm(t);
            meanG += weights[t] * norm[t] / n;
            ratio[t] = initialLosses[t] > 0 ? losses[t] / initialLosses[t] : 1;
            meanRatio += ratio[t] / n;
        }
        double[] grad = new double[n];
        for (int t = 0; t < n; t++) {
            double r = meanRatio > 0 ? ratio[t] / meanRatio : 1;
            double target = meanG * Math.pow(r, alpha);
            grad[t] = Math.signum(weights[t] * norm[t] - target) * norm[t];
        }
        return grad;
    }

    private void update(double[] grad) {
        steps++;
        int n = weights.length;
        double c1 = 1 - Math.pow(BETA1, steps), c2 = 1 - Math.pow(BETA2, steps);
        double sum = 0;
        for (int t = 0; t < n; t++) {
            m[t] = (float) (BETA1 * m[t] + (1 - BETA1) * grad[t]);
            v[t] = (float) (BETA2 * v[t] + (1 - BETA2) * grad[t] * grad[t]);
            double w = weights[t] - learningRate * (m[t] / c1) / (Math.sqrt(v[t] / c2) + EPS);
            sum += weights[t] = Math.max(0, w);
        }
        for (int t = 0; t < n; t++) weights[t] = sum > 0 ? (float) (weights[t] * n / sum) : 1;
    }

    private static double[] toFloat(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = (float) x[i];
        return out;
    }

    /** {@code gradnorm.weights}, {@code .initial_losses} (after the first step), {@code .adam_m}, {@code .adam_v}, {@code .steps}. */
    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        s.put("gradnorm.weights", StateEntries.vector(weights));
        if (initialLosses != null) s.put("gradnorm.initial_losses", StateEntries.vector(initialLosses));
        s.put("gradnorm.adam_m", StateEntries.vector(m));
        s.put("gradnorm.adam_v", StateEntries.vector(v));
        s.put("gradnorm.steps", StepCounter.toTensor(steps));
        return s;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        String[] keys = {"gradnorm.weights", "gradnorm.initial_losses", "gradnorm.adam_m", "gradnorm.adam_v", "gradnorm.steps"};
        StateEntries.requireKnown(name(), state, Set.of(keys));
        int n = tasks.size();
        double[] w = StateEntries.doubles(StateEntries.get(name(), state, keys[0], n, true));
        Tensor l0 = StateEntries.get(name(), state, keys[1], n, false);
        double[] mm = StateEntries.doubles(StateEntries.get(name(), state, keys[2], n, true));
        double[] vv = StateEntries.doubles(StateEntries.get(name(), state, keys[3], n, true));
        long s = StepCounter.fromTensor(name(), StateEntries.get(name(), state, keys[4], 1, true));
        weights = w;
        initialLosses = l0 == null ? null : StateEntries.doubles(l0);
        m = mm;
        v = vv;
        steps = s;
    }
}
