package mgdaunet.app.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import mgdaunet.app.UserInputException;
import mgdaunet.app.report.ConfigFile;
import mgdaunet.mgda.MultiTaskModel;
import mgdaunet.nn.checkpoint.Checkpoint;
import mgdaunet.nn.checkpoint.SafetensorsReader;
import mgdaunet.tensor.Tensor;

/**
 * A trained network rebuilt from a checkpoint, for {@code evaluate} and {@code predict}: the
 * architecture comes from the checkpoint's own configuration, or from a run's {@code config.json}
 * for a bare state dict (a file exported elsewhere); the weights must fit it exactly.
 *
 * @param position how far the run had trained (null for a bare state dict)
 */
public record RestoredModel(Path file, TrainConfig config, MultiTaskModel model, TrainingCheckpoint.Position position) {
    /** Rebuilds the network of {@code checkpoint}; {@code configFile} (may be null) overrides its configuration. */
    public static RestoredModel load(Path checkpoint, Path configFile) throws IOException {
        if (!Files.isRegularFile(checkpoint)) {
            throw new UserInputException("--checkpoint " + checkpoint + ": " + (Files.exists(checkpoint) ? "not a file" : "no such file"));
        }
        Checkpoint ck = SafetensorsReader.read(checkpoint);
        boolean ours = TrainingCheckpoint.FORMAT.equals(ck.metadata().get("format")) && ck.metadata().get("config") != null;
        TrainConfig config;
        TrainingCheckpoint.Position position = null;
        if (configFile != null) {
            config = ConfigFile.read(configFile, TrainConfig.class);
        } else if (ours) {
            config = ConfigFile.parse(checkpoint, ck.metadata().get("config"), TrainConfig.class);
        } else {
            throw new UserInputException("checkpoint " + checkpoint + ": a bare state dict without an mgda-unet configuration; pass the config.json of the run that matches it with --config");
        }
        if (config.version() != TrainConfig.VERSION) {
            throw new UserInputException((configFile != null ? configFile : checkpoint) + ": configuration version " + config.version() + ", this program reads " + TrainConfig.VERSION);
        }
        if (ours) position = TrainingCheckpoint.position(checkpoint, ck.metadata());
        MultiTaskModel model = Models.build(config);
        Map<String, Tensor> state = new LinkedHashMap<>();
        ck.tensors().forEach((k, v) -> {
            if (!k.startsWith(TrainingCheckpoint.OPTIMIZER) && !k.startsWith(TrainingCheckpoint.STRATEGY)) state.put(k, v);
        });
        TrainingCheckpoint.loadModelState(checkpoint, model, state);
        model.eval();
        return new RestoredModel(checkpoint, config, model, position);
    }

    /** "epoch 5 of 5" or "epoch 3, step 57", for people. */
    public String describe() {
        if (position == null) return "a state dict";
        return position.atEpochEnd() ? "epoch " + position.epochs() + " of " + config.epochs() : position.toString() + " (stopped mid-epoch)";
    }
}
