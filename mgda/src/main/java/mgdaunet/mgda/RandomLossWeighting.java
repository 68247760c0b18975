package mgdaunet.mgda;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/**
 * {@code rlw}: random loss weighting (Lin, Ye, Xu, Shi and Zhang, TMLR 2022 / arXiv 2021). Every step
 * draws {@code e ~ N(0, I_T)} and uses {@code w = softmax(e)} (weights sum to 1): {@code sum_t w_t L_t}.
 * The draws are seeded per (seed, step), so a run is repeatable and a resumed one (its step count in
 * the state) continues the same sequence.
 */
public final class RandomLossWeighting implements Strategy {
    private final List<String> tasks;
    private final long seed;
    private long steps;

    public RandomLossWeighting(List<String> tasks, long seed) {
        this.tasks = List.copyOf(tasks);
        this.seed = seed;
    }

    @Override
    public String name() {
        return "rlw";
    }

    /** The weights of step {@code step} (0-based). */
    public double[] weights(long step) {
        SplittableRandom rng = StepRandom.forStep(seed, step);
        int n = tasks.size();
        double[] e = new double[n];
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int t = 0; t < n; t++) max = Math.max(max, e[t] = rng.nextGaussian());
        for (int t = 0; t < n; t++) sum += e[t] = Math.exp(e[t] - max);
        for (int t = 0; t < n; t++) e[t] /= sum;
        return e;
    }

    @Override
    public StepResult step(MultiTaskModel model, Variable input, Map<String, int[]> targets) {
        StateEntries.requireTasks(name(), tasks, model);
        StepResult r = WeightedLossStep.run(name(), model, input, targets, weights(steps));
        steps++;
        return r;
    }

    /** {@code rlw.steps}: steps taken (the position in the random sequence). */
    @Override
    public Map<String, Tensor> stateDict() {
        return Map.of("rlw.steps", StepCounter.toTensor(steps));
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        StateEntries.requireKnown(name(), state, Set.of("rlw.steps"));
        Tensor s = StateEntries.get(name(), state, "rlw.steps", 1, false);
        steps = s == null ? 0 : StepCounter.fromTensor(name(), s);
    }
}
