package mgdaunet.app.train;

import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mgdaunet.app.UserInputException;
import mgdaunet.app.report.ConfigFile;
import mgdaunet.app.report.Json;
import mgdaunet.app.report.ReportFileException;
import mgdaunet.mgda.MultiTaskModel;
import mgdaunet.mgda.Strategy;
import mgdaunet.nn.checkpoint.Checkpoint;
import mgdaunet.nn.checkpoint.SafetensorsReader;
import mgdaunet.nn.checkpoint.SafetensorsWriter;
import mgdaunet.nn.checkpoint.StateDictMismatchException;
import mgdaunet.nn.checkpoint.StateDicts;
import mgdaunet.nn.optim.Optimizer;
import mgdaunet.tensor.Tensor;

/**
 * A training checkpoint: one safetensors file with everything a run needs to continue exactly.
 *
 * <ul>
 *   <li>the model's state dict under its own names ({@code trunk.*}, {@code heads.<task>.*}), so that
 *       {@code safetensors.torch.load_file} and a PyTorch {@code load_state_dict} read it after
 *       dropping the other prefixes;
 *   <li>the optimizer's state under {@code optimizer.}, the strategy's under {@code strategy.};
 *   <li>metadata: {@code format}, the run's {@code config} (JSON), the {@link Position}, and for a run
 *       stopped mid-epoch the epoch's accumulated {@code progress} (JSON) and the validation
 *       {@code metrics} of the epoch it ends (JSON, for people).
 * </ul>
 *
 * <p>Data order and augmentation are functions of (seed, epoch, scene), so the position is the
 * random state: nothing else is drawn during training.
 */
public final class TrainingCheckpoint {
    public static final String FORMAT = "mgda-unet training checkpoint";
    static final String OPTIMIZER = "optimizer.";
    static final String STRATEGY = "strategy.";

    /**
     * How far a run got: {@code epochs} complete epochs, then {@code steps} training steps of the
     * next one (0 at an epoch's end).
     */
    public record Position(int epochs, int steps) {
        public Position {
            if (epochs < 0 || steps < 0) throw new IllegalArgumentException("checkpoint position: epochs " + epochs + ", steps " + steps);
        }

        public boolean atEpochEnd() {
            return steps == 0;
        }

        public boolean isAfter(Position other) {
            return epochs != other.epochs ? epochs > other.epochs : steps > other.steps;
        }

        @Override
        public String toString() {
            return atEpochEnd() ? "the end of epoch " + epochs : "epoch " + (epochs + 1) + ", step " + steps;
        }
    }

    /** A checkpoint read back: its configuration, position, mid-epoch progress (null at an epoch's end) and tensors. */
    public record Loaded(Path file, TrainConfig config, Position position, EpochAccumulator.Saved progress, Map<String, Tensor> tensors) {
        /** The model's tensors: everything but the optimizer's and the strategy's. */
        public Map<String, Tensor> modelState() {
            Map<String, Tensor> out = new LinkedHashMap<>();
            tensors.forEach((k, v) -> {
                if (!k.startsWith(OPTIMIZER) && !k.startsWith(STRATEGY)) out.put(k, v);
            });
            return out;
        }

        /** Copies the model's tensors in, strictly: a checkpoint of another architecture is a one-line error naming the file. */
        public void loadModel(MultiTaskModel model) {
            loadModelState(file, model, modelState());
        }

        /** Restores the optimizer's and the strategy's state. */
        public void loadTraining(Optimizer optimizer, Strategy strategy) {
            try {
                optimizer.loadStateDict(StateDicts.underPrefix(OPTIMIZER, tensors));
            } catch (IllegalArgumentException e) {
                throw new UserInputException("checkpoint " + file + ": its optimizer state does not fit this run: " + e.getMessage(), e);
            }
            try {
                strategy.loadStateDict(StateDicts.underPrefix(STRATEGY, tensors));
            } catch (IllegalArgumentException e) {
                throw new UserInputException("checkpoint " + file + ": its strategy state does not fit this run: " + e.getMessage(), e);
            }
        }
    }

    private TrainingCheckpoint() {}

