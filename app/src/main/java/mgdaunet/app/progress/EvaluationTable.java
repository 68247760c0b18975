package mgdaunet.app.progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mgdaunet.app.metrics.TaskMetrics;

/**
 * What {@code evaluate} prints: a line per task (loss, main metric, the others), then per-class
 * values (IoU of each class for segmentation, accuracy per class for the digit tasks).
 *
 * <pre>
 *   task  loss    metric           others
 *   seg   0.0412  mIoU      0.8312  pixel acc 0.9790  bg IoU 0.9871  Dice 0.9012  digit acc 0.8790
 *   left  0.4321  accuracy  0.8830
 *   seg iou: 0 0.912  1 0.871  ...  bg 0.987
 * </pre>
 */
public record EvaluationTable(List<Row> rows) {
    /** One task's evaluation. */
    public record Row(String task, double loss, TaskMetrics metrics) {}

    public EvaluationTable {
        rows = List.copyOf(rows);
    }

    public List<String> lines() {
        TextTable t = new TextTable(List.of("task", "loss", "metric", "", "others"),
                List.of(TextTable.Align.LEFT, TextTable.Align.RIGHT, TextTable.Align.LEFT, TextTable.Align.RIGHT, TextTable.Align.LEFT));
        for (Row r : rows) {
            List<String> others = new ArrayList<>();
            for (var e : r.metrics().scalars().entrySet()) {
                if (!e.getKey().equals(r.metrics().mainName())) others.add(EpochSummary.shortName(e.getKey()) + " " + Numbers.metric(e.getValue()));
            }
            t.add(List.of(r.task(), Numbers.loss(r.loss()), EpochSummary.shortName(r.metrics().mainName()), Numbers.metric(r.metrics().main()), String.join("  ", others)));
        }
        List<String> out = new ArrayList<>(t.lines("  "));
        for (Row r : rows) {
            for (Map.Entry<String, double[]> e : r.metrics().perClass().entrySet()) {
                if (e.getKey().contains("dice")) continue; // IoU says the same per class; the summary JSON has both
                StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %s %s:", r.task(), e.getKey().replace('_', ' ')));
                double[] v = e.getValue();
                for (int c = 0; c < v.length; c++) {
                    String label = v.length == 11 && c == 10 ? "bg" : Integer.toString(c);
                    sb.append(String.format(Locale.ROOT, "  %s %s", label, Double.isNaN(v[c]) ? "-" : String.format(Locale.ROOT, "%.3f", v[c])));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }
}
