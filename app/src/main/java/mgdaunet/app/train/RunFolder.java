package mgdaunet.app.train;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mgdaunet.app.UserInputException;
import mgdaunet.app.data.DataFileException;

/**
 * The files of one training run, all in one folder:
 *
 * <pre>
 *   config.json                     the resolved configuration
 *   metrics.csv, weights.csv        per epoch and task; per step
 *   summary.json                    final and best metrics, timings, history
 *   curves.png, weights.png         training curves; task weights over time
 *   predictions.png                 test scenes with true and predicted masks and digits
 *   checkpoints/epoch-003.safetensors   each epoch
 *   checkpoints/best.safetensors        the best epoch by validation
 *   checkpoints/interrupted.safetensors a run stopped mid-epoch (Ctrl-C)
 * </pre>
 */
public final class RunFolder {
    private static final Pattern EPOCH_FILE = Pattern.compile("epoch-(\\d+)\\.safetensors");

    private final Path dir;

    public RunFolder(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path config() {
        return dir.resolve("config.json");
    }

    public Path metrics() {
        return dir.resolve("metrics.csv");
    }

    public Path weights() {
        return dir.resolve("weights.csv");
    }

    public Path summary() {
        return dir.resolve("summary.json");
    }

    public Path curvesPlot() {
        return dir.resolve("curves.png");
    }

    public Path weightsPlot() {
        return dir.resolve("weights.png");
    }

    public Path predictions() {
        return dir.resolve("predictions.png");
    }

    public Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    public Path epochCheckpoint(int epoch) {
        return checkpoints().resolve(String.format(Locale.ROOT, "epoch-%03d.safetensors", epoch));
    }

    public Path bestCheckpoint() {
        return checkpoints().resolve("best.safetensors");
    }

    public Path interruptedCheckpoint() {
        return checkpoints().resolve("interrupted.safetensors");
    }

    /**
     * Checks, without creating anything, that a new run can go here: the folder is absent or empty
     * (a run is never overwritten), and the nearest folder that exists is writable. Called before
     * the data is loaded, so that a bad --out fails at once and a bad data file leaves no folder.
     */
    public void checkNewRunTarget() {
        if (Files.exists(dir)) {
            checkEmpty();
            if (!Files.isWritable(dir)) throw new UserInputException("--out " + dir + ": the folder is not writable");
            return;
        }
        Path p = dir.toAbsolutePath().getParent();
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) throw new UserInputException("--out " + dir + ": no existing folder above it");
        if (!Files.isDirectory(p)) throw new UserInputException("--out " + dir + ": cannot create the folder: " + p + " is not a folder");
        if (!Files.isWritable(p)) throw new UserInputException("--out " + dir + ": cannot create the folder: " + p + " is not writable");
    }

    private void checkEmpty() {
        if (!Files.isDirectory(dir)) throw new UserInputException("--out " + dir + ": exists and is not a folder");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            if (entries.iterator().hasNext()) {
                String what = Files.exists(config()) ? "holds a run already (continue it with --resume " + dir + ")" : "is not empty";
                throw new UserInputException("--out " + dir + ": " + what + "; choose another folder");
            }
        } catch (IOException e) {
            throw DataFileException.of(dir, "cannot read the output folder (--out)", e);
        }
    }

    /**
     * Makes the folder for a new run: it may exist only if empty (a run is never overwritten).
     * An unwritable place is a one-line error naming it.
     */
    public void createForNewRun() {
        if (Files.exists(dir)) checkEmpty();
        createFolders();
    }

    /** Creates the folder and its checkpoints folder (needed again when resuming). */
    public void createFolders() {
        try {
            Files.createDirectories(checkpoints());
        } catch (IOException e) {
            throw DataFileException.of(dir, "cannot create the output folder (--out)", e);
        }
        if (!Files.isWritable(dir) || !Files.isWritable(checkpoints())) throw new UserInputException(dir + ": the output folder is not writable (--out)");
    }

    /** The epoch checkpoints present, oldest first. */
    public List<Integer> epochCheckpoints() {
        List<Integer> epochs = new ArrayList<>();
        if (!Files.isDirectory(checkpoints())) return epochs;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(checkpoints(), "epoch-*.safetensors")) {
            for (Path p : entries) {
                Matcher m = EPOCH_FILE.matcher(p.getFileName().toString());
                if (m.matches()) epochs.add(Integer.parseInt(m.group(1)));
            }
        } catch (IOException e) {
            throw DataFileException.of(checkpoints(), "cannot list", e);
        }
        epochs.sort(null);
        return epochs;
    }
}