    /** Writes a checkpoint atomically (a crash leaves the previous file of that name, never half a file). */
    public static void save(Path file, TrainConfig config, Position position, EpochAccumulator.Saved progress,
                            MultiTaskModel model, Optimizer optimizer, Strategy strategy, Map<String, Double> metrics) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.stateDict());
        tensors.putAll(StateDicts.withPrefix(OPTIMIZER, optimizer.stateDict()));
        tensors.putAll(StateDicts.withPrefix(STRATEGY, strategy.stateDict()));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("config", Json.toTree(config).toString());
        meta.put("epochs", Integer.toString(position.epochs()));
        meta.put("steps", Integer.toString(position.steps()));
        if (progress != null) meta.put("progress", Json.toTree(progress).toString());
        if (metrics != null) meta.put("metrics", Json.toTree(metrics).toString());
        try {
            SafetensorsWriter.write(file, tensors, meta, model.integerStateNames());
        } catch (IOException e) {
            throw ReportFileException.of(file, "cannot write the checkpoint", e);
        }
    }

    /** Reads a checkpoint of this program; anything else (or a damaged file) is a one-line error naming it. */
    public static Loaded read(Path file) throws IOException {
        Checkpoint ck = SafetensorsReader.read(file);
        Map<String, String> meta = ck.metadata();
        if (!FORMAT.equals(meta.get("format")) || meta.get("config") == null) {
            throw new UserInputException("checkpoint " + file + ": not an mgda-unet training checkpoint (its metadata has no "
                    + (FORMAT.equals(meta.get("format")) ? "configuration" : "\"format\": \"" + FORMAT + "\"") + ")");
        }
        TrainConfig config = ConfigFile.parse(file, meta.get("config"), TrainConfig.class);
        if (config.version() != TrainConfig.VERSION) {
            throw new UserInputException("checkpoint " + file + ": configuration version " + config.version() + ", this program reads " + TrainConfig.VERSION);
        }
        Position position = position(file, meta);
        EpochAccumulator.Saved progress = null;
        if (meta.get("progress") != null) {
            try {
                progress = Json.gson().fromJson(meta.get("progress"), EpochAccumulator.Saved.class);
            } catch (JsonParseException e) {
                throw new UserInputException("checkpoint " + file + ": its mid-epoch progress is not valid: " + e.getMessage().lines().findFirst().orElse(""), e);
            }
        } else if (!position.atEpochEnd()) {
            throw new UserInputException("checkpoint " + file + ": stopped mid-epoch but holds no progress of that epoch");
        }
        return new Loaded(file, config, position, progress, ck.tensors());
    }

    /** The position a checkpoint's metadata records. */
    static Position position(Path file, Map<String, String> meta) {
        try {
            return new Position(Integer.parseInt(meta.getOrDefault("epochs", "")), Integer.parseInt(meta.getOrDefault("steps", "")));
        } catch (IllegalArgumentException e) {
            throw new UserInputException("checkpoint " + file + ": its position (epochs '" + meta.get("epochs") + "', steps '" + meta.get("steps") + "') is not two whole numbers", e);
        }
    }

    /** Copies a model state into {@code model}, strictly, naming the file when it does not fit. */
    static void loadModelState(Path file, MultiTaskModel model, Map<String, Tensor> state) {
        try {
            StateDicts.copyInto("checkpoint " + file, model.stateDict(), state, true);
        } catch (StateDictMismatchException e) {
            List<String> parts = new java.util.ArrayList<>();
            if (!e.misShaped().isEmpty()) parts.add(listed("mis-shaped", e.misShaped()));
            if (!e.missing().isEmpty()) parts.add(listed("missing", e.missing()));
            if (!e.unexpected().isEmpty()) parts.add(listed("unexpected", e.unexpected()));
            throw new UserInputException("checkpoint " + file + " does not fit the network (it is of another architecture or other tasks): "
                    + String.join("; ", parts), e);
        }
    }

    /** "mis-shaped 63 tensors (trunk.enc.0.0.weight, trunk.enc.0.0.bias, ...)": a few names, so the line stays readable. */
    private static String listed(String kind, List<String> names) {
        int shown = Math.min(3, names.size());
        return kind + " " + names.size() + " tensor" + (names.size() == 1 ? "" : "s") + " (" + String.join(", ", names.subList(0, shown))
                + (names.size() > shown ? ", ..." : "") + ")";
    }
}
