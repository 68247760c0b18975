package mgdaunet.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import mgdaunet.app.data.NdArray;
import mgdaunet.app.data.NpyWriter;
import mgdaunet.nn.checkpoint.SafetensorsWriter;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input ends a command with exit code 2 and one line naming the flag or file and
 * what is wrong, no stack trace, and nothing written before lost or half-written.
 */
class BadInputTest {
    @TempDir
    Path dir;

    private Path out() {
        return dir.resolve("run");
    }

    static Stream<Arguments> badFlags() {
        return Stream.of(
                Arguments.of(List.of("--tasks", "seg,digits"), "--tasks: unknown task 'digits'; tasks: seg, left, right, count"),
                Arguments.of(List.of("--tasks", "seg,seg"), "--tasks: task 'seg' is listed twice"),
                Arguments.of(List.of("--strategy", "magic"), "--strategy: unknown strategy 'magic'"),
                Arguments.of(List.of("--normalization", "l3"), "--normalization: "),
                Arguments.of(List.of("--head-update", "both"), "--head-update: unknown head update 'both': choose one of scaled, own"),
                Arguments.of(List.of("--optimizer", "rmsprop"), "unknown --optimizer 'rmsprop'; optimizers: adam, adamw, sgd"),
                Arguments.of(List.of("--schedule", "linear"), "unknown --schedule 'linear'"),
                Arguments.of(List.of("--schedule", "step:ten:0.5"), "--schedule 'step:ten:0.5': 'ten' is not a whole number"),
                Arguments.of(List.of("--upsampling", "bilinear"), "unknown --upsampling 'bilinear'"),
                Arguments.of(List.of("--layout", "cifar"), "unknown layout 'cifar'"),
                Arguments.of(List.of("--lr", "0"), "--lr must be a positive number"),
                Arguments.of(List.of("--lr", "abc"), "'abc' is not a double"),
                Arguments.of(List.of("--epochs", "0"), "--epochs must be at least 1"),
                Arguments.of(List.of("--batch-size", "0"), "--batch-size must be at least 1"),
                Arguments.of(List.of("--train-size", "0"), "--train-size must be at least 1"),
                Arguments.of(List.of("--momentum", "1"), "--momentum must be in [0, 1)"),
                Arguments.of(List.of("--widths", "4,x"), "--widths: 'x' is not a whole number"),
                Arguments.of(List.of("--best-by", "count"), "--best-by 'count' is neither mean nor one of the tasks"),
                Arguments.of(List.of("--head-grid", "5x6"), "--head-grid 5x6 does not divide the 32 x 42 map"),
                Arguments.of(List.of("--layout", "multimnist", "--tasks", "left,count"), "task 'count' is not offered by multimnist"),
                Arguments.of(List.of("--threads", "0"), "--threads must be at least 1"),
                Arguments.of(List.of("--no-such-flag"), "Unknown option: '--no-such-flag'"));
    }

    @ParameterizedTest
    @MethodSource("badFlags")
    void aBadFlagIsOneLineNamingIt(List<String> flags, String message) {
        List<String> args = new ArrayList<>(flags);
        args.addAll(List.of("--out", out().toString()));
        Cli.assertUserError(Cli.trainTiny(args.toArray(String[]::new)), message);
        assertFalse(Files.exists(out()), "nothing is created before the flags are checked");
    }

    @Test
    void verboseAddsTheStackTraceToTheLine() {
        Cli.Run r = Cli.run("--verbose", "train", "--strategy", "magic", "--out", out().toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("mgda-unet: --strategy: unknown strategy 'magic'"), r.err());
        assertTrue(r.err().contains("\tat mgdaunet.app.TrainCommand"), r.err());
        Cli.Run after = Cli.run("train", "--strategy", "magic", "--verbose", "--out", out().toString());
        assertTrue(after.err().contains("\tat mgdaunet.app.TrainCommand"), "--verbose after the subcommand too: " + after.err());
    }

    @Test
    void aMissingDataFolderIsNamed() {
        Path missing = dir.resolve("no-such-folder");
        Cli.assertUserError(Cli.trainTiny("--data", missing.toString(), "--out", out().toString()), missing.toString());
        assertFalse(Files.exists(out()), "a data error leaves no run folder behind");
    }

    /** Six generated scenes in the M2NIST format. */
    private Path scenes() {
        Path s = dir.resolve("scenes");
        Cli.run("data", "generate", "--out", s.toString(), "--count", "6", "--grid", "0").assertOk();
        return s;
    }

