package mgdaunet.app.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import mgdaunet.app.report.plot.Figure;
import mgdaunet.app.report.plot.Series;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPlotsTest {
    @TempDir
    Path dir;

    private static List<MetricsRow> rows() {
        List<MetricsRow> rows = new ArrayList<>();
        for (int e = 1; e <= 3; e++) {
            rows.add(MetricsRow.builder(e, "seg", "train").put("loss", 1.0 / e).build());
            rows.add(MetricsRow.builder(e, "seg", "val").put("loss", 1.2 / e).put("miou", 0.2 * e).build());
            rows.add(MetricsRow.builder(e, "left", "train").put("loss", 2.0 / e).build());
            rows.add(MetricsRow.builder(e, "left", "val").put("loss", 2.2 / e).put("accuracy", 0.3 * e).build());
        }
        return rows;
    }

    @Test
    void curvesHaveALossAndAMetricPanel() {
        Figure f = TrainingPlots.curves(rows(), Map.of("seg", "miou", "left", "accuracy"));
        assertEquals(2, f.panels().size());
        assertEquals(List.of("seg train", "seg val", "left train", "left val"),
                f.panels().get(0).series().stream().map(Series::label).toList());
        assertEquals(List.of("seg mIoU", "left accuracy"), f.panels().get(1).series().stream().map(Series::label).toList(),
                "metrics only on validation: the labels need not name the split");
        Series segVal = f.panels().get(0).series().get(1);
        assertTrue(segVal.dashed() && !f.panels().get(0).series().get(0).dashed(), "validation dashed, train solid");
        assertArrayEquals(new double[] {1, 2, 3}, segVal.x());
        assertArrayEquals(new double[] {0.2, 0.4, 0.6000000000000001}, f.panels().get(1).series().getFirst().y());
        assertEquals(segVal.color(), f.panels().get(1).series().getFirst().color(), "a task keeps its colour across panels");
    }

    @Test
    void writesBothPngs() throws IOException {
        Path curves = dir.resolve("curves.png");
        TrainingPlots.writeCurves(curves, rows(), Map.of("seg", "miou", "left", "accuracy"));
        assertEquals(1120, ImageIO.read(curves.toFile()).getWidth());
        List<WeightsCsv.Step> steps = new ArrayList<>();
        for (int i = 0; i < 400; i++) steps.add(new WeightsCsv.Step(1 + i / 200, i + 1, new double[] {0.5 + 0.001 * (i % 7), 0.5 - 0.001 * (i % 7)}));
        Path weights = dir.resolve("weights.png");
        TrainingPlots.writeWeights(weights, new WeightsCsv.History(List.of("seg", "left"), steps), "mgda-ub");
        assertEquals(420, ImageIO.read(weights.toFile()).getHeight());
    }

    @Test
    void manyStepsAreSmoothedFewAreMarked() {
        List<WeightsCsv.Step> few = List.of(new WeightsCsv.Step(1, 1, new double[] {0.3, 0.7}), new WeightsCsv.Step(2, 2, new double[] {0.4, 0.6}));
        Figure f = TrainingPlots.weights(new WeightsCsv.History(List.of("a", "b"), few), "mgda-ub");
        assertEquals("Task weights (mgda-ub)", f.panels().getFirst().title());
        assertEquals(2, f.panels().getFirst().series().size());
        assertTrue(f.panels().getFirst().series().getFirst().markers());
        assertArrayEquals(new double[] {1, 2}, f.panels().getFirst().series().getFirst().x(), "one step per epoch sits on the epoch");
        List<WeightsCsv.Step> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) many.add(new WeightsCsv.Step(1, i + 1, new double[] {0.5, 0.5}));
        assertEquals(4, TrainingPlots.weights(new WeightsCsv.History(List.of("a", "b"), many), "").panels().getFirst().series().size(),
                "raw and moving average per task");
    }

    @Test
    void stepPositionsAndMovingAverage() {
        List<WeightsCsv.Step> steps = List.of(
                new WeightsCsv.Step(1, 1, new double[1]), new WeightsCsv.Step(1, 2, new double[1]),
                new WeightsCsv.Step(1, 3, new double[1]), new WeightsCsv.Step(1, 4, new double[1]),
                new WeightsCsv.Step(2, 5, new double[1]), new WeightsCsv.Step(2, 6, new double[1]));
        assertArrayEquals(new double[] {0.25, 0.5, 0.75, 1.0, 1.5, 2.0}, TrainingPlots.epochPositions(steps), 1e-12);
        assertArrayEquals(new double[] {1.5, 2, 3, 3.5}, TrainingPlots.movingAverage(new double[] {1, 2, 3, 4}, 3), 1e-12);
        assertArrayEquals(new double[] {1, 2, 3}, TrainingPlots.movingAverage(new double[] {1, Double.NaN, 3}, 3), 1e-12);
    }
}
