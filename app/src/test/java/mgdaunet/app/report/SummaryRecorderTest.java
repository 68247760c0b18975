package mgdaunet.app.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mgdaunet.app.metrics.ClassificationMetrics;
import mgdaunet.app.metrics.ConfusionMatrix;
import mgdaunet.app.metrics.SegmentationMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryRecorderTest {
    @TempDir
    Path dir;

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);
    private static final Environment ENV = new Environment("25", "Eclipse Adoptium", "OpenJDK 64-Bit Server VM", "Linux 6", "amd64",
            "Test CPU", 2, 2, 3072, true);

    /** Segmentation metrics whose only digit, 3, has IoU = correct / 4 (4 true pixels, no false positive). */
    private static SegmentationMetrics seg(int correct) {
        ConfusionMatrix cm = new ConfusionMatrix(11);
        for (int i = 0; i < 4; i++) cm.add(3, i < correct ? 3 : 10);
        cm.add(10, 10);
        return SegmentationMetrics.of(cm, 10);
    }

    private static ClassificationMetrics left(int correctOfFour) {
        ConfusionMatrix cm = new ConfusionMatrix(10);
        for (int i = 0; i < 4; i++) cm.add(1, i < correctOfFour ? 1 : 2);
        return ClassificationMetrics.of(cm);
    }

    private static RunSummary.EpochRecord epoch(int e, int segCorrect, int leftCorrect) {
        Map<String, RunSummary.TaskEpoch> tasks = new LinkedHashMap<>();
        tasks.put("seg", RunSummary.TaskEpoch.of(e, 1.0 / e, 0.6, 1.1 / e, seg(segCorrect)));
        tasks.put("left", RunSummary.TaskEpoch.of(e, 2.0 / e, 0.4, 2.2 / e, left(leftCorrect)));
        return new RunSummary.EpochRecord(e, 10.0, 4000, 2.0, 1000, 1e-3, tasks);
    }

    private static SummaryRecorder threeEpochs() {
        SummaryRecorder r = new SummaryRecorder(Json.toTree(Map.of("strategy", "mgda-ub")), 5, ENV, CLOCK, null);
        r.add(epoch(1, 2, 1)); // seg mIoU 0.5, left 0.25
        r.add(epoch(2, 3, 4)); // 0.75, 1.0
        r.add(epoch(3, 1, 4)); // 0.25, 1.0 (a tie: the earlier epoch stays best)
        return r;
    }

    @Test
    void finalAndBestPerTaskAndTimings() {
        RunSummary s = threeEpochs().summary(RunSummary.RUNNING);
        assertEquals(3, s.epochsCompleted());
        assertEquals(5, s.epochsPlanned());
        RunSummary.TaskSummary seg = s.tasks().get("seg");
        assertEquals("miou", seg.mainMetric());
        assertEquals(3, seg.last().epoch());
        assertEquals(0.25, seg.last().main());
        assertEquals(2, seg.best().epoch());
        assertEquals(0.75, seg.best().main());
        assertEquals(2, s.tasks().get("left").best().epoch());
        assertEquals(30.0, s.timing().trainSeconds());
        assertEquals(36.0, s.timing().totalSeconds());
        assertEquals(12.0, s.timing().secondsPerEpoch());
        assertEquals(400.0, s.timing().trainImagesPerSecond());
        assertEquals(500.0, s.timing().evalImagesPerSecond());
        assertEquals("2025-01-02T03:04:05Z", s.started());
    }

    @Test
    void writesJsonThatReadsBack() throws IOException {
        Path f = dir.resolve("summary.json");
        threeEpochs().summary(RunSummary.COMPLETED).write(f);
        String text = Files.readString(f);
        assertTrue(text.contains("\"final\": {") && text.contains("\"train_images_per_second\": 400.0"), text);
        assertTrue(text.contains("\"strategy\": \"mgda-ub\""), text);
        assertTrue(text.contains("null"), "undefined per-class IoUs are null: " + text);
        RunSummary back = RunSummary.read(f);
        assertEquals(RunSummary.COMPLETED, back.status());
        assertEquals(0.75, back.tasks().get("seg").best().main());
        double[] iou = back.tasks().get("seg").best().perClass().get("iou");
        assertEquals(0.75, iou[3]);
        assertTrue(Double.isNaN(iou[0]));
        assertEquals(ENV, back.environment());
        assertEquals("mgda-ub", ((JsonObject) back.config()).get("strategy").getAsString());
    }

    @Test
    void resumeKeepsEpochsUpToTheCheckpoint() {
        RunSummary s = threeEpochs().summary(RunSummary.STOPPED);
        SummaryRecorder r = SummaryRecorder.resume(s, 1, ENV, CLOCK);
        assertEquals(List.of(1), r.epochs().stream().map(RunSummary.EpochRecord::epoch).toList());
        assertEquals(1, r.summary(RunSummary.RUNNING).tasks().get("seg").best().epoch(), "the best of a dropped epoch is forgotten");
        r.add(epoch(2, 4, 4));
        RunSummary after = r.summary(RunSummary.COMPLETED);
        assertEquals(1.0, after.tasks().get("seg").best().main());
        assertEquals(s.started(), after.started());
        assertThrows(IllegalArgumentException.class, () -> r.add(epoch(2, 1, 1)));
    }

    @Test
    void anUndefinedMainMetricIsNeverBest() {
        SummaryRecorder r = new SummaryRecorder(Json.toTree(Map.of()), 1, ENV, CLOCK, null);
        ConfusionMatrix bgOnly = new ConfusionMatrix(11);
        bgOnly.add(10, 10);
        r.add(new RunSummary.EpochRecord(1, 1, 1, 1, 1, 1e-3,
                Map.of("seg", RunSummary.TaskEpoch.of(1, 1, Double.NaN, 1, SegmentationMetrics.of(bgOnly, 10)))));
        RunSummary.TaskSummary seg = r.summary(RunSummary.RUNNING).tasks().get("seg");
        assertNull(seg.best());
        assertEquals(1, seg.last().epoch());
    }

    @Test
    void rejectsOtherJson() throws IOException {
        Path f = Files.writeString(dir.resolve("other.json"), "{\"format\": \"something else\", \"version\": 1}");
        var e = assertThrows(ReportFileException.class, () -> RunSummary.read(f));
        assertEquals(f + ": not a run summary (its \"format\" is 'something else')", e.getMessage());
    }

    @Test
    void environmentDescribesThisMachine() {
        Environment env = Environment.current();
        assertTrue(env.cpus() >= 1 && env.threads() >= 1 && env.maxHeapMb() > 0);
        assertTrue(env.jdk().startsWith(Integer.toString(Runtime.version().feature())));
        assertTrue(!env.cpu().isBlank());
        assertArrayEquals(new int[0], new int[0]);
    }
}
