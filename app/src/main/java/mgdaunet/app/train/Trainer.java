package mgdaunet.app.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mgdaunet.app.data.Batch;
import mgdaunet.app.data.BatchLoader;
import mgdaunet.app.data.Datasets;
import mgdaunet.app.data.Task;
import mgdaunet.app.metrics.TaskMetrics;
import mgdaunet.app.progress.EpochProgress;
import mgdaunet.app.progress.EpochSummary;
import mgdaunet.app.progress.Terminal;
import mgdaunet.app.render.SceneGrid;
import mgdaunet.app.report.Environment;
import mgdaunet.app.report.HeapPeak;
import mgdaunet.app.report.MetricsCsv;
import mgdaunet.app.report.MetricsRow;
import mgdaunet.app.report.ReportFileException;
import mgdaunet.app.report.RunSummary;
import mgdaunet.app.report.SummaryRecorder;
import mgdaunet.app.report.TrainingPlots;
import mgdaunet.app.report.WeightsCsv;
import mgdaunet.autograd.Variable;
import mgdaunet.mgda.GradientProbe;
import mgdaunet.mgda.MultiTaskModel;
import mgdaunet.mgda.StepResult;
import mgdaunet.mgda.Strategy;
import mgdaunet.nn.optim.GradientClipping;
import mgdaunet.nn.optim.LearningRateSchedule;
import mgdaunet.nn.optim.Optimizer;

/**
 * The training loop of one run, new or resumed: epochs of strategy steps and optimizer updates,
 * then at each epoch's end validation on the test scenes, the gradient cosines between the tasks
 * on a fixed test batch, and the run folder's files, written in this order: metrics.csv,
 * weights.csv, summary.json, plots, then the checkpoints. A crash between two writes therefore
 * leaves metrics of an epoch without its checkpoint, never the reverse, and a resume from the last
 * checkpoint drops those rows.
 *
 * <p>A stop request (Ctrl-C) ends the loop after the current step with a checkpoint of the epoch so
 * far ({@code interrupted.safetensors}); a loss that is not finite ends it at once, without a
 * checkpoint, keeping the last good one.
 */
public final class Trainer {
    /** How a run ended. */
    public enum Outcome { COMPLETED, STOPPED, DIVERGED }

    private final TrainConfig config;
    private final RunFolder run;
    private final Datasets.Split data;
    private final MultiTaskModel model;
    private final Strategy strategy;
    private final Optimizer optimizer;
    private final Terminal terminal;
    private final PrintStream out;
    private final StopRequest stop;
    private final List<String> tasks;
    private final List<Task> dataTasks;
    private final String bestBy;

    private MetricsCsv metricsCsv;
    private WeightsCsv weightsCsv;
    private SummaryRecorder recorder;
    private boolean plotWarningShown;
    private String failure;

    public Trainer(TrainConfig config, RunFolder run, Datasets.Split data, MultiTaskModel model, Strategy strategy, Optimizer optimizer,
                   Terminal terminal, StopRequest stop) {
        this.config = config;
        this.run = run;
        this.data = data;
        this.model = model;
        this.strategy = strategy;
        this.optimizer = optimizer;
        this.terminal = terminal;
        this.out = terminal.out();
        this.stop = stop;
        this.tasks = config.tasks();
        this.dataTasks = tasks.stream().map(Task::parse).toList();
        this.bestBy = config.bestBy();
    }

    /** Trains from the start, or from {@code resume} (null for a new run) whose model, optimizer and strategy state are already loaded. */
    public Outcome run(TrainingCheckpoint.Loaded resume) throws IOException {
        try {
            return train(resume);
        } catch (IOException | RuntimeException | Error e) {
            // A full disk, an unwritable folder, a bug: the summary says the run failed, if it can still be written.
            if (recorder != null) {
                try {
                    writeSummary(RunSummary.FAILED);
                } catch (IOException | RuntimeException secondary) {
                    e.addSuppressed(secondary);
                }
            }
            throw e;
        }
    }

