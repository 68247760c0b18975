package mgdaunet.app.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mgdaunet.app.metrics.TaskMeter;
import mgdaunet.app.metrics.TaskMetrics;
import mgdaunet.mgda.StepResult;

/**
 * What a training epoch has seen so far: per task the loss and the confusion matrix of the
 * predictions made while training, and the strategy's weights at every step. It can be saved in a
 * checkpoint half-way through an epoch and restored, so that a resumed epoch reports exactly what
 * an uninterrupted one would have.
 */
public final class EpochAccumulator {
    /** The accumulated state, as it goes into a checkpoint's metadata (JSON: doubles round-trip exactly). */
    public record Saved(int steps, long images, double seconds, List<double[]> weights, Map<String, TaskMeter.State> meters) {}

    private final List<String> tasks;
    private final Map<String, TaskMeter> meters = new LinkedHashMap<>();
    private final List<double[]> weights = new ArrayList<>();
    private int steps;
    private long images;
    private double seconds;

    public EpochAccumulator(List<String> tasks, Map<String, Integer> classes) {
        this.tasks = List.copyOf(tasks);
        for (String t : tasks) meters.put(t, Evaluator.meter(t, classes.get(t)));
    }

    /** Continues from a saved state; a state of other tasks is refused. */
    public static EpochAccumulator restore(List<String> tasks, Map<String, Integer> classes, Saved saved) {
        EpochAccumulator a = new EpochAccumulator(tasks, classes);
        if (saved.meters() == null || !saved.meters().keySet().equals(a.meters.keySet())) {
            throw new IllegalArgumentException("saved epoch progress covers tasks " + (saved.meters() == null ? "none" : saved.meters().keySet()) + ", not " + tasks);
        }
        for (var e : saved.meters().entrySet()) a.meters.get(e.getKey()).restore(e.getValue());
        for (double[] w : saved.weights()) {
            if (w.length != tasks.size()) throw new IllegalArgumentException("saved epoch progress has " + w.length + " weights per step for " + tasks.size() + " tasks");
            a.weights.add(w.clone());
        }
        a.steps = saved.steps();
        a.images = saved.images();
        a.seconds = saved.seconds();
        return a;
    }

    /** Adds one training step of {@code n} images with the given targets per task. */
    public void add(StepResult r, int n, Map<String, int[]> targets) {
        double[] w = new double[tasks.size()];
        for (int t = 0; t < w.length; t++) {
            String task = tasks.get(t);
            TaskMeter m = meters.get(task);
            m.addLoss(r.losses().get(task), n);
            m.addLogits(r.outputs().get(task).data(), n, targets.get(task));
            Double weight = r.weights().get(task);
            w[t] = weight == null ? Double.NaN : weight;
        }
        weights.add(w);
        steps++;
        images += n;
    }

    /** Adds training time (this session's share of the epoch). */
    public void addSeconds(double s) {
        seconds += s;
    }

    public Saved save() {
        Map<String, TaskMeter.State> states = new LinkedHashMap<>();
        meters.forEach((k, v) -> states.put(k, v.state()));
        return new Saved(steps, images, seconds, List.copyOf(weights), states);
    }

    public int steps() {
        return steps;
    }

    public long images() {
        return images;
    }

    public double seconds() {
        return seconds;
    }

    /** The weights of every step so far, in task order. */
    public List<double[]> weights() {
        return List.copyOf(weights);
    }

    public double meanLoss(String task) {
        return meters.get(task).meanLoss();
    }

    /** The strategy's mean weight of {@code task} over the epoch's steps. */
    public double meanWeight(String task) {
        int t = tasks.indexOf(task);
        double sum = 0;
        for (double[] w : weights) sum += w[t];
        return weights.isEmpty() ? Double.NaN : sum / weights.size();
    }

    public TaskMetrics metrics(String task) {
        return meters.get(task).metrics();
    }
}
