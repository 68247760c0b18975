package mgdaunet.app.metrics;

import java.util.List;

/**
 * Accumulates one task's evaluation over a whole set, batch by batch: the confusion matrix of its
 * predictions and its loss weighted by batch size. Call {@link #metrics()} once at the end.
 *
 * <pre>{@code
 * TaskMeter seg = TaskMeter.segmentation("seg", 11, 10);
 * for (Batch b : batches) {
 *     seg.addLogits(segLogits.data(), b.size(), b.segTargets());   // N x 11 x H x W logits, N*H*W targets
 *     seg.addLoss(segLoss, b.size());
 * }
 * TaskMetrics m = seg.metrics();
 * }</pre>
 */
public final class TaskMeter {
    private final String task;
    private final int background; // -1 for classification
    private final ConfusionMatrix confusion;
    private int[] predicted = new int[0];
    private double lossSum;
    private long lossCount;

    private TaskMeter(String task, int classes, int background) {
        this.task = task;
        this.background = background;
        this.confusion = new ConfusionMatrix(classes);
    }

    /** A meter for a task with one class per image (left, right, count). */
    public static TaskMeter classification(String task, int classes) {
        return new TaskMeter(task, classes, -1);
    }

    /** A meter for a task with one class per pixel; {@code background} is the background class. */
    public static TaskMeter segmentation(String task, int classes, int background) {
        if (background < 0 || background >= classes) {
            throw new IllegalArgumentException("task " + task + ": background class " + background + " out of range 0.." + (classes - 1));
        }
        return new TaskMeter(task, classes, background);
    }

    public String task() {
        return task;
    }

    public int classes() {
        return confusion.classes();
    }

    /** True for a segmentation task. */
    public boolean perPixel() {
        return background >= 0;
    }

    /** The scalar metric names this task reports, in order (CSV columns, table columns). */
    public List<String> metricNames() {
        return perPixel() ? SegmentationMetrics.NAMES : ClassificationMetrics.NAMES;
    }

    /**
     * Adds a batch of {@code n} examples from raw logits: N x C for classification, NCHW
     * (N x C x H x W) for segmentation with {@code targets} of length N*H*W.
     */
    public void addLogits(float[] logits, int n, int[] targets) {
        if (n == 0 && targets.length == 0 && logits.length == 0) return; // an empty batch adds nothing
        if (n <= 0 || targets.length % n != 0) {
            throw new IllegalArgumentException("task " + task + ": " + targets.length + " targets do not split into " + n + " examples");
        }
        int plane = targets.length / n;
        if (!perPixel() && plane != 1) {
            throw new IllegalArgumentException("task " + task + ": classification expects one target per example, got " + targets.length + " for " + n);
        }
        if (predicted.length < targets.length) predicted = new int[targets.length];
        // A plane of H*W pixels is an H*W x 1 image to the argmax.
        if (perPixel()) Argmax.pixels(logits, n, classes(), plane, 1, predicted);
        else Argmax.rows(logits, n, classes(), predicted);
        confusion.add(targets, 0, predicted, 0, targets.length);
    }

    /** Adds predicted class indices against targets (equal lengths). */
    public void addPredictions(int[] predictedClasses, int[] targets) {
        confusion.add(targets, predictedClasses);
    }

    /** Adds a batch's mean loss over its {@code examples} examples. */
    public void addLoss(double meanLoss, int examples) {
        if (examples < 0) throw new IllegalArgumentException("task " + task + ": negative example count " + examples);
        lossSum += meanLoss * examples;
        lossCount += examples;
    }

    /** Mean loss per example over everything added; NaN before any loss. */
    public double meanLoss() {
        return lossCount == 0 ? Double.NaN : lossSum / lossCount;
    }

    /** The task's metrics over everything added so far. */
    public TaskMetrics metrics() {
        return perPixel() ? SegmentationMetrics.of(confusion, background) : ClassificationMetrics.of(confusion);
    }

    /**
     * What the meter has counted: the confusion matrix and the loss sum, so that a training epoch
     * interrupted half-way reports, once resumed, what it would have reported in one go.
     */
    public record State(long[][] confusion, double lossSum, long lossCount) {}

    public State state() {
        return new State(confusion.toArray(), lossSum, lossCount);
    }

    /** Replaces the counts with {@code s}'s; a matrix of another size is refused. */
    public void restore(State s) {
        ConfusionMatrix counts = ConfusionMatrix.of(s.confusion());
        if (counts.classes() != confusion.classes()) {
            throw new IllegalArgumentException("task " + task + ": a saved confusion matrix of " + counts.classes() + " classes for a meter of " + confusion.classes());
        }
        confusion.reset();
        confusion.addAll(counts);
        lossSum = s.lossSum();
        lossCount = s.lossCount();
    }

    /** Clears counts and loss for the next evaluation. */
    public void reset() {
        confusion.reset();
        lossSum = 0;
        lossCount = 0;
    }
}
