package mgdaunet.app.progress;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mgdaunet.app.metrics.TaskMetrics;

/**
 * What is printed when an epoch ends: timings and throughput, then a table of the tasks (train and
 * validation loss, the strategy's weight, the validation metrics), then the cosines between the
 * tasks' gradients as a lower-triangular table.
 *
 * <pre>
 * epoch 3/5 done in 1:45: train 1:39 (40.4 img/s), validation 0:06 (166.7 img/s)
 *   task   train loss  val loss  weight  metric           others
 *   seg        0.1234    0.1321   0.412  mIoU     0.8312  pixel acc 0.9790  bg IoU 0.9871  Dice 0.9012  digit acc 0.8790
 *   left       0.4321    0.4876   0.301  accuracy 0.8830
 *   gradient cosines    seg    left
 *   left             -0.123
 *   right             0.045   0.210
 * </pre>
 *
 * @param strategy the weighting strategy's name, for the weight column's header (may be empty)
 * @param gradientCosines T x T cosines between the tasks' gradients, or null when not measured
 */
public record EpochSummary(
        int epoch,
        int epochs,
        double trainSeconds,
        long trainImages,
        double evalSeconds,
        long evalImages,
        String strategy,
        List<TaskResult> tasks,
        double[][] gradientCosines) {

    /** One task's line; {@code validation} may be null when the epoch was not evaluated. */
    public record TaskResult(String task, double trainLoss, double valLoss, double weight, TaskMetrics validation) {}

    private static final Map<String, String> SHORT_NAMES = Map.of(
            "miou", "mIoU",
            "pixel_accuracy", "pixel acc",
            "background_iou", "bg IoU",
            "mean_dice", "Dice",
            "digit_pixel_accuracy", "digit acc");

    public EpochSummary {
        tasks = List.copyOf(tasks);
        if (gradientCosines != null) {
            for (double[] row : gradientCosines) {
                if (gradientCosines.length != tasks.size() || row.length != tasks.size()) {
                    throw new IllegalArgumentException("epoch summary: gradient cosines must be " + tasks.size() + " x " + tasks.size());
                }
            }
        }
    }

    /** The summary as lines of text, without line terminators. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "epoch %d/%d done in %s: train %s (%s), validation %s (%s)",
                epoch, epochs, Durations.format(trainSeconds + evalSeconds),
                Durations.format(trainSeconds), rate(trainImages, trainSeconds),
                Durations.format(evalSeconds), rate(evalImages, evalSeconds)));

        TextTable table = new TextTable(
                List.of("task", "train loss", "val loss", strategy == null || strategy.isEmpty() ? "weight" : strategy + " weight", "metric", "", "others"),
                List.of(TextTable.Align.LEFT, TextTable.Align.RIGHT, TextTable.Align.RIGHT, TextTable.Align.RIGHT,
                        TextTable.Align.LEFT, TextTable.Align.RIGHT, TextTable.Align.LEFT));
        for (TaskResult t : tasks) {
            String mainName = "", mainValue = "-";
            List<String> others = new ArrayList<>();
            if (t.validation() != null) {
                TaskMetrics m = t.validation();
                mainName = shortName(m.mainName());
                mainValue = Numbers.metric(m.main());
                for (var e : m.scalars().entrySet()) {
                    if (!e.getKey().equals(m.mainName())) others.add(shortName(e.getKey()) + " " + Numbers.metric(e.getValue()));
                }
            }
            table.add(List.of(t.task(), Numbers.loss(t.trainLoss()), Numbers.loss(t.valLoss()), Numbers.fixed3(t.weight()),
                    mainName, mainValue, String.join("  ", others)));
        }
        out.addAll(table.lines("  "));

        if (gradientCosines != null && tasks.size() > 1) {
            List<String> header = new ArrayList<>(List.of("gradient cosines"));
            List<TextTable.Align> aligns = new ArrayList<>(List.of(TextTable.Align.LEFT));
            for (int c = 0; c < tasks.size() - 1; c++) {
                header.add(tasks.get(c).task());
                aligns.add(TextTable.Align.RIGHT);
            }
            TextTable cos = new TextTable(header, aligns);
            for (int r = 1; r < tasks.size(); r++) {
                List<String> row = new ArrayList<>(List.of(tasks.get(r).task()));
                for (int c = 0; c < tasks.size() - 1; c++) row.add(c < r ? Numbers.fixed3(gradientCosines[r][c]) : "");
                cos.add(row);
            }
            out.addAll(cos.lines("  "));
        }
        return out;
    }

    /** Prints {@link #lines()} to {@code out}. */
    public void print(PrintStream out) {
        for (String line : lines()) out.println(line);
        out.flush();
    }

    static String shortName(String metric) {
        return SHORT_NAMES.getOrDefault(metric, metric.replace('_', ' '));
    }

    private static String rate(long images, double seconds) {
        return seconds > 0 ? String.format(Locale.ROOT, "%.1f img/s", images / seconds) : "- img/s";
    }
}
