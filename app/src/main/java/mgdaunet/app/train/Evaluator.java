package mgdaunet.app.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mgdaunet.app.data.Batch;
import mgdaunet.app.data.BatchLoader;
import mgdaunet.app.data.SceneSet;
import mgdaunet.app.data.Task;
import mgdaunet.app.metrics.Argmax;
import mgdaunet.app.metrics.TaskMeter;
import mgdaunet.app.metrics.TaskMetrics;
import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Variable;
import mgdaunet.mgda.MultiTaskModel;

/**
 * Runs a model over a whole scene set in evaluation mode, without a graph, and measures every task:
 * the loss and the metrics of {@link TaskMeter} (summed confusion matrices). It also keeps the
 * predictions for the first few scenes, for the picture of test predictions.
 */
public final class Evaluator {
    /** A set's results: per task its metrics and mean loss, and the first scenes' predictions. */
    public record Result(Map<String, TaskMetrics> metrics, Map<String, Double> losses, long images, double seconds, Predictions preview) {
        /** Every task's main metric (mIoU, accuracy) by task. */
        public Map<String, Double> mainMetrics() {
            Map<String, Double> out = new LinkedHashMap<>();
            metrics.forEach((k, v) -> out.put(k, v.main()));
            return out;
        }
    }

    /**
     * Predictions of scenes [0, count): the predicted mask (per pixel) when the model segments, and
     * the predicted class per digit task.
     */
    public record Predictions(int count, int[] masks, Map<String, int[]> classes) {}

    private Evaluator() {}

    /** A meter of the task named {@code task}: segmentation for seg (background 10), classification otherwise. */
    public static TaskMeter meter(String task, int classes) {
        return Task.parse(task).perPixel() ? TaskMeter.segmentation(task, classes, SceneSet.BACKGROUND) : TaskMeter.classification(task, classes);
    }

    /** Evaluates {@code model} on every batch of {@code loader} (its epoch 0), keeping the first {@code previewCount} predictions. */
    public static Result evaluate(MultiTaskModel model, BatchLoader loader, List<String> tasks, Map<String, Integer> classes, int previewCount) {
        long t0 = System.nanoTime();
        Map<String, TaskMeter> meters = new LinkedHashMap<>();
        for (String t : tasks) meters.put(t, meter(t, classes.get(t)));
        int preview = Math.min(previewCount, loader.set().size());
        int px = loader.set().height() * loader.set().width();
        int[] masks = tasks.contains(Task.SEG.id()) ? new int[preview * px] : null;
        Map<String, int[]> predicted = new LinkedHashMap<>();
        for (String t : tasks) if (!t.equals(Task.SEG.id())) predicted.put(t, new int[preview]);
        long images = 0;
        boolean wasTraining = model.isTraining();
        model.eval();
        try (Graph.NoGrad ignored = Graph.noGrad(); BatchLoader.Epoch batches = loader.epoch(0)) {
            int seen = 0;
            while (batches.hasNext()) {
                Batch b = batches.next();
                Map<String, Variable> outputs = model.forwardAll(Variable.constant(b.images()));
                for (String t : tasks) {
                    Task task = Task.parse(t);
                    Variable out = outputs.get(t);
                    int[] target = b.target(task);
                    TaskMeter m = meters.get(t);
                    m.addLoss(model.task(t).loss().apply(out, target).item(), b.size());
                    m.addLogits(out.value().data(), b.size(), target);
                    int keep = Math.min(b.size(), preview - seen);
                    if (keep > 0) keepPreview(out.value().data(), task, classes.get(t), keep, px, seen, masks, predicted.get(t));
                }
                seen += b.size();
                images += b.size();
            }
        } finally {
            model.train(wasTraining);
        }
        Map<String, TaskMetrics> metrics = new LinkedHashMap<>();
        Map<String, Double> losses = new LinkedHashMap<>();
        meters.forEach((k, v) -> {
            metrics.put(k, v.metrics());
            losses.put(k, v.meanLoss());
        });
        return new Result(metrics, losses, images, (System.nanoTime() - t0) / 1e9, new Predictions(preview, masks, predicted));
    }

    private static void keepPreview(float[] logits, Task task, int classes, int keep, int px, int offset, int[] masks, int[] predicted) {
        if (task.perPixel()) {
            float[] first = java.util.Arrays.copyOf(logits, keep * classes * px);
            int[] m = Argmax.pixels(first, keep, classes, px, 1);
            System.arraycopy(m, 0, masks, offset * px, keep * px);
        } else {
            float[] first = java.util.Arrays.copyOf(logits, keep * classes);
            int[] c = Argmax.rows(first, keep, classes);
            System.arraycopy(c, 0, predicted, offset, keep);
        }
    }
}
