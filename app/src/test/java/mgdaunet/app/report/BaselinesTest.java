package mgdaunet.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mgdaunet.app.metrics.ClassificationMetrics;
import mgdaunet.app.metrics.ConfusionMatrix;
import mgdaunet.app.metrics.MultiTaskImprovement;
import mgdaunet.app.metrics.SegmentationMetrics;
import mgdaunet.app.metrics.TaskMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselinesTest {
    @TempDir
    Path dir;

    private static final Environment ENV = new Environment("25", "v", "vm", "os", "arch", "cpu", 2, 2, 1024, true);

    /** Accuracy = correct / 4. */
    private static ClassificationMetrics accuracy(int correct) {
        ConfusionMatrix cm = new ConfusionMatrix(10);
        for (int i = 0; i < 4; i++) cm.add(1, i < correct ? 1 : 2);
        return ClassificationMetrics.of(cm);
    }

    /** mIoU = correct / 4 (digit 3 only). */
    private static SegmentationMetrics miou(int correct) {
        ConfusionMatrix cm = new ConfusionMatrix(11);
        for (int i = 0; i < 4; i++) cm.add(3, i < correct ? 3 : 10);
        return SegmentationMetrics.of(cm, 10);
    }

    private Path singleTaskRun(String name, String task, TaskMetrics... perEpoch) throws IOException {
        SummaryRecorder r = new SummaryRecorder(new JsonObject(), perEpoch.length, ENV);
        for (int e = 0; e < perEpoch.length; e++) {
            r.add(new RunSummary.EpochRecord(e + 1, 1, 1, 1, 1, 1e-3, Map.of(task, RunSummary.TaskEpoch.of(e + 1, 1, 1, 1, perEpoch[e]))));
        }
        Path f = dir.resolve(name + ".json");
        r.summary(RunSummary.COMPLETED).write(f);
        return f;
    }

    @Test
    void deltaMAgainstTheBestEpochsOfSingleTaskRuns() throws IOException {
        Path seg = singleTaskRun("seg", "seg", miou(2), miou(4), miou(3)); // best 1.0
        Path left = singleTaskRun("left", "left", accuracy(2));            // 0.5
        Baselines b = Baselines.read(List.of(seg, left));
        assertEquals(1.0, b.byTask().get("seg").value());
        Map<String, TaskMetrics> multi = new LinkedHashMap<>();
        multi.put("seg", miou(3));      // 0.75 vs 1.0: -25 %
        multi.put("left", accuracy(3)); // 0.75 vs 0.5: +50 %
        assertEquals(12.5, MultiTaskImprovement.percent(b.compare(multi)), 1e-12);
    }

    @Test
    void aSingleTaskRunOfSeveralTasksGivesTheBaselineOfItsOwnTaskOnly() throws IOException {
        // `train --strategy single:left` with the default tasks validates seg and right too (untrained heads).
        JsonObject config = JsonParser.parseString("{\"strategy\": {\"name\": \"single:left\", \"normalization\": \"none\"}}").getAsJsonObject();
        List<Path> runs = new ArrayList<>();
        for (String trained : List.of("left", "right")) {
            config.getAsJsonObject("strategy").addProperty("name", "single:" + trained);
            SummaryRecorder r = new SummaryRecorder(config, 1, ENV);
            r.add(new RunSummary.EpochRecord(1, 1, 1, 1, 1, 1e-3, Map.of(
                    "seg", RunSummary.TaskEpoch.of(1, 1, 1, 1, miou(1)),
                    "left", RunSummary.TaskEpoch.of(1, 1, 1, 1, accuracy(trained.equals("left") ? 3 : 1)),
                    "right", RunSummary.TaskEpoch.of(1, 1, 1, 1, accuracy(trained.equals("right") ? 4 : 1)))));
            Path f = dir.resolve(trained + "-only.json");
            r.summary(RunSummary.COMPLETED).write(f);
            runs.add(f);
        }
        Baselines b = Baselines.read(runs);
        assertEquals(Set.of("left", "right"), b.byTask().keySet());
        assertEquals(0.75, b.byTask().get("left").value());
        assertEquals(1.0, b.byTask().get("right").value());
    }

    @Test
    void missingDuplicateOrMismatchedBaselinesAreNamed() throws IOException {
        Path left = singleTaskRun("left", "left", accuracy(2));
        Baselines b = Baselines.read(List.of(left));
        var missing = assertThrows(IllegalArgumentException.class, () -> b.compare(Map.of("right", accuracy(1))));
        assertEquals("no single-task baseline for task 'right' (baselines cover left)", missing.getMessage());
        Path other = singleTaskRun("other", "left", accuracy(1));
        var twice = assertThrows(ReportFileException.class, () -> Baselines.read(List.of(left, other)));
        assertTrue(twice.getMessage().startsWith(other + ": task 'left' has a baseline in " + left), twice.getMessage());
        Path segNamedLeft = singleTaskRun("odd", "left", miou(1));
        var metric = assertThrows(IllegalArgumentException.class, () -> Baselines.read(List.of(segNamedLeft)).compare(Map.of("left", accuracy(1))));
        assertTrue(metric.getMessage().contains("measures miou, not accuracy"), metric.getMessage());
    }
}