    private Outcome train(TrainingCheckpoint.Loaded resume) throws IOException {
        TrainingCheckpoint.Position start = resume == null ? new TrainingCheckpoint.Position(0, 0) : resume.position();
        openReports(resume);
        LearningRateSchedule schedule = Schedules.parse(config.schedule(), config.optimizer().lr(), config.epochs());
        BatchLoader.Options trainOptions = BatchLoader.Options.training(config.batchSize(), config.seed()).withShift(config.data().augment());
        try (BatchLoader trainLoader = new BatchLoader(data.train(), dataTasks, trainOptions);
             BatchLoader testLoader = new BatchLoader(data.test(), dataTasks, BatchLoader.Options.evaluation(config.evalBatchSize()))) {
            Batch probe = new BatchLoader(data.test(), dataTasks, BatchLoader.Options.evaluation(Math.min(config.batchSize(), data.test().size()))).batch(0, 0);
            int stepsPerEpoch = trainLoader.batchesPerEpoch();
            for (int epoch = start.epochs() + 1; epoch <= config.epochs(); epoch++) {
                boolean resumedMidEpoch = resume != null && epoch == start.epochs() + 1 && resume.progress() != null;
                EpochAccumulator acc = resumedMidEpoch
                        ? EpochAccumulator.restore(tasks, config.model().classes(), resume.progress())
                        : new EpochAccumulator(tasks, config.model().classes());
                schedule.applyTo(optimizer, epoch - 1);
                Outcome o = trainEpoch(epoch, stepsPerEpoch, trainLoader, acc);
                if (o != null) return o;
                o = endEpoch(epoch, stepsPerEpoch, acc, testLoader, probe);
                if (o != null) return o;
                if (stop.requested() && epoch < config.epochs()) {
                    writeSummary(RunSummary.STOPPED);
                    out.println("stopped at the end of epoch " + epoch + "; continue with: mgda-unet train --resume " + run.dir());
                    return Outcome.STOPPED;
                }
            }
        }
        writeSummary(RunSummary.COMPLETED);
        return Outcome.COMPLETED;
    }

    private void openReports(TrainingCheckpoint.Loaded resume) throws ReportFileException {
        List<String> columns = MetricsCsv.valueColumns(metricNames());
        Environment env = Environment.current();
        HeapPeak.start();  // the summary records the peak heap the run kept alive
        if (resume == null) {
            metricsCsv = MetricsCsv.create(run.metrics(), columns);
            weightsCsv = WeightsCsv.create(run.weights(), tasks);
            recorder = new SummaryRecorder(config, config.epochs(), env);
            return;
        }
        int last = resume.position().epochs();
        metricsCsv = MetricsCsv.resume(run.metrics(), columns, last);
        weightsCsv = WeightsCsv.resume(run.weights(), tasks, last);
        RunSummary previous = Files.exists(run.summary()) ? RunSummary.read(run.summary()) : null;
        if (previous == null && last > 0) out.println("warning: " + run.summary() + " is missing; the new summary starts at epoch " + (last + 1));
        recorder = previous == null ? new SummaryRecorder(config, config.epochs(), env) : SummaryRecorder.resume(withConfig(previous), last, env);
    }

    /** The previous summary with this session's configuration (--epochs and --threads may have changed). */
    private RunSummary withConfig(RunSummary s) {
        return new RunSummary(s.format(), s.version(), s.status(), s.started(), s.updated(), config.epochs(), s.epochsCompleted(),
                mgdaunet.app.report.Json.toTree(config), s.tasks(), s.timing(), s.environment(), s.epochs());
    }

