package mgdaunet.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import mgdaunet.app.data.M2nistFiles;
import mgdaunet.app.data.SceneSet;
import mgdaunet.app.report.ConfigFile;
import mgdaunet.app.report.CsvLog;
import mgdaunet.app.report.RunSummary;
import mgdaunet.app.report.SummaryRecorder;
import mgdaunet.app.train.TrainConfig;
import mgdaunet.nn.checkpoint.Checkpoint;
import mgdaunet.nn.checkpoint.SafetensorsReader;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Train, evaluate and predict on a tiny configuration ({@link Cli#TINY}: two steps per epoch). Resuming is tested in {@link ResumeTest}.
 */
class TrainEndToEndTest {
    @TempDir
    Path dir;
    /** A two-epoch run. */
    final Path reference = TinyRun.folder();
    final Cli.Run referenceRun = TinyRun.output();

    @Test
    void trainingWritesTheWholeRunFolder() throws IOException {
        String out = referenceRun.out();
        assertTrue(out.contains("epoch 2/2 done in"), out);
        assertTrue(out.contains("mgda-ub weight"), out);
        assertTrue(out.contains("gradient cosines"), out);
        assertTrue(out.contains("epoch 1/2  2/2 (100%)  seg "), "plain progress lines when not on a terminal: " + out);
        assertTrue(out.strip().endsWith("checkpoints/best.safetensors)"), out);

        TrainConfig config = ConfigFile.read(reference.resolve("config.json"), TrainConfig.class);
        assertEquals(List.of("seg", "left", "right"), config.tasks());
        assertEquals("mgda-ub", config.strategy().name());
        assertEquals("scaled", config.strategy().headUpdate(), "the default head update");
        assertEquals(List.of(4, 8), config.model().widths());
        assertEquals(List.of(4, 6), config.model().headGrid(), "4 x 6 on 64 x 84 scenes");
        assertEquals(Map.of("seg", 11, "left", 10, "right", 10), config.model().classes());
        assertEquals(64, config.model().inputHeight());

        CsvLog.Table metrics = CsvLog.read(reference.resolve("metrics.csv"));
        assertEquals(List.of("epoch", "task", "split", "loss", "miou"), metrics.header().subList(0, 5));
        assertEquals(2 * 3 * 2, metrics.rows().size(), "a row per epoch, task and split");
        CsvLog.Table weights = CsvLog.read(reference.resolve("weights.csv"));
        assertEquals(List.of("epoch", "step", "seg", "left", "right"), weights.header());
        assertEquals(4, weights.rows().size(), "a row per step");
        for (List<String> row : weights.rows()) {
            double sum = 0;
            for (String w : row.subList(2, 5)) sum += Double.parseDouble(w);
            assertEquals(1, sum, 1e-9, "MGDA-UB's weights lie on the simplex: " + row);
        }
        assertEquals("4", weights.rows().getLast().get(1), "steps count over the run");

        RunSummary summary = RunSummary.read(reference.resolve("summary.json"));
        assertEquals(RunSummary.COMPLETED, summary.status());
        assertEquals(2, summary.epochsCompleted());
        assertEquals(2, summary.epochs().size());
        assertEquals("miou", summary.tasks().get("seg").mainMetric());
        assertTrue(summary.timing().trainImagesPerSecond() > 0);

        for (String png : List.of("curves.png", "weights.png", "predictions.png")) {
            BufferedImage img = ImageIO.read(reference.resolve(png).toFile());
            assertNotNull(img, png);
            assertTrue(img.getWidth() > 300 && img.getHeight() > 200, png + " " + img.getWidth() + " x " + img.getHeight());
        }
        for (String ck : List.of("epoch-001", "epoch-002", "best")) {
            Checkpoint c = SafetensorsReader.read(reference.resolve("checkpoints/" + ck + ".safetensors"));
            assertEquals("mgda-unet training checkpoint", c.metadata().get("format"));
            assertTrue(c.tensors().containsKey("trunk.enc.0.0.weight") && c.tensors().containsKey("heads.left.fc.weight"), c.tensors().keySet().toString());
            assertTrue(c.tensors().keySet().stream().anyMatch(k -> k.startsWith("optimizer.state.")), "optimizer state saved");
        }
        assertFalse(Files.exists(reference.resolve("checkpoints/interrupted.safetensors")));
    }

    @Test
    void theOwnHeadUpdateIsRecordedAndChangesOnlyWhatTheHeadsAreGiven() throws IOException {
        Path own = dir.resolve("own");
        Cli.Run r = Cli.trainTiny("--epochs", "1", "--head-update", "own", "--out", own.toString()).assertOk();
        assertTrue(r.out().contains("heads own"), r.out());
        assertEquals("own", ConfigFile.read(own.resolve("config.json"), TrainConfig.class).strategy().headUpdate());
        // The same start and the same first batch: the first step's weights agree with the scaled run's ...
        // (to rounding: a warm JVM's compiled kernels may round a last digit otherwise than the cold run's)
        List<String> first = CsvLog.read(reference.resolve("weights.csv")).rows().getFirst(), ownFirst = CsvLog.read(own.resolve("weights.csv")).rows().getFirst();
        for (int i = 2; i < 5; i++) assertEquals(Double.parseDouble(first.get(i)), Double.parseDouble(ownFirst.get(i)), 1e-7, "first step weight " + i);
        // ... but the heads were given other gradients.
        Checkpoint scaled = SafetensorsReader.read(reference.resolve("checkpoints/epoch-001.safetensors"));
        Checkpoint mine = SafetensorsReader.read(own.resolve("checkpoints/epoch-001.safetensors"));
        String head = "heads.left.fc.weight";
        assertTrue(scaled.tensors().get(head).maxAbsDiff(mine.tensors().get(head)) > 1e-6, head + " should differ between the head updates");
    }

    @Test
    void evaluateReproducesTheLastValidationExactly() throws IOException {
        Cli.Run r = Cli.run("evaluate", "--checkpoint", reference.resolve("checkpoints/epoch-002.safetensors").toString(), "--batch-size", "8", "--json").assertOk();
        JsonObject tasks = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonObject("tasks");
        RunSummary summary = RunSummary.read(reference.resolve("summary.json"));
        for (String task : List.of("seg", "left", "right")) {
            RunSummary.TaskEpoch last = summary.tasks().get(task).last();
            assertEquals(2, last.epoch());
            JsonObject m = tasks.getAsJsonObject(task).getAsJsonObject("metrics");
            for (var e : last.metrics().entrySet()) {
                double v = m.get(e.getKey()).isJsonNull() ? Double.NaN : m.get(e.getKey()).getAsDouble();
                assertEquals(e.getValue(), v, 0.0, task + " " + e.getKey());
            }
            assertEquals(last.valLoss(), tasks.getAsJsonObject(task).get("loss").getAsDouble(), 1e-6, task + " loss");
        }

        Cli.Run text = Cli.run("evaluate", "--checkpoint", reference.resolve("checkpoints/best.safetensors").toString()).assertOk();
        assertTrue(text.out().contains("evaluated on m2nist test scenes"), text.out());
        assertTrue(text.out().contains("  seg ") && text.out().contains("mIoU") && text.out().contains("seg iou:") && text.out().contains("bg "), text.out());
    }

    @Test
    void evaluateTakesEverySceneOfAFolderNamedWithoutSplitSizes() {
        Path scenes = dir.resolve("scenes");
        Cli.run("data", "generate", "--out", scenes.toString(), "--count", "5", "--seed", "3").assertOk();
        Cli.Run r = Cli.run("evaluate", "--checkpoint", reference.resolve("checkpoints/best.safetensors").toString(), "--data", scenes.toString()).assertOk();
        assertTrue(r.out().contains(": 5 scenes in"), r.out());
        // With split sizes the folder is split as in training: 5 scenes cannot hold 16 + 8.
        Cli.assertUserError(Cli.run("evaluate", "--checkpoint", reference.resolve("checkpoints/best.safetensors").toString(), "--data", scenes.toString(),
                "--train-size", "16", "--test-size", "8"), "fewer than");
    }

    @Test
    void evaluateComputesTheMultiTaskImprovementOverBaselines() throws IOException {
        Path baseline = dir.resolve("baseline-summary.json");
        SummaryRecorder rec = new SummaryRecorder(Map.of("note", "single-task baselines"), 1, null);
        rec.add(new RunSummary.EpochRecord(1, 1, 16, 1, 8, 1e-3, Map.of(
                "seg", new RunSummary.TaskEpoch(1, 1, 1, 1, "miou", true, Map.of("miou", 0.5), Map.of()),
                "left", new RunSummary.TaskEpoch(1, 1, 1, 1, "accuracy", true, Map.of("accuracy", 0.25), Map.of()),
                "right", new RunSummary.TaskEpoch(1, 1, 1, 1, "accuracy", true, Map.of("accuracy", 0.2), Map.of()))));
        rec.summary(RunSummary.COMPLETED).write(baseline);
        Cli.Run r = Cli.run("evaluate", "--checkpoint", reference.resolve("checkpoints/best.safetensors").toString(), "--baseline", baseline.toString(), "--json").assertOk();
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        JsonObject tasks = o.getAsJsonObject("tasks");
        double seg = tasks.getAsJsonObject("seg").getAsJsonObject("metrics").get("miou").getAsDouble();
        double left = tasks.getAsJsonObject("left").getAsJsonObject("metrics").get("accuracy").getAsDouble();
        double right = tasks.getAsJsonObject("right").getAsJsonObject("metrics").get("accuracy").getAsDouble();
        double expected = 100 * ((seg - 0.5) / 0.5 + (left - 0.25) / 0.25 + (right - 0.2) / 0.2) / 3;
        assertEquals(expected, o.get("delta_m_percent").getAsDouble(), 1e-9);

        Cli.Run text = Cli.run("evaluate", "--checkpoint", reference.resolve("checkpoints/best.safetensors").toString(), "--baseline", baseline.toString()).assertOk();
        assertTrue(text.out().contains("multi-task improvement dm = "), text.out());
    }

    @Test
    void predictWritesAMaskPerImageAndTheDigits() throws IOException {
        Path scenes = dir.resolve("scenes");
        Cli.run("data", "generate", "--out", scenes.toString(), "--count", "3", "--seed", "9", "--grid", "0").assertOk();
        SceneSet set = M2nistFiles.read(scenes);
        // The first scene again as an 8-bit grey PNG: the same pixels as in the .npy file.
        BufferedImage png = new BufferedImage(84, 64, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 84; x++) png.getRaster().setSample(x, y, 0, Math.round(set.images()[y * 84 + x] * 255));
        Path first = dir.resolve("first.png");
        ImageIO.write(png, "png", first.toFile());

        Path out = dir.resolve("predicted");
        Cli.Run r = Cli.run("predict", "--checkpoint", reference.resolve("checkpoints/best.safetensors").toString(), "--out", out.toString(), "--json",
                scenes.resolve("combined.npy").toString(), first.toString()).assertOk();
        JsonArray results = JsonParser.parseString(r.out()).getAsJsonArray();
        assertEquals(4, results.size());
        for (var e : results) {
            JsonObject o = e.getAsJsonObject();
            int left = o.getAsJsonObject("left").get("class").getAsInt();
            assertTrue(left >= 0 && left < 10);
            double p = o.getAsJsonObject("left").get("probability").getAsDouble();
            assertTrue(p >= 0.1 && p <= 1, "the top class of ten has probability at least 1/10: " + p);
            Path mask = Path.of(o.getAsJsonObject("seg").get("mask").getAsString());
            BufferedImage m = ImageIO.read(mask.toFile());
            assertEquals(84, m.getWidth());
            assertEquals(64, m.getHeight());
        }
        assertEquals(List.of("combined-0.mask.png", "combined-1.mask.png", "combined-2.mask.png", "first.mask.png"),
                Files.list(out).map(p -> p.getFileName().toString()).sorted().toList());
        JsonObject fromNpy = results.get(0).getAsJsonObject(), fromPng = results.get(3).getAsJsonObject();
        assertEquals(fromNpy.get("left"), fromPng.get("left"), "the same image gives the same prediction from either format");
        assertEquals(fromNpy.getAsJsonObject("seg").get("digit_pixels"), fromPng.getAsJsonObject("seg").get("digit_pixels"));
        assertArrayEquals(Files.readAllBytes(out.resolve("combined-0.mask.png")), Files.readAllBytes(out.resolve("first.mask.png")));

        Cli.Run text = Cli.run("predict", "--checkpoint", reference.resolve("checkpoints/best.safetensors").toString(), "--out", out.toString(), first.toString()).assertOk();
        assertTrue(text.out().startsWith(first + ":  mask "), text.out());
        assertTrue(text.out().contains("  left ") && text.out().contains("  right "), text.out());
    }

    @Test
    void aLossThatIsNotFiniteStopsTheRunAndKeepsTheLastGoodCheckpoint() throws IOException {
        Path run = dir.resolve("diverged");
        // Epoch 2 runs at a learning rate of 1e27: the weights blow up within a step or two.
        Cli.Run r = Cli.trainTiny("--epochs", "3", "--schedule", "step:1:1e30", "--out", run.toString());
        assertEquals(3, r.code(), r.err());
        String line = r.err().strip();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.startsWith("mgda-unet: training stopped: ") && line.contains("is not finite"), line);
        assertTrue(line.endsWith("the last good checkpoint is " + run.resolve("checkpoints/epoch-001.safetensors")), line);
        assertFalse(Files.exists(run.resolve("checkpoints/epoch-002.safetensors")));
        assertEquals(RunSummary.FAILED, RunSummary.read(run.resolve("summary.json")).status());
        assertEquals(1, RunSummary.read(run.resolve("summary.json")).epochsCompleted());
        Cli.run("evaluate", "--checkpoint", run.resolve("checkpoints/epoch-001.safetensors").toString()).assertOk();
    }
}
