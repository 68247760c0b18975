package mgdaunet.app.report;

import com.google.gson.JsonElement;
import com.google.gson.annotations.SerializedName;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mgdaunet.app.metrics.TaskMetrics;

/**
 * The JSON summary of a run ({@code summary.json}), rewritten atomically after every epoch: the
 * configuration, for each task its final and best epoch, timings and throughput, the machine it
 * ran on, and the per-epoch history the rest is derived from (which is what {@code --resume}
 * restores). Undefined metrics are {@code null} in the file and NaN here. Build it with
 * {@link SummaryRecorder}.
 *
 * @param format always {@link #FORMAT}, so a reader can tell the file apart from other JSON
 * @param status {@link #RUNNING}, {@link #COMPLETED}, {@link #STOPPED} (Ctrl-C) or {@link #FAILED}
 * @param started when the run began (ISO-8601), kept across resumes
 * @param updated when this summary was written
 */
public record RunSummary(
        String format,
        int version,
        String status,
        String started,
        String updated,
        int epochsPlanned,
        int epochsCompleted,
        JsonElement config,
        Map<String, TaskSummary> tasks,
        Timing timing,
        Environment environment,
        List<EpochRecord> epochs) {

    public static final String FORMAT = "mgda-unet run summary";
    public static final int VERSION = 1;
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String STOPPED = "stopped";
    public static final String FAILED = "failed";

    /** One task's results at the end of one epoch; {@code metrics} are on the validation split. */
    public record TaskEpoch(
            int epoch,
            double trainLoss,
            double valLoss,
            double weight,
            String mainMetric,
            boolean higherIsBetter,
            Map<String, Double> metrics,
            Map<String, double[]> perClass) {

        /** From a task's validation metrics; {@code weight} is the strategy's mean weight (NaN if none). */
        public static TaskEpoch of(int epoch, double trainLoss, double weight, double valLoss, TaskMetrics validation) {
            return new TaskEpoch(epoch, trainLoss, valLoss, weight, validation.mainName(), validation.higherIsBetter(),
                    validation.scalars(), validation.perClass());
        }

        /** The value of the main metric. */
        public double main() {
            Double v = metrics.get(mainMetric);
            return v == null ? Double.NaN : v;
        }
    }

    /** One epoch of the run: its timings and every task's results. */
    public record EpochRecord(
            int epoch,
            double trainSeconds,
            long trainImages,
            double evalSeconds,
            long evalImages,
            double lr,
            Map<String, TaskEpoch> tasks) {
        public EpochRecord {
            tasks = new LinkedHashMap<>(tasks);
        }
    }

    /** A task's final epoch and its best by the main metric ({@code null} while no epoch has a defined one). */
    public record TaskSummary(
            String mainMetric,
            boolean higherIsBetter,
            @SerializedName("final") TaskEpoch last,
            TaskEpoch best) {}

    /**
     * Wall-clock seconds spent training and evaluating, summed over epochs (and over resumed sessions),
     * and the peak heap the run kept alive ({@link HeapPeak}: in use after a collection, MB; the
     * largest of this and earlier sessions).
     */
    public record Timing(
            double trainSeconds,
            double evalSeconds,
            double totalSeconds,
            double secondsPerEpoch,
            long trainImages,
            long evalImages,
            double trainImagesPerSecond,
            double evalImagesPerSecond,
            long peakHeapMb) {}

    /** Reads a summary written by this or an earlier run (e.g. a single-task baseline for Δm). */
    public static RunSummary read(Path file) throws ReportFileException {
        RunSummary s = Json.read(file, RunSummary.class);
        if (!FORMAT.equals(s.format())) {
            throw new ReportFileException(file, "not a run summary (its \"format\" is " + (s.format() == null ? "missing" : "'" + s.format() + "'") + ")");
        }
        if (s.version() > VERSION) {
            throw new ReportFileException(file, "summary version " + s.version() + " is newer than this program reads (" + VERSION + ")");
        }
        return s;
    }

    /** Writes this summary atomically. */
    public void write(Path file) throws ReportFileException {
        Json.write(file, this);
    }
}
