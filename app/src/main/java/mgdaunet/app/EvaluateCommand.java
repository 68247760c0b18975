package mgdaunet.app;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import mgdaunet.app.data.BatchLoader;
import mgdaunet.app.data.Datasets;
import mgdaunet.app.data.Layout;
import mgdaunet.app.data.M2nistFiles;
import mgdaunet.app.data.SceneSet;
import mgdaunet.app.data.Task;
import mgdaunet.app.metrics.MultiTaskImprovement;
import mgdaunet.app.metrics.TaskMetrics;
import mgdaunet.app.progress.EvaluationTable;
import mgdaunet.app.report.Baselines;
import mgdaunet.app.report.Json;
import mgdaunet.app.train.Evaluator;
import mgdaunet.app.train.RestoredModel;
import mgdaunet.app.train.TrainConfig;
import mgdaunet.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mgda-unet evaluate}: every task's metrics of a checkpoint on the test scenes, and Δm against single-task baselines. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Evaluate a checkpoint on the test scenes (by default the very scenes its run validated on): loss and metrics of every task.",
            "With --baseline summaries of single-task runs, also the multi-task improvement dm (LibMTL): the mean over tasks of the relative gain."})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", order = 0,
            description = "A checkpoint of a run (checkpoints/best.safetensors, epoch-NNN.safetensors), or a bare state dict with --config.")
    Path checkpoint;

    @Option(names = "--config", paramLabel = "FILE", order = 0, description = "The config.json describing the network (default: the checkpoint's own).")
    Path config;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--seed", paramLabel = "S", order = 6, description = "Seed of generated scenes (default: the run's).")
    Long seed;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT", order = 7, description = "test or train scenes (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--baseline", paramLabel = "SUMMARY", order = 8,
            description = "summary.json of a single-task run (repeat, one per task): prints dm, the multi-task improvement over them.")
    List<Path> baselines = new ArrayList<>();

    @Option(names = "--batch-size", defaultValue = "50", paramLabel = "N", order = 9, description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--threads", paramLabel = "N", order = 10, description = "Compute threads (default: every core).")
    Integer threads;

    @Option(names = "--json", order = 11, description = "Print the results as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (threads != null) {
            if (threads < 1) throw new UserInputException("--threads must be at least 1, got " + threads);
            Parallel.setThreads(threads);
        }
        if (batchSize < 1) throw new UserInputException("--batch-size must be at least 1, got " + batchSize);
        boolean onTest = switch (split.strip().toLowerCase(Locale.ROOT)) {
            case "test" -> true;
            case "train" -> false;
            default -> throw new UserInputException("unknown --split '" + split + "'; expected test or train");
        };
        Baselines base = baselines.isEmpty() ? null : Baselines.read(baselines);
        RestoredModel restored = RestoredModel.load(checkpoint, config);
        TrainConfig c = restored.config();
        SceneSet set = scenes(c, onTest);
        List<Task> tasks = c.tasks().stream().map(Task::parse).toList();
        set.require(tasks);
        if (set.height() != c.model().inputHeight() || set.width() != c.model().inputWidth()) {
            throw new UserInputException("the network of " + checkpoint + " takes scenes of " + c.model().inputHeight() + " x " + c.model().inputWidth()
                    + ", these are " + set.height() + " x " + set.width() + " (" + set.name() + ")");
        }
        Evaluator.Result r;
        try (BatchLoader loader = new BatchLoader(set, tasks, BatchLoader.Options.evaluation(batchSize))) {
            r = Evaluator.evaluate(restored.model(), loader, c.tasks(), c.model().classes(), 0);
        }
        Double deltaM = null;
        List<MultiTaskImprovement.Comparison> comparisons = null;
        if (base != null) {
            try {
                comparisons = base.compare(r.metrics());
                deltaM = MultiTaskImprovement.percent(comparisons);
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--baseline: " + e.getMessage(), e);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.toJson(jsonResult(restored, set, r, deltaM, comparisons)));
        } else {
            out.printf(Locale.ROOT, "checkpoint %s (%s): tasks %s%n", checkpoint, restored.describe(), String.join(", ", c.tasks()));
            out.printf(Locale.ROOT, "evaluated on %s: %d scenes in %.1f s (%.1f img/s)%n", set.name(), r.images(), r.seconds(), r.images() / Math.max(r.seconds(), 1e-9));
            List<EvaluationTable.Row> rows = new ArrayList<>();
            for (String t : c.tasks()) rows.add(new EvaluationTable.Row(t, r.losses().get(t), r.metrics().get(t)));
            for (String line : new EvaluationTable(rows).lines()) out.println(line);
            if (deltaM != null) {
                out.printf(Locale.ROOT, "multi-task improvement dm = %+.2f%% over the single-task baselines:%n", deltaM);
                for (MultiTaskImprovement.Comparison cmp : comparisons) {
                    out.printf(Locale.ROOT, "  %-6s %s %.4f vs %.4f (%s): %+.2f%%%n", cmp.task(), cmp.metric(), cmp.multiTask(), cmp.singleTask(),
                            base.byTask().get(cmp.task()).source(), 100 * cmp.relativeGain());
                }
            }
        }
        out.flush();
        return 0;
    }

    /** The scenes to evaluate on: the run's data settings, with the flags given overriding them. */
    private SceneSet scenes(TrainConfig c, boolean onTest) {
        TrainConfig.Data d = c.data();
        if (onTest && dataOptions.data != null && dataOptions.trainSize == null && dataOptions.testSize == null
                && M2nistFiles.isSceneFolder(dataOptions.data)) {
            // A folder of scenes named on the command line without split sizes: evaluate on all of them.
            return M2nistFiles.read(dataOptions.data);
        }
        Path source = dataOptions.data != null ? dataOptions.data : d.source() == null ? null : Path.of(d.source());
        Layout layout = Layout.parse(dataOptions.layout != null ? dataOptions.layout : d.layout());
        int trainSize = dataOptions.trainSize != null ? dataOptions.trainSize : d.trainSize();
        int testSize = dataOptions.testSize != null ? dataOptions.testSize : d.testSize();
        boolean transposed = dataOptions.transposed != null ? dataOptions.transposed : d.transposed();
        Datasets.Split s = Datasets.load(source, layout, trainSize, testSize, seed != null ? seed : c.seed(), transposed);
        return onTest ? s.test() : s.train();
    }

    private static JsonObject jsonResult(RestoredModel m, SceneSet set, Evaluator.Result r, Double deltaM, List<MultiTaskImprovement.Comparison> cmp) {
        JsonObject o = new JsonObject();
        o.addProperty("checkpoint", m.file().toString());
        o.addProperty("scenes", set.name());
        o.addProperty("images", r.images());
        o.addProperty("seconds", r.seconds());
        JsonObject tasks = new JsonObject();
        for (var e : r.metrics().entrySet()) {
            TaskMetrics t = e.getValue();
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("loss", r.losses().get(e.getKey()));
            v.put("main_metric", t.mainName());
            v.put("metrics", t.scalars());
            v.put("per_class", t.perClass());
            tasks.add(e.getKey(), Json.toTree(v));
        }
        o.add("tasks", tasks);
        if (deltaM != null) {
            o.add("delta_m_percent", Json.toTree(deltaM));
            o.add("baselines", Json.toTree(cmp));
        }
        return o;
    }
}
