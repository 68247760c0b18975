package mgdaunet.app.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A run's {@code metrics.csv}: columns {@code epoch,task,split}, then {@code loss}, the metrics of
 * every task of the run (empty where a metric does not apply to a task), {@code weight} (the
 * strategy's mean weight of the task over the epoch), {@code lr}, {@code seconds} and
 * {@code images_per_s}. One row per epoch, task and split; crash-safe and resumable as
 * {@link CsvLog} explains. Numbers are written in full precision, NaN as {@code NaN}; pandas and
 * Python's {@code csv} read the file as is.
 */
public final class MetricsCsv {
    public static final String LOSS = "loss";
    public static final String WEIGHT = "weight";
    public static final String LR = "lr";
    public static final String SECONDS = "seconds";
    public static final String IMAGES_PER_SECOND = "images_per_s";
    /** Split names. */
    public static final String TRAIN = "train";
    public static final String VALIDATION = "val";

    private static final List<String> KEYS = List.of(CsvLog.EPOCH, "task", "split");

    private final CsvLog log;
    private final List<String> valueColumns;

    private MetricsCsv(CsvLog log) {
        this.log = log;
        this.valueColumns = log.header().subList(KEYS.size(), log.header().size());
    }

    /** The value columns of a run whose tasks report {@code metricNames} (duplicates dropped, order kept). */
    public static List<String> valueColumns(Collection<String> metricNames) {
        Set<String> cols = new LinkedHashSet<>();
        cols.add(LOSS);
        cols.addAll(metricNames);
        cols.addAll(List.of(WEIGHT, LR, SECONDS, IMAGES_PER_SECOND));
        return List.copyOf(cols);
    }

    /** Starts a new file (replacing any) with the given value columns. */
    public static MetricsCsv create(Path file, List<String> valueColumns) throws ReportFileException {
        return new MetricsCsv(CsvLog.create(file, header(valueColumns)));
    }

    /** Continues {@code file} after {@code lastEpoch}, dropping later rows and a torn last line. */
    public static MetricsCsv resume(Path file, List<String> valueColumns, int lastEpoch) throws ReportFileException {
        return new MetricsCsv(CsvLog.resume(file, header(valueColumns), lastEpoch));
    }

    /** Every complete row of {@code file}, e.g. to plot a resumed run's whole history. */
    public static List<MetricsRow> read(Path file) throws ReportFileException {
        CsvLog.Table table = CsvLog.read(file);
        List<String> header = table.header();
        if (header.size() < KEYS.size() || !header.subList(0, KEYS.size()).equals(KEYS)) {
            throw new ReportFileException(file, "not a metrics file: its columns start " + header + ", expected " + KEYS);
        }
        List<MetricsRow> rows = new ArrayList<>();
        for (int r = 0; r < table.rows().size(); r++) {
            List<String> f = table.rows().get(r);
            Map<String, Double> values = new LinkedHashMap<>();
            for (int c = KEYS.size(); c < header.size(); c++) {
                if (f.get(c).isEmpty()) continue;
                values.put(header.get(c), parse(file, r, header.get(c), f.get(c)));
            }
            int epoch = (int) parse(file, r, CsvLog.EPOCH, f.get(0));
            rows.add(new MetricsRow(epoch, f.get(1), f.get(2), values));
        }
        return rows;
    }

    public Path file() {
        return log.file();
    }

    public List<String> valueColumns() {
        return valueColumns;
    }

    /** Appends one epoch's rows, forced to disk. A value for a column the file lacks is a bug: it throws. */
    public void append(List<MetricsRow> rows) throws ReportFileException {
        List<List<String>> lines = new ArrayList<>();
        for (MetricsRow row : rows) {
            for (String column : row.values().keySet()) {
                if (!valueColumns.contains(column)) {
                    throw new IllegalArgumentException(file() + ": no column '" + column + "' among " + valueColumns);
                }
            }
            List<String> fields = new ArrayList<>(List.of(Integer.toString(row.epoch()), row.task(), row.split()));
            for (String column : valueColumns) {
                Double v = row.values().get(column);
                fields.add(v == null ? "" : format(v));
            }
            lines.add(fields);
        }
        log.append(lines);
    }

    static String format(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v); // "3", not "3.0"
        return Double.toString(v);
    }

    private static double parse(Path file, int row, String column, String text) throws ReportFileException {
        try {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "nan" -> Double.NaN;
                case "inf", "infinity" -> Double.POSITIVE_INFINITY;
                case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(text);
            };
        } catch (NumberFormatException e) {
            throw new ReportFileException(file, "row " + (row + 1) + ", column " + column + ": '" + text + "' is not a number");
        }
    }

    private static List<String> header(List<String> valueColumns) {
        List<String> h = new ArrayList<>(KEYS);
        for (String c : valueColumns) {
            if (KEYS.contains(c)) throw new IllegalArgumentException("metrics.csv: '" + c + "' is a key column, not a value column");
        }
        h.addAll(valueColumns);
        return h;
    }
}
