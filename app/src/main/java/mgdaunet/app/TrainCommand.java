package mgdaunet.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import mgdaunet.app.data.Datasets;
import mgdaunet.app.data.Layout;
import mgdaunet.app.data.Task;
import mgdaunet.app.progress.Terminal;
import mgdaunet.app.progress.WriterStream;
import mgdaunet.app.report.ConfigFile;
import mgdaunet.app.report.Json;
import mgdaunet.app.train.Models;
import mgdaunet.app.train.Optimizers;
import mgdaunet.app.train.RunFolder;
import mgdaunet.app.train.Schedules;
import mgdaunet.app.train.StopRequest;
import mgdaunet.app.train.TrainConfig;
import mgdaunet.app.train.Trainer;
import mgdaunet.app.train.TrainingCheckpoint;
import mgdaunet.autograd.Variable;
import mgdaunet.mgda.HeadUpdate;
import mgdaunet.mgda.MultiTaskModel;
import mgdaunet.mgda.Strategies;
import mgdaunet.mgda.Strategy;
import mgdaunet.mgda.StrategyOptions;
import mgdaunet.mgda.solver.GradientNormalization;
import mgdaunet.nn.optim.Optimizer;
import mgdaunet.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code mgda-unet train}: trains the multi-task U-Net and writes a run folder; {@code --resume} continues one. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Train the multi-task U-Net (segmentation + left/right digit by default) with MGDA-UB or another strategy.",
            "With no flags: the seed U-Net on seg + left + right under MGDA-UB, 4,000 / 1,000 M2NIST scenes from the embedded digits, batch 25, Adam lr 1e-3, 10 epochs.",
            "Writes a run folder: config.json, metrics.csv, weights.csv, summary.json, curves.png, weights.png, predictions.png, checkpoints/.",
            "Ctrl-C stops after the current step and saves a checkpoint; --resume RUN_FOLDER continues exactly where it stopped."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run completed", "2:bad input (a flag, a data file, the run folder; one line on standard error)",
            "3:the loss became NaN or infinite (the last good checkpoint is kept)", "130:stopped by Ctrl-C (a checkpoint was saved)"})
