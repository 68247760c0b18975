package mgdaunet.app.report.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import mgdaunet.app.report.ReportFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FigureTest {
    @TempDir
    Path dir;

    private static long pixelsOf(BufferedImage image, Color c) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) if ((image.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff)) n++;
        }
        return n;
    }

    private static LineChart chart(Series... series) {
        LineChart.Builder b = LineChart.builder("title").xLabel("epoch").yLabel("loss").integerX();
        for (Series s : series) b.add(s);
        return b.build();
    }

    @Test
    void drawsEverySeriesInItsColour() {
        Series blue = Series.line("a", new double[] {1, 2, 3}, new double[] {3, 2, 1}, PlotColors.cycle(0)).withWidth(3f);
        Series orange = Series.line("b", new double[] {1, 2, 3}, new double[] {1, Double.NaN, 3}, PlotColors.cycle(1)).withWidth(3f).asDashed();
        BufferedImage image = new Figure(300, 200, List.of(chart(blue), chart(orange))).render();
        assertEquals(600, image.getWidth());
        assertEquals(200, image.getHeight());
        assertTrue(pixelsOf(image, PlotColors.cycle(0)) > 100, "blue line drawn");
        assertTrue(pixelsOf(image, PlotColors.cycle(1)) > 10, "orange legend sample drawn");
        assertTrue(pixelsOf(image, Color.WHITE) > image.getWidth() * image.getHeight() / 2, "mostly white background");
        long leftHalfOrange = 0;
        for (int y = 0; y < 200; y++) for (int x = 0; x < 300; x++) if ((image.getRGB(x, y) & 0xffffff) == (PlotColors.cycle(1).getRGB() & 0xffffff)) leftHalfOrange++;
        assertEquals(0, leftHalfOrange, "each chart stays in its panel");
    }

    @Test
    void emptyAndDegenerateChartsStillDraw() {
        Series nanOnly = Series.line("nan", new double[] {1, 2}, new double[] {Double.NaN, Double.NaN}, PlotColors.cycle(2));
        Series single = Series.line("one", new double[] {1}, new double[] {5}, PlotColors.cycle(3)).withMarkers();
        BufferedImage image = new Figure(200, 150, List.of(chart(), chart(nanOnly), chart(single))).render();
        assertTrue(pixelsOf(image, PlotColors.cycle(3)) > 5, "a one-point series shows its dot");
    }

    @Test
    void writesAPngAtomically() throws IOException {
        Path png = dir.resolve("curves.png");
        new Figure(320, 240, List.of(chart(Series.line("a", new double[] {1, 2}, new double[] {1, 2}, Color.BLACK)))).writePng(png);
        BufferedImage back = ImageIO.read(png.toFile());
        assertEquals(320, back.getWidth());
        assertEquals(240, back.getHeight());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList(), "no temporary file left");
        }
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        var e = assertThrows(ReportFileException.class, () -> new Figure(320, 240, List.of(chart())).writePng(notAFolder.resolve("a.png")));
        assertTrue(e.getMessage().startsWith(notAFolder.resolve("a.png") + ": cannot write"), e.getMessage());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new Figure(300, 200, List.of()));
        assertThrows(IllegalArgumentException.class, () -> Series.line("x", new double[2], new double[3], Color.BLACK));
        assertThrows(IllegalArgumentException.class, () -> LineChart.builder("t").yRange(1, 1));
    }
}