    private List<String> metricNames() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String t : tasks) names.addAll(Evaluator.meter(t, config.model().classes().get(t)).metricNames());
        return List.copyOf(names);
    }

    /** The training steps of one epoch; returns an outcome when the run ends here, null to go on. */
    private Outcome trainEpoch(int epoch, int stepsPerEpoch, BatchLoader loader, EpochAccumulator acc) throws IOException {
        model.train();
        int first = acc.steps();
        EpochProgress progress = new EpochProgress(terminal, epoch, config.epochs(), stepsPerEpoch - first, tasks);
        long t0 = System.nanoTime();
        try (BatchLoader.Epoch batches = loader.epoch(epoch - 1, first)) {
            while (batches.hasNext()) {
                Batch b = batches.next();
                Map<String, int[]> targets = targets(b);
                optimizer.zeroGrad();
                StepResult r;
                try {
                    r = strategy.step(model, Variable.constant(b.images()), targets);
                } catch (RuntimeException e) {
                    // Strategies refuse NaN gradients or losses (the min-norm solve needs finite ones): a diverged run, or a bug.
                    String why = nonFinite(losses(b, targets));
                    if (why == null) throw e;
                    progress.finish();
                    return diverged("the training loss of " + why + " at epoch " + epoch + ", step " + (acc.steps() + 1));
                }
                String bad = nonFinite(r.losses());
                if (bad != null) {
                    progress.finish();
                    return diverged("the training loss of " + bad + " at epoch " + epoch + ", step " + (acc.steps() + 1));
                }
                if (config.optimizer().gradClip() > 0) GradientClipping.clipByGlobalNorm(optimizer.parameters(), config.optimizer().gradClip());
                optimizer.step();
                acc.add(r, b.size(), targets);
                double[] losses = new double[tasks.size()];
                for (int t = 0; t < losses.length; t++) losses[t] = r.losses().get(tasks.get(t));
                progress.step(b.size(), losses);
                stop.stepDone();
                if (stop.requested() && batches.hasNext()) {
                    progress.finish();
                    acc.addSeconds((System.nanoTime() - t0) / 1e9);
                    return interrupted(epoch, stepsPerEpoch, acc);
                }
            }
        }
        progress.finish();
        acc.addSeconds((System.nanoTime() - t0) / 1e9);
        return null;
    }

    private Outcome interrupted(int epoch, int stepsPerEpoch, EpochAccumulator acc) throws IOException {
        TrainingCheckpoint.Position at = new TrainingCheckpoint.Position(epoch - 1, acc.steps());
        Path file = run.interruptedCheckpoint();
        TrainingCheckpoint.save(file, config, at, acc.save(), model, optimizer, strategy, null);
        writeSummary(RunSummary.STOPPED);
        out.println("stopped after step " + acc.steps() + " of " + stepsPerEpoch + " of epoch " + epoch + " (of " + config.epochs() + "); saved " + file);
        out.println("continue with: mgda-unet train --resume " + run.dir());
        out.flush();
        return Outcome.STOPPED;
    }

    private Outcome diverged(String what) throws ReportFileException {
        writeSummary(RunSummary.FAILED);
        List<Integer> saved = run.epochCheckpoints();
        String last = saved.isEmpty() ? "no checkpoint was written yet" : "the last good checkpoint is " + run.epochCheckpoint(saved.getLast());
        failure = "training stopped: " + what + " is not finite; the weights have diverged (try a lower --lr, or --grad-clip 1); " + last;
        out.flush();
        return Outcome.DIVERGED;
    }

    /** Why the run ended with {@link Outcome#DIVERGED}, in one line; null otherwise. */
    public String failure() {
        return failure;
    }

    /** Validation, reports and checkpoints at the end of an epoch; returns an outcome when the run ends here. */
    private Outcome endEpoch(int epoch, int stepsPerEpoch, EpochAccumulator acc, BatchLoader testLoader, Batch probe) throws IOException {
        Evaluator.Result val = Evaluator.evaluate(model, testLoader, tasks, config.model().classes(), PredictionGrid.SCENES);
        String bad = nonFinite(val.losses());
        if (bad == null && !parametersFinite()) bad = "a parameter";
        if (bad != null) return diverged("the validation loss of " + bad + " after epoch " + epoch);
        double[][] cosines = cosines(probe);
        Map<String, Double> meanTrain = new LinkedHashMap<>();
        for (String t : tasks) meanTrain.put(t, acc.meanLoss(t));
        strategy.endEpoch(epoch, meanTrain);

        double lr = optimizer.learningRate();
        List<EpochSummary.TaskResult> lines = new ArrayList<>();
        for (String t : tasks) lines.add(new EpochSummary.TaskResult(t, acc.meanLoss(t), val.losses().get(t), acc.meanWeight(t), val.metrics().get(t)));
        new EpochSummary(epoch, config.epochs(), acc.seconds(), acc.images(), val.seconds(), val.images(), strategy.name(), lines, cosines).print(out);

        metricsCsv.append(rows(epoch, acc, val, lr));
        List<WeightsCsv.Step> steps = new ArrayList<>();
        List<double[]> w = acc.weights();
        for (int i = 0; i < w.size(); i++) steps.add(new WeightsCsv.Step(epoch, (long) (epoch - 1) * stepsPerEpoch + i + 1, w.get(i)));
        weightsCsv.append(steps);
        Map<String, RunSummary.TaskEpoch> taskEpochs = new LinkedHashMap<>();
        for (String t : tasks) taskEpochs.put(t, RunSummary.TaskEpoch.of(epoch, acc.meanLoss(t), acc.meanWeight(t), val.losses().get(t), val.metrics().get(t)));
        recorder.add(new RunSummary.EpochRecord(epoch, acc.seconds(), acc.images(), val.seconds(), val.images(), lr, taskEpochs));
        writeSummary(epoch == config.epochs() ? RunSummary.COMPLETED : RunSummary.RUNNING);
        writePictures(epoch, val);

        TrainingCheckpoint.Position at = new TrainingCheckpoint.Position(epoch, 0);
        Path file = run.epochCheckpoint(epoch);
        TrainingCheckpoint.save(file, config, at, null, model, optimizer, strategy, val.mainMetrics());
        if (isBest(epoch)) TrainingCheckpoint.save(run.bestCheckpoint(), config, at, null, model, optimizer, strategy, val.mainMetrics());
        Files.deleteIfExists(run.interruptedCheckpoint());
        out.flush();
        return null;
    }

    private List<MetricsRow> rows(int epoch, EpochAccumulator acc, Evaluator.Result val, double lr) {
        List<MetricsRow> rows = new ArrayList<>();
        for (String t : tasks) {
            TaskMetrics train = acc.metrics(t);
            rows.add(MetricsRow.builder(epoch, t, MetricsCsv.TRAIN).put(MetricsCsv.LOSS, acc.meanLoss(t)).putAll(train.scalars())
                    .put(MetricsCsv.WEIGHT, acc.meanWeight(t)).put(MetricsCsv.LR, lr).put(MetricsCsv.SECONDS, acc.seconds())
                    .put(MetricsCsv.IMAGES_PER_SECOND, acc.seconds() > 0 ? acc.images() / acc.seconds() : Double.NaN).build());
        }
        for (String t : tasks) {
            rows.add(MetricsRow.builder(epoch, t, MetricsCsv.VALIDATION).put(MetricsCsv.LOSS, val.losses().get(t)).putAll(val.metrics().get(t).scalars())
                    .put(MetricsCsv.SECONDS, val.seconds()).put(MetricsCsv.IMAGES_PER_SECOND, val.seconds() > 0 ? val.images() / val.seconds() : Double.NaN).build());
        }
        return rows;
    }

    private void writeSummary(String status) throws ReportFileException {
        recorder.summary(status).write(run.summary());
    }

    /** Curves, weights and the test predictions. A JVM that cannot draw text gets a warning, not a failed run. */
    private void writePictures(int epoch, Evaluator.Result val) throws IOException {
        Map<String, String> main = new LinkedHashMap<>();
        val.metrics().forEach((k, v) -> main.put(k, v.mainName()));
        try {
            TrainingPlots.writeCurves(run.curvesPlot(), MetricsCsv.read(run.metrics()), main);
            TrainingPlots.writeWeights(run.weightsPlot(), WeightsCsv.read(run.weights()), strategy.name());
        } catch (ReportFileException e) {
            if (e.getCause() instanceof IOException || e.getCause() == null) throw e;
            if (!plotWarningShown) out.println("warning: no plots: " + e.getMessage());
            plotWarningShown = true;
        }
        SceneGrid.writePng(PredictionGrid.cells(data.test(), tasks, val.preview()), PredictionGrid.style(data.test(), tasks, epoch), run.predictions());
    }

    /** True when epoch {@code epoch} (just recorded) ranks first so far by {@link TrainConfig#bestBy()}; ties keep the earlier. */
    private boolean isBest(int epoch) {
        double best = Double.NEGATIVE_INFINITY, current = Double.NaN;
        for (RunSummary.EpochRecord e : recorder.epochs()) {
            double s = score(e);
            if (e.epoch() == epoch) current = s;
            else if (s > best) best = s;
        }
        return !Double.isNaN(current) && current > best;
    }

    /** The mean of the tasks' main metrics, or one task's (NaN when undefined). */
    double score(RunSummary.EpochRecord e) {
        if (!bestBy.equals("mean")) return e.tasks().get(bestBy).main();
        double sum = 0;
        int n = 0;
        for (RunSummary.TaskEpoch t : e.tasks().values()) {
            if (!Double.isNaN(t.main())) {
                sum += t.higherIsBetter() ? t.main() : -t.main();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private double[][] cosines(Batch probe) {
        if (tasks.size() < 2) return null;
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            return GradientProbe.measure(model, Variable.constant(probe.images()), targets(probe)).cosines();
        } finally {
            model.train(wasTraining);
            model.zeroGrad();
        }
    }

    /** Each task's loss on a batch, without a graph: to tell a diverged model from a failing strategy. */
    private Map<String, Double> losses(Batch b, Map<String, int[]> targets) {
        Map<String, Double> out = new LinkedHashMap<>();
        try (mgdaunet.autograd.Graph.NoGrad ignored = mgdaunet.autograd.Graph.noGrad()) {
            Map<String, Variable> outputs = model.forwardAll(Variable.constant(b.images()));
            for (String t : tasks) out.put(t, (double) model.task(t).loss().apply(outputs.get(t), targets.get(t)).item());
        }
        if (!parametersFinite()) out.put("every task (the weights are not finite)", Double.NaN);
        return out;
    }

    private Map<String, int[]> targets(Batch b) {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (Task t : dataTasks) out.put(t.id(), b.target(t));
        return out;
    }

    private boolean parametersFinite() {
        for (Variable p : optimizer.parameters()) {
            for (float v : p.value().data()) if (!Float.isFinite(v)) return false;
        }
        return true;
    }

    /** "task 'seg' (NaN)" for the first task whose value is not finite, or null. */
    private static String nonFinite(Map<String, Double> losses) {
        for (var e : losses.entrySet()) {
            if (e.getValue() == null || !Double.isFinite(e.getValue())) return String.format(Locale.ROOT, "task '%s' (%s)", e.getKey(), e.getValue());
        }
        return null;
    }
}