public final class TrainCommand implements Callable<Integer> {
    /**
     * Epochs of the default run. Under MGDA-UB the digit heads catch up only once segmentation is
     * good (epochs 6-9 of the measured runs); 10 epochs fit in about ten minutes on a 2-core machine.
     * A cosine schedule ended lower on the digits (seed 1: left / right 0.868 / 0.906 against 0.943 /
     * 0.909 at a constant rate): the heads learn last, when the annealed rate is small (README, "What
     * the default run reaches").
     */
    public static final int DEFAULT_EPOCHS = 10;
    static final int EXIT_DIVERGED = 3;
    static final int EXIT_STOPPED = 130;
    /** Flags that may go with --resume: they do not change what is computed. */
    private static final Set<String> RESUME_FLAGS = Set.of("--resume", "--epochs", "--threads", "--no-progress", "--verbose", "--stop-after-steps");

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--tasks", paramLabel = "LIST", order = 10,
            description = "Comma-separated tasks: seg (11-class mask), left, right (class of the leftmost / rightmost digit), count (digits in the scene) "
                    + "(default: seg,left,right; left,right for multimnist).")
    String tasks;

    @Option(names = "--strategy", defaultValue = "mgda-ub", paramLabel = "NAME", order = 11,
            description = "How the tasks are weighted: mgda-ub, mgda (full, slower), equal, fixed:seg=0.5,left=0.25,right=0.25, single:TASK, "
                    + "uncertainty, gradnorm, pcgrad, cagrad, dwa, rlw (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--normalization", defaultValue = "none", paramLabel = "KIND", order = 12,
            description = "Gradient normalization before MGDA's min-norm solve: none (the raw gradients at Z, as the PyTorch reference step), l2, loss, "
                    + "loss+ (Sener and Koltun's sample configuration) (default: ${DEFAULT-VALUE}).")
    String normalization;

    @Option(names = "--head-update", defaultValue = "scaled", paramLabel = "MODE", order = 12,
            description = "What mgda-ub and mgda give the task heads: scaled (each head's gradient times its task weight: the gradient of the weighted loss, "
                    + "as the PyTorch reference step) or own (each head's plain gradient, as Sener and Koltun's Algorithm 2) (default: ${DEFAULT-VALUE}).")
    String headUpdate;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "NAME", order = 13, description = "adam, adamw or sgd (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "RATE", order = 14, description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--weight-decay", paramLabel = "W", order = 15, description = "Weight decay (default: 0; 0.01 for adamw, which decouples it).")
    Double weightDecay;

    @Option(names = "--momentum", defaultValue = "0", paramLabel = "M", order = 16, description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--grad-clip", defaultValue = "0", paramLabel = "NORM", order = 17,
            description = "Clip the global gradient norm to NORM before each update; 0: no clipping (default: ${DEFAULT-VALUE}).")
    double gradClip;

    @Option(names = "--schedule", defaultValue = "constant", paramLabel = "SPEC", order = 18,
            description = "Learning-rate schedule, per epoch: " + Schedules.NAMES + " (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--epochs", paramLabel = "N", order = 19, description = "Epochs (default: " + DEFAULT_EPOCHS + "); with --resume, a larger number trains on.")
    Integer epochs;

    @Option(names = "--batch-size", defaultValue = "25", paramLabel = "N", order = 20, description = "Training batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--eval-batch-size", defaultValue = "50", paramLabel = "N", order = 21, description = "Validation batch size (default: ${DEFAULT-VALUE}).")
    int evalBatchSize;

    @Option(names = "--augment", defaultValue = "0", fallbackValue = "2", arity = "0..1", paramLabel = "PIXELS", order = 22,
            description = "Shift each training image and its mask by up to PIXELS pixels (2 when given without a value); 0: no augmentation (default: ${DEFAULT-VALUE}).")
    int augment;

    @Option(names = "--upsampling", defaultValue = "nearest", paramLabel = "MODE", order = 23,
            description = "nearest (the seed's) or transposed (conv-transpose k2 s2) (default: ${DEFAULT-VALUE}).")
    String upsampling;

    @Option(names = "--widths", defaultValue = "16,32,48,64", paramLabel = "W1,W2,...", order = 24,
            description = "Encoder widths; the heads sit on a map of the first width (default: ${DEFAULT-VALUE}).")
    String widths;

    @Option(names = "--bottleneck", paramLabel = "W", order = 25, description = "Bottleneck width (default: the last encoder width).")
    Integer bottleneck;

    @Option(names = "--no-bias", order = 26, description = "Convolutions of the U-Net without bias.")
    boolean noBias;

    @Option(names = "--head-channels", defaultValue = "32", paramLabel = "C", order = 27,
            description = "Channels of the strided conv in the digit heads (default: ${DEFAULT-VALUE}).")
    int headChannels;

    @Option(names = "--head-grid", paramLabel = "RxC", order = 28,
            description = "Grid the digit heads pool to; it must divide the half-size map (default: 4x6 on 64 x 84 scenes, the largest that divides otherwise).")
    String headGrid;

    @Option(names = "--best-by", defaultValue = "mean", paramLabel = "TASK", order = 29,
            description = "What picks checkpoints/best.safetensors: mean (of every task's main metric) or a task name (default: ${DEFAULT-VALUE}).")
    String bestBy;

    @Option(names = "--threads", paramLabel = "N", order = 30, description = "Compute threads (default: every core).")
    Integer threads;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", order = 31,
            description = "Seeds the scenes, the initial weights, the shuffles and the augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", order = 32, description = "Run folder to create (default: runs/<date>-<time>).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_FOLDER", order = 33,
            description = "Continue the run in RUN_FOLDER from its latest checkpoint, exactly as if it had not stopped (only --epochs, --threads and --no-progress may go with it).")
    Path resume;

    @Option(names = "--no-progress", order = 34, description = "Plain progress lines instead of a redrawn bar.")
    boolean noProgress;

    @Option(names = "--stop-after-steps", hidden = true, defaultValue = "0", description = "Stop as Ctrl-C would after this many steps (tests).")
    int stopAfterSteps;

    @Override
    public Integer call() throws IOException {
        PrintStream stdout = WriterStream.printStream(spec.commandLine().getOut());
        PrintStream stderr = WriterStream.printStream(spec.commandLine().getErr());
        if (threads != null) {
            if (threads < 1) throw new UserInputException("--threads must be at least 1, got " + threads);
            Parallel.setThreads(threads);
        }
        if (epochs != null && epochs < 1) throw new UserInputException("--epochs must be at least 1, got " + epochs);
        Setup setup = resume != null ? resumeSetup() : newRun();

        Terminal terminal = Terminal.detect(System.out, noProgress);
        terminal = new Terminal(stdout, terminal.mode(), terminal.colour(), terminal.unicode(), terminal.width(), terminal.nanoClock());
        StopRequest stop = new StopRequest(stopAfterSteps).installHook(System.err);
        try {
            Trainer trainer = new Trainer(setup.config, setup.run, setup.data, setup.model, setup.strategy, setup.optimizer, terminal, stop);
            describe(stdout, setup);
            Trainer.Outcome outcome = trainer.run(setup.resume);
            return switch (outcome) {
                case COMPLETED -> {
                    stdout.println("done: " + setup.config.epochs() + " epoch" + (setup.config.epochs() == 1 ? "" : "s") + "; run folder " + setup.run.dir()
                            + " (summary.json, metrics.csv, curves.png, predictions.png, checkpoints/best.safetensors)");
                    yield 0;
                }
                case STOPPED -> EXIT_STOPPED;
                case DIVERGED -> {
                    stderr.println("mgda-unet: " + trainer.failure());
                    yield EXIT_DIVERGED;
                }
            };
        } finally {
            stdout.flush();
            stderr.flush();
            stop.finished();
        }
    }

    /** Everything a run needs, built and checked before the first step. */
    private record Setup(TrainConfig config, RunFolder run, Datasets.Split data, MultiTaskModel model, Strategy strategy, Optimizer optimizer,
                         TrainingCheckpoint.Loaded resume) {}

    private Setup newRun() throws IOException {
        TrainConfig.Optimizer opt = optimizerConfig();
        Layout layout = dataOptions.layout == null ? null : Layout.parse(dataOptions.layout);
        List<String> taskNames = taskList(tasks != null ? tasks : layout == Layout.MULTIMNIST ? "left,right" : "seg,left,right");
        parseNormalization(normalization);
        parseHeadUpdate(headUpdate);
        strategy(strategy, normalization, headUpdate, seed, taskNames);
        int e = epochs == null ? DEFAULT_EPOCHS : epochs;
        Schedules.parse(schedule, lr, e);
        if (batchSize < 1) throw new UserInputException("--batch-size must be at least 1, got " + batchSize);
        if (evalBatchSize < 1) throw new UserInputException("--eval-batch-size must be at least 1, got " + evalBatchSize);
        if (augment < 0) throw new UserInputException("--augment must be 0 or more pixels, got " + augment);
        if (headChannels < 1) throw new UserInputException("--head-channels must be at least 1, got " + headChannels);
        List<Integer> w = SummaryCommand.parseList("--widths", widths);
        if (w.size() > 8) throw new UserInputException("--widths: " + w.size() + " encoder blocks is too deep (at most 8)");
        int b = bottleneck == null ? w.getLast() : bottleneck;
        if (b < 1) throw new UserInputException("--bottleneck must be at least 1, got " + b);
        Models.parseUpsampling(upsampling);
        if (!bestBy.equals("mean") && !taskNames.contains(bestBy)) {
            throw new UserInputException("--best-by '" + bestBy + "' is neither mean nor one of the tasks " + String.join(", ", taskNames));
        }
        int trainSize = orDefault(dataOptions.trainSize, Datasets.DEFAULT_TRAIN, "--train-size");
        int testSize = orDefault(dataOptions.testSize, Datasets.DEFAULT_TEST, "--test-size");

        RunFolder run = new RunFolder(out != null ? out : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        run.checkNewRunTarget();

        boolean transposed = Boolean.TRUE.equals(dataOptions.transposed);
        Datasets.Split data = Datasets.load(dataOptions.data, layout, trainSize, testSize, seed, transposed);
        List<Task> dataTasks = taskNames.stream().map(Task::parse).toList();
        data.train().require(dataTasks);
        data.test().require(dataTasks);
        int h = data.train().height(), wd = data.train().width();
        List<Integer> grid = headGrid == null ? Models.defaultGrid(h, wd) : parseGrid(headGrid);
        Models.checkGrid(grid, h, wd);
        String layoutName = layout != null ? layout.id() : h == Layout.MULTIMNIST.height() && wd == Layout.MULTIMNIST.width() ? Layout.MULTIMNIST.id() : Layout.M2NIST.id();
        TrainConfig config = new TrainConfig(TrainConfig.VERSION,
                new TrainConfig.Data(dataOptions.data == null ? null : dataOptions.data.toAbsolutePath().toString(), layoutName, trainSize, testSize, transposed, augment),
                taskNames,
                new TrainConfig.Model(h, wd, upsampling.strip().toLowerCase(Locale.ROOT), w, b, !noBias, headChannels, grid, Models.classes(taskNames, data.train(), data.test())),
                new TrainConfig.Strategy(strategy.strip(), parseNormalization(normalization).label(), parseHeadUpdate(headUpdate).label()),
                opt, schedule.strip().toLowerCase(Locale.ROOT), e, batchSize, evalBatchSize, seed, Parallel.threads(), bestBy);
        run.createForNewRun();
        ConfigFile.write(run.config(), config);
        MultiTaskModel model = Models.build(config);
        Strategy s = strategy(config.strategy(), seed, taskNames);
        return new Setup(config, run, data, model, s, optimizer(config, model, s), null);
    }

    private Setup resumeSetup() throws IOException {
        ParseResult pr = spec.commandLine().getParseResult();
        for (var o : pr.matchedOptions()) {
            if (!RESUME_FLAGS.contains(o.longestName())) {
                throw new UserInputException(o.longestName() + " cannot be changed when resuming: " + resume + "/config.json fixes it (only --epochs, --threads and --no-progress may go with --resume)");
            }
        }
        RunFolder run = new RunFolder(resume);
        if (!Files.isDirectory(resume)) throw new UserInputException("--resume " + resume + ": no such run folder");
        if (!Files.exists(run.config())) throw new UserInputException("--resume " + resume + ": not a run folder (it has no config.json)");
        TrainConfig saved = ConfigFile.read(run.config(), TrainConfig.class);
        if (saved.version() != TrainConfig.VERSION) throw new UserInputException(run.config() + ": configuration version " + saved.version() + ", this program reads " + TrainConfig.VERSION);
        TrainingCheckpoint.Loaded ck = latestCheckpoint(run);
        if (!sameRun(ck.config(), saved)) {
            throw new UserInputException("checkpoint " + ck.file() + " belongs to another configuration than " + run.config() + "; resume from the run folder it was written in");
        }
        int e = epochs != null ? epochs : saved.epochs();
        if (ck.position().epochs() >= e && ck.position().atEpochEnd()) {
            throw new UserInputException("--resume " + resume + ": the run has completed its " + ck.position().epochs() + " epochs; pass --epochs N (more than "
                    + ck.position().epochs() + ") to train on");
        }
        if (e < ck.position().epochs() + 1) throw new UserInputException("--epochs " + e + ": the run is already in epoch " + (ck.position().epochs() + 1));
        TrainConfig config = new TrainConfig(saved.version(), saved.data(), saved.tasks(), saved.model(), saved.strategy(), saved.optimizer(), saved.schedule(),
                e, saved.batchSize(), saved.evalBatchSize(), saved.seed(), Parallel.threads(), saved.bestBy());
        run.createFolders();
        if (!config.equals(saved)) ConfigFile.write(run.config(), config);
        TrainConfig.Data d = config.data();
        Datasets.Split data = Datasets.load(d.source() == null ? null : Path.of(d.source()), Layout.parse(d.layout()), d.trainSize(), d.testSize(), config.seed(), d.transposed());
        MultiTaskModel model = Models.build(config);
        ck.loadModel(model);
        Strategy s = strategy(config.strategy(), config.seed(), config.tasks());
        Optimizer o = optimizer(config, model, s);
        ck.loadTraining(o, s);
        return new Setup(config, run, data, model, s, o, ck);
    }

    /** The most advanced checkpoint of a run folder: the last epoch's, or an interrupted epoch after it. */
    private static TrainingCheckpoint.Loaded latestCheckpoint(RunFolder run) throws IOException {
        List<Integer> epochs = run.epochCheckpoints();
        TrainingCheckpoint.Loaded best = epochs.isEmpty() ? null : TrainingCheckpoint.read(run.epochCheckpoint(epochs.getLast()));
        if (Files.exists(run.interruptedCheckpoint())) {
            TrainingCheckpoint.Loaded i = TrainingCheckpoint.read(run.interruptedCheckpoint());
            if (best == null || i.position().isAfter(best.position())) best = i;
        }
        if (best == null) throw new UserInputException("--resume " + run.dir() + ": no checkpoint in " + run.checkpoints() + " to continue from");
        return best;
    }

    /** Two configurations of the same run: equal but for the epochs planned and the threads. */
    static boolean sameRun(TrainConfig a, TrainConfig b) {
        return Json.toTree(normalized(a)).equals(Json.toTree(normalized(b)));
    }

    private static TrainConfig normalized(TrainConfig c) {
        return new TrainConfig(c.version(), c.data(), c.tasks(), c.model(), c.strategy(), c.optimizer(), c.schedule(), 0, c.batchSize(), c.evalBatchSize(), c.seed(), 0, c.bestBy());
    }

    private void describe(PrintStream o, Setup s) {
        TrainConfig c = s.config;
        long params = 0;
        for (Variable p : s.model.parameters()) params += p.value().size();
        o.printf(Locale.ROOT, "%s %s%n", s.resume == null ? "training" : "resuming from " + s.resume.position() + ":", s.run.dir());
        o.printf(Locale.ROOT, "  data: %s; %s%n", s.data.train().name(), s.data.test().name());
        o.printf(Locale.ROOT, "  tasks %s; strategy %s (normalization %s, heads %s); %s lr %s, schedule %s%n", String.join(", ", c.tasks()), c.strategy().name(),
                c.strategy().normalization(), c.strategy().headUpdate(), c.optimizer().name(), c.optimizer().lr(), c.schedule());
        o.printf(Locale.ROOT, "  U-Net %s, widths %s, heads on %d channels (digit grid %dx%d); %,d parameters; %d epoch%s of %d steps (batch %d); %d threads%n",
                c.model().upsampling(), c.model().widths(), c.model().widths().getFirst(), c.model().headGrid().get(0), c.model().headGrid().get(1), params,
                c.epochs(), c.epochs() == 1 ? "" : "s", (c.data().trainSize() + c.batchSize() - 1) / c.batchSize(), c.batchSize(), Parallel.threads());
        o.flush();
    }

    private TrainConfig.Optimizer optimizerConfig() {
        String name = Optimizers.check(optimizer);
        if (!(lr > 0) || Double.isInfinite(lr)) throw new UserInputException("--lr must be a positive number, got " + lr);
        double wd = weightDecay == null ? Optimizers.defaultWeightDecay(name) : weightDecay;
        if (!(wd >= 0) || Double.isInfinite(wd)) throw new UserInputException("--weight-decay must be 0 or more, got " + wd);
        if (!(momentum >= 0 && momentum < 1)) throw new UserInputException("--momentum must be in [0, 1), got " + momentum);
        if (!(gradClip >= 0) || Double.isInfinite(gradClip)) throw new UserInputException("--grad-clip must be 0 (off) or a positive norm, got " + gradClip);
        return new TrainConfig.Optimizer(name, lr, wd, momentum, gradClip);
    }

    static Optimizer optimizer(TrainConfig config, MultiTaskModel model, Strategy s) {
        List<Variable> params = new ArrayList<>(model.parameters());
        params.addAll(s.extraParameters());
        return Optimizers.create(config.optimizer(), params);
    }

    /** The strategy named {@code spec}; "fixed:seg=0.5,left=0.25,right=0.25" gives the fixed weights with the name. */
    static Strategy strategy(TrainConfig.Strategy config, long seed, List<String> tasks) {
        return strategy(config.name(), config.normalization(), config.headUpdate(), seed, tasks);
    }

    static Strategy strategy(String spec, String normalization, String headUpdate, long seed, List<String> tasks) {
        StrategyOptions options = StrategyOptions.defaults().withNormalization(parseNormalization(normalization))
                .withHeadUpdate(parseHeadUpdate(headUpdate)).withSeed(seed);
        String name = spec.strip();
        if (name.startsWith("fixed:")) {
            java.util.Map<String, Double> weights = new java.util.LinkedHashMap<>();
            for (String part : name.substring("fixed:".length()).split(",", -1)) {
                String[] kv = part.split("=", -1);
                if (kv.length != 2) throw new UserInputException("--strategy '" + spec + "': expected fixed:TASK=WEIGHT,TASK=WEIGHT,... e.g. fixed:seg=0.5,left=0.25,right=0.25");
                try {
                    weights.put(kv[0].strip(), Double.parseDouble(kv[1].strip()));
                } catch (NumberFormatException e) {
                    throw new UserInputException("--strategy '" + spec + "': weight '" + kv[1].strip() + "' of task '" + kv[0].strip() + "' is not a number");
                }
            }
            options = options.withFixedWeights(weights);
            name = "fixed";
        } else if (name.equals("fixed")) {
            throw new UserInputException("--strategy fixed needs the weights: fixed:TASK=WEIGHT,... e.g. fixed:" + String.join(",", tasks.stream().map(t -> t + "=1").toList()));
        }
        try {
            return Strategies.parse(name, options, tasks);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--strategy: " + e.getMessage(), e);
        }
    }

    static GradientNormalization parseNormalization(String name) {
        try {
            return GradientNormalization.parse(name.strip());
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--normalization: " + e.getMessage(), e);
        }
    }

    static HeadUpdate parseHeadUpdate(String name) {
        try {
            return HeadUpdate.parse(name);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--head-update: " + e.getMessage(), e);
        }
    }

    static List<String> taskList(String csv) {
        List<String> out = new ArrayList<>();
        try {
            for (Task t : Task.parseList(csv)) out.add(t.id());
        } catch (UserInputException e) {
            throw new UserInputException("--tasks: " + e.getMessage(), e);
        }
        return out;
    }

    static List<Integer> parseGrid(String text) {
        String[] p = text.strip().toLowerCase(Locale.ROOT).split("x", -1);
        if (p.length != 2) throw new UserInputException("--head-grid '" + text + "' must be ROWSxCOLUMNS, e.g. 4x6");
        return List.of(SummaryCommand.parseInt("--head-grid", p[0], 1), SummaryCommand.parseInt("--head-grid", p[1], 1));
    }

    private static int orDefault(Integer v, int fallback, String flag) {
        int n = v == null ? fallback : v;
        if (n < 1) throw new UserInputException(flag + " must be at least 1, got " + n);
        return n;
    }
}
