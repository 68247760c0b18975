package mgdaunet.app.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mgdaunet.app.report.plot.Figure;
import mgdaunet.app.report.plot.LineChart;
import mgdaunet.app.report.plot.PlotColors;
import mgdaunet.app.report.plot.Series;

/**
 * The run folder's plots: training curves from {@code metrics.csv} rows (loss per task, train
 * solid and validation dashed; the main metric per task) and task weights over time from
 * {@code weights.csv}. Each task keeps one colour in every plot.
 */
public final class TrainingPlots {
    private static final int PANEL_WIDTH = 560;
    private static final int HEIGHT = 420;
    /** Beyond this many points per series, a curve is drawn without dots. */
    private static final int MAX_MARKED_POINTS = 40;

    private TrainingPlots() {}

    /**
     * Two panels: loss per task and split, and the main metric per task and split
     * ({@code mainMetricByTask}: "seg" to "miou", "left" to "accuracy"...). A split without a
     * value for a column is left out.
     */
    public static Figure curves(List<MetricsRow> rows, Map<String, String> mainMetricByTask) {
        List<String> tasks = tasks(rows);
        LineChart.Builder loss = LineChart.builder("Loss").xLabel("epoch").yLabel("loss").integerX();
        // Metrics are usually measured on the validation split only; then the labels need not say so.
        boolean trainMetrics = rows.stream().anyMatch(r -> r.split().equals(MetricsCsv.TRAIN)
                && mainMetricByTask.containsKey(r.task()) && r.values().containsKey(mainMetricByTask.get(r.task())));
        LineChart.Builder metric = LineChart.builder(trainMetrics ? "Metrics" : "Validation metrics").xLabel("epoch").yLabel("metric").integerX();
        boolean unitRange = true;
        for (int t = 0; t < tasks.size(); t++) {
            String task = tasks.get(t);
            String main = mainMetricByTask.get(task);
            for (String split : List.of(MetricsCsv.TRAIN, MetricsCsv.VALIDATION)) {
                addCurve(loss, rows, task, split, MetricsCsv.LOSS, task + " " + split, t);
                if (main != null) {
                    String label = task + " " + displayName(main) + (trainMetrics ? " " + split : "");
                    Series s = addCurve(metric, rows, task, split, main, label, t);
                    if (s != null) for (double v : s.y()) unitRange &= Double.isNaN(v) || (v >= 0 && v <= 1);
                }
            }
        }
        if (unitRange) metric.yRange(-0.02, 1.02);
        return new Figure(PANEL_WIDTH, HEIGHT, List.of(loss.build(), metric.build()));
    }

    /**
     * The weight of each task over training, at every recorded step, on an axis in epochs (a
     * history with one step per epoch draws per-epoch weights). Long noisy histories are drawn
     * faintly with a moving average on top.
     */
    public static Figure weights(WeightsCsv.History history, String strategy) {
        List<WeightsCsv.Step> steps = history.steps();
        double[] x = epochPositions(steps);
        LineChart.Builder chart = LineChart.builder("Task weights" + (strategy == null || strategy.isEmpty() ? "" : " (" + strategy + ")"))
                .xLabel("epoch").yLabel("weight").integerX();
        boolean unitRange = true;
        for (int t = 0; t < history.tasks().size(); t++) {
            double[] y = new double[steps.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = steps.get(i).weights()[t];
                unitRange &= Double.isNaN(y[i]) || (y[i] >= 0 && y[i] <= 1);
            }
            String task = history.tasks().get(t);
            if (steps.size() > 4 * MAX_MARKED_POINTS) {
                chart.add(new Series(null, x, y, PlotColors.cycle(t), false, 0.8f, 0.3f, false));
                chart.add(Series.line(task + " (moving average)", x, movingAverage(y, Math.max(3, steps.size() / 40)), PlotColors.cycle(t)).withWidth(2f));
            } else {
                Series s = Series.line(task, x, y, PlotColors.cycle(t));
                chart.add(steps.size() <= MAX_MARKED_POINTS ? s.withMarkers() : s);
            }
        }
        if (unitRange) chart.yRange(-0.02, 1.02);
        return new Figure(PANEL_WIDTH + 80, HEIGHT, List.of(chart.build()));
    }

    /** Renders {@link #curves} to {@code png}. */
    public static void writeCurves(Path png, List<MetricsRow> rows, Map<String, String> mainMetricByTask) throws ReportFileException {
        curves(rows, mainMetricByTask).writePng(png);
    }

    /** Renders {@link #weights} to {@code png}. */
    public static void writeWeights(Path png, WeightsCsv.History history, String strategy) throws ReportFileException {
        weights(history, strategy).writePng(png);
    }

    private static List<String> tasks(List<MetricsRow> rows) {
        Set<String> tasks = new LinkedHashSet<>();
        for (MetricsRow r : rows) tasks.add(r.task());
        return List.copyOf(tasks);
    }

    /** Adds the series of one task, split and column (train solid, validation dashed); null if it has no value. */
    private static Series addCurve(LineChart.Builder chart, List<MetricsRow> rows, String task, String split, String column, String label, int colour) {
        List<double[]> points = new ArrayList<>();
        for (MetricsRow r : rows) {
            if (r.task().equals(task) && r.split().equals(split) && r.values().containsKey(column)) points.add(new double[] {r.epoch(), r.get(column)});
        }
        if (points.isEmpty()) return null;
        double[] x = new double[points.size()], y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        Series s = Series.line(label, x, y, PlotColors.cycle(colour));
        if (split.equals(MetricsCsv.VALIDATION)) s = s.asDashed();
        if (x.length <= MAX_MARKED_POINTS) s = s.withMarkers();
        chart.add(s);
        return s;
    }

    private static String displayName(String metric) {
        return switch (metric) {
            case "miou" -> "mIoU";
            case "background_iou" -> "background IoU";
            default -> metric.replace('_', ' ');
        };
    }

    /** Step i of an epoch with n recorded steps sits at (epoch - 1) + (i + 1) / n: an epoch's last step at the epoch's number. */
    static double[] epochPositions(List<WeightsCsv.Step> steps) {
        double[] x = new double[steps.size()];
        int start = 0;
        while (start < steps.size()) {
            int epoch = steps.get(start).epoch();
            int end = start;
            while (end < steps.size() && steps.get(end).epoch() == epoch) end++;
            int n = end - start;
            for (int i = start; i < end; i++) x[i] = epoch - 1 + (double) (i - start + 1) / n;
            start = end;
        }
        return x;
    }

    /** A centred moving average over {@code window} points, ignoring NaN. */
    static double[] movingAverage(double[] y, int window) {
        double[] out = new double[y.length];
        int half = window / 2;
        for (int i = 0; i < y.length; i++) {
            double sum = 0;
            int n = 0;
            for (int j = Math.max(0, i - half); j <= Math.min(y.length - 1, i + half); j++) {
                if (!Double.isNaN(y[j])) {
                    sum += y[j];
                    n++;
                }
            }
            out[i] = n == 0 ? Double.NaN : sum / n;
        }
        return out;
    }
}