    @Test
    void aTruncatedDataFileIsNamed() throws IOException {
        Path s = scenes();
        Path masks = s.resolve("segmented.npy");
        try (FileChannel ch = FileChannel.open(masks, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 100);
        }
        Cli.assertUserError(Cli.trainTiny("--data", s.toString(), "--train-size", "3", "--test-size", "3", "--out", out().toString()),
                masks + ": truncated");
        Cli.assertUserError(Cli.run("data", "inspect", s.toString()), masks + ": truncated");
    }

    @Test
    void aCorruptDataFileIsNamed() throws IOException {
        Path s = scenes();
        Path images = s.resolve("combined.npy");
        Files.write(images, "this is not a NumPy file".getBytes());
        Cli.assertUserError(Cli.trainTiny("--data", s.toString(), "--train-size", "3", "--test-size", "3", "--out", out().toString()), images.toString());
    }

    @Test
    void filesOfDifferentShapesAreNamed() {
        Path s = scenes();
        NpyWriter.write(s.resolve("combined.npy"), NdArray.ofUnsignedBytes(new byte[5 * 64 * 84], 5, 64, 84));
        Cli.assertUserError(Cli.trainTiny("--data", s.toString(), "--train-size", "3", "--test-size", "2", "--out", out().toString()), "combined.npy");
    }

    @Test
    void tooFewScenesForTheSplitIsNamed() {
        Path s = scenes();
        Cli.assertUserError(Cli.trainTiny("--data", s.toString(), "--train-size", "4", "--test-size", "4", "--out", out().toString()),
                s + ": holds 6 scenes, fewer than the 4 training + 4 test scenes asked for");
    }

