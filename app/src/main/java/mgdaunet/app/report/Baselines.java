package mgdaunet.app.report;

import com.google.gson.JsonElement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mgdaunet.app.metrics.MultiTaskImprovement;
import mgdaunet.app.metrics.TaskMetrics;
import mgdaunet.mgda.Strategies;

/**
 * Single-task baselines for the multi-task improvement Δm, read from the summaries of single-task
 * runs ({@code evaluate --baseline a/summary.json --baseline b/summary.json}). A task's baseline is
 * the main metric of its best epoch (by validation), the same choice as the best checkpoint that
 * {@code evaluate} is usually given.
 */
public final class Baselines {
    /** A task's baseline value and the summary it came from. */
    public record Baseline(String task, String metric, double value, Path source) {}

    private final Map<String, Baseline> byTask;

    private Baselines(Map<String, Baseline> byTask) {
        this.byTask = byTask;
    }

    /** Reads the summaries; a task found in two of them, or a summary without a best epoch, is an error naming the files. */
    public static Baselines read(List<Path> summaries) throws ReportFileException {
        Map<String, Baseline> byTask = new LinkedHashMap<>();
        for (Path file : summaries) {
            RunSummary s = RunSummary.read(file);
            if (s.tasks() == null || s.tasks().isEmpty()) throw new ReportFileException(file, "the run has no finished epoch to take a baseline from");
            String only = singleTask(s);
            for (var e : s.tasks().entrySet()) {
                if (only != null && !only.equals(e.getKey())) continue; // trained alongside, never learned from
                RunSummary.TaskEpoch best = e.getValue().best();
                if (best == null) throw new ReportFileException(file, "task '" + e.getKey() + "' has no epoch with a defined " + e.getValue().mainMetric());
                Baseline previous = byTask.put(e.getKey(), new Baseline(e.getKey(), best.mainMetric(), best.main(), file));
                if (previous != null) {
                    throw new ReportFileException(file, "task '" + e.getKey() + "' has a baseline in " + previous.source() + " already");
                }
            }
        }
        return new Baselines(byTask);
    }

    /**
     * The task a {@code single:<task>} run trained; null for any other strategy. Such a run still
     * validates the other tasks (their heads stay at their initial weights), which are no baselines.
     */
    private static String singleTask(RunSummary s) {
        if (s.config() == null || !s.config().isJsonObject()) return null;
        JsonElement strategy = s.config().getAsJsonObject().get("strategy");
        if (strategy == null || !strategy.isJsonObject() || !strategy.getAsJsonObject().has("name")) return null;
        return Strategies.singleTask(strategy.getAsJsonObject().get("name").getAsString());
    }

    /** The baselines by task, in the order read. */
    public Map<String, Baseline> byTask() {
        return Map.copyOf(byTask);
    }

    /**
     * The comparisons of a multi-task model's metrics against the baselines, for
     * {@link MultiTaskImprovement#percent}. Every task needs a baseline of the same metric.
     *
     * @throws IllegalArgumentException a task without baseline or with another metric, in one line
     */
    public List<MultiTaskImprovement.Comparison> compare(Map<String, TaskMetrics> multiTask) {
        List<MultiTaskImprovement.Comparison> out = new ArrayList<>();
        for (var e : multiTask.entrySet()) {
            Baseline b = byTask.get(e.getKey());
            if (b == null) {
                throw new IllegalArgumentException("no single-task baseline for task '" + e.getKey() + "' (baselines cover " + String.join(", ", byTask.keySet()) + ")");
            }
            if (!b.metric().equals(e.getValue().mainName())) {
                throw new IllegalArgumentException("the baseline of task '" + e.getKey() + "' in " + b.source() + " measures " + b.metric()
                        + ", not " + e.getValue().mainName());
            }
            out.add(MultiTaskImprovement.Comparison.main(e.getKey(), e.getValue(), b.value()));
        }
        return out;
    }
}
