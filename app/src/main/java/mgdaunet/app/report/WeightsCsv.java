package mgdaunet.app.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's {@code weights.csv}: the strategy's weight of every task at every training step
 * (columns {@code epoch,step,<task>...}), the history the task-weight plot draws and a resumed
 * run continues. Crash-safe and resumable as {@link CsvLog} explains.
 */
public final class WeightsCsv {
    /** The weights of one training step; {@code step} counts from 1 over the whole run. */
    public record Step(int epoch, long step, double[] weights) {}

    /** What a weights file holds. */
    public record History(List<String> tasks, List<Step> steps) {}

    private static final String STEP = "step";

    private final CsvLog log;
    private final int tasks;

    private WeightsCsv(CsvLog log) {
        this.log = log;
        this.tasks = log.header().size() - 2;
    }

    public static WeightsCsv create(Path file, List<String> tasks) throws ReportFileException {
        return new WeightsCsv(CsvLog.create(file, header(tasks)));
    }

    public static WeightsCsv resume(Path file, List<String> tasks, int lastEpoch) throws ReportFileException {
        return new WeightsCsv(CsvLog.resume(file, header(tasks), lastEpoch));
    }

    public static History read(Path file) throws ReportFileException {
        CsvLog.Table table = CsvLog.read(file);
        List<String> h = table.header();
        if (h.size() < 3 || !h.get(0).equals(CsvLog.EPOCH) || !h.get(1).equals(STEP)) {
            throw new ReportFileException(file, "not a weights file: its columns are " + h + ", expected epoch,step,<task>...");
        }
        List<Step> steps = new ArrayList<>();
        for (int r = 0; r < table.rows().size(); r++) {
            List<String> f = table.rows().get(r);
            try {
                double[] w = new double[h.size() - 2];
                for (int t = 0; t < w.length; t++) w[t] = f.get(t + 2).equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(f.get(t + 2));
                steps.add(new Step(Integer.parseInt(f.get(0)), Long.parseLong(f.get(1)), w));
            } catch (NumberFormatException e) {
                throw new ReportFileException(file, "row " + (r + 1) + " holds a value that is not a number: " + f);
            }
        }
        return new History(List.copyOf(h.subList(2, h.size())), steps);
    }

    public Path file() {
        return log.file();
    }

    /** Appends the steps of one epoch (or any run of steps), forced to disk. */
    public void append(List<Step> steps) throws ReportFileException {
        List<List<String>> rows = new ArrayList<>(steps.size());
        for (Step s : steps) {
            if (s.weights().length != tasks) {
                throw new IllegalArgumentException(file() + ": step " + s.step() + " has " + s.weights().length + " weights for " + tasks + " tasks");
            }
            List<String> row = new ArrayList<>(tasks + 2);
            row.add(Integer.toString(s.epoch()));
            row.add(Long.toString(s.step()));
            for (double w : s.weights()) row.add(MetricsCsv.format(w));
            rows.add(row);
        }
        log.append(rows);
    }

    private static List<String> header(List<String> tasks) {
        if (tasks.isEmpty()) throw new IllegalArgumentException("weights.csv: no task");
        List<String> h = new ArrayList<>(List.of(CsvLog.EPOCH, STEP));
        h.addAll(tasks);
        return h;
    }
}