    @Test
    void aTruncatedIdxDigitFileIsNamed() throws IOException {
        Path idx = dir.resolve("idx");
        Files.createDirectories(idx);
        for (String f : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            try (var in = getClass().getResourceAsStream("/mgdaunet/app/data/mnist-10k/" + f)) {
                Files.write(idx.resolve(f), in.readAllBytes());
            }
        }
        Path images = idx.resolve("train-images-idx3-ubyte.gz");
        byte[] all = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(all, all.length / 2));
        Cli.assertUserError(Cli.trainTiny("--data", idx.toString(), "--out", out().toString()), images.toString());
    }

    @Test
    void anUnwritableOutputFolderIsNamed() throws IOException {
        Cli.assertUserError(Cli.trainTiny("--out", "/dev/full/run"), "--out /dev/full/run: cannot create the folder: /dev/full is not a folder");
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        Cli.assertUserError(Cli.trainTiny("--out", file.toString()), "--out " + file + ": exists and is not a folder");
        Path full = dir.resolve("full");
        Files.createDirectories(full);
        Files.writeString(full.resolve("notes.txt"), "mine");
        Cli.assertUserError(Cli.trainTiny("--out", full.toString()), "--out " + full + ": is not empty");
        assertEquals("mine", Files.readString(full.resolve("notes.txt")));
        Path run = TinyRun.folder();
        Cli.assertUserError(Cli.trainTiny("--out", run.toString()), "holds a run already (continue it with --resume " + run + ")");
    }

    @Test
    void aCheckpointOfAnotherArchitectureIsRefused() throws IOException {
        // The tiny run's configuration with one more encoder level.
        JsonObject config = JsonParser.parseString(Files.readString(TinyRun.folder().resolve("config.json"))).getAsJsonObject();
        JsonArray widths = new JsonArray();
        for (int w : new int[] {4, 8, 8}) widths.add(w);
        config.getAsJsonObject("model").add("widths", widths);
        Path other = dir.resolve("other-config.json");
        Files.writeString(other, config.toString());
        String best = TinyRun.checkpoint("best").toString();
        Cli.assertUserError(Cli.run("evaluate", "--checkpoint", best, "--config", other.toString()),
                "checkpoint " + best + " does not fit the network (it is of another architecture or other tasks): mis-shaped 12 tensors (trunk.dec.1.0.weight, ");
        Path png = dir.resolve("x.png");
        ImageIO.write(new BufferedImage(84, 64, BufferedImage.TYPE_BYTE_GRAY), "png", png.toFile());
        Cli.assertUserError(Cli.run("predict", "--checkpoint", best, "--config", other.toString(), "--out", dir.resolve("p").toString(), png.toString()),
                "does not fit the network");

        // A bare state dict needs a configuration.
        Path bare = dir.resolve("bare.safetensors");
        SafetensorsWriter.write(bare, Map.of("trunk.enc.0.0.weight", Tensor.zeros(4, 1, 3, 3)));
        Cli.assertUserError(Cli.run("evaluate", "--checkpoint", bare.toString()), "a bare state dict without an mgda-unet configuration; pass the config.json");
        Cli.assertUserError(Cli.run("evaluate", "--checkpoint", bare.toString(), "--config", TinyRun.folder().resolve("config.json").toString()),
                "does not fit the network");
    }

    @Test
    void aTruncatedCheckpointIsNamed() throws IOException {
        Path ck = dir.resolve("best.safetensors");
        byte[] all = Files.readAllBytes(TinyRun.checkpoint("best"));
        Files.write(ck, java.util.Arrays.copyOf(all, all.length - 64));
        Cli.assertUserError(Cli.run("evaluate", "--checkpoint", ck.toString()), "checkpoint " + ck + ": truncated");
        Cli.assertUserError(Cli.run("evaluate", "--checkpoint", dir.resolve("absent.safetensors").toString()), "absent.safetensors: no such file");
    }

    /** A copy of the tiny run's folder, to resume without touching the original. */
    private Path copyOfTheTinyRun() throws IOException {
        Path copy = dir.resolve("copy");
        try (Stream<Path> all = Files.walk(TinyRun.folder())) {
            for (Path p : all.toList()) {
                Path target = copy.resolve(TinyRun.folder().relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        return copy;
    }

    @Test
    void resumeRefusesWhatItCannotContinue() throws IOException {
        Cli.assertUserError(Cli.run("train", "--resume", dir.resolve("absent").toString()), "no such run folder");
        Cli.assertUserError(Cli.run("train", "--resume", dir.toString()), "not a run folder (it has no config.json)");
        Path copy = copyOfTheTinyRun();
        Cli.assertUserError(Cli.run("train", "--resume", copy.toString(), "--lr", "0.1"), "--lr cannot be changed when resuming");
        Cli.assertUserError(Cli.run("train", "--resume", copy.toString()), "the run has completed its 2 epochs; pass --epochs N (more than 2) to train on");

        // config.json says seed 7, the checkpoints were trained with seed 1.
        String metrics = Files.readString(copy.resolve("metrics.csv"));
        JsonObject config = JsonParser.parseString(Files.readString(copy.resolve("config.json"))).getAsJsonObject();
        config.addProperty("seed", 7);
        Files.writeString(copy.resolve("config.json"), config.toString());
        Cli.assertUserError(Cli.run("train", "--resume", copy.toString(), "--epochs", "3"), "belongs to another configuration than " + copy.resolve("config.json"));
        assertEquals(metrics, Files.readString(copy.resolve("metrics.csv")), "a refused resume changes nothing");
    }

    @Test
    void badImagesForPredictAreNamed() throws IOException {
        String best = TinyRun.checkpoint("best").toString(), p = dir.resolve("p").toString();
        Cli.assertUserError(Cli.run("predict", "--checkpoint", best, "--out", p, dir.resolve("absent.png").toString()), "absent.png: no such file");
        Path txt = dir.resolve("notes.txt");
        Files.writeString(txt, "hello");
        Cli.assertUserError(Cli.run("predict", "--checkpoint", best, "--out", p, txt.toString()), "notes.txt: not a .png image or a .npy batch");
        Path fake = dir.resolve("fake.png");
        Files.writeString(fake, "not a png");
        Cli.assertUserError(Cli.run("predict", "--checkpoint", best, "--out", p, fake.toString()), "fake.png: not a PNG image");
        Path small = dir.resolve("small.png");
        ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png", small.toFile());
        Cli.assertUserError(Cli.run("predict", "--checkpoint", best, "--out", p, small.toString()), "small.png: an image of 28 x 28; the network takes 64 x 84");
        Path cube = dir.resolve("cube.npy");
        NpyWriter.write(cube, NdArray.ofUnsignedBytes(new byte[2 * 3 * 64 * 84], 2, 3, 64, 84));
        Cli.assertUserError(Cli.run("predict", "--checkpoint", best, "--out", p, cube.toString()), "a 4-d batch must be N x 1 x H x W");
        assertFalse(Files.exists(dir.resolve("p")), "no output folder for inputs that fail");
    }

    @Test
    void aBaselineThatIsNotARunSummaryIsNamed() throws IOException {
        Path notSummary = dir.resolve("summary.json");
        Files.writeString(notSummary, "{\"format\": \"something else\"}");
        Cli.assertUserError(Cli.run("evaluate", "--checkpoint", TinyRun.checkpoint("best").toString(), "--baseline", notSummary.toString()),
                notSummary + ": not a run summary");
    }
}
