package mgdaunet.app.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SceneGridTest {
    @TempDir
    Path dir;

    private static double luminance(int rgb) {
        return (0.2126 * (rgb >> 16 & 0xFF) + 0.7152 * (rgb >> 8 & 0xFF) + 0.0722 * (rgb & 0xFF)) / 255;
    }

    @Test
    void elevenDistinctColoursWithADarkBackground() {
        assertEquals(11, Palette.classes());
        Set<Integer> colours = new HashSet<>();
        for (int c = 0; c < 11; c++) colours.add(Palette.rgb(c));
        assertEquals(11, colours.size());
        assertTrue(luminance(Palette.rgb(Palette.BACKGROUND)) < 0.1, "background is dark");
        for (int c = 0; c < 10; c++) assertTrue(luminance(Palette.rgb(c)) > 0.3, "digit " + c + " stands out");
        assertEquals(0xFFFFFF, Palette.rgb(11), "an invalid class shows white");
        assertEquals("bg", Palette.label(10));
        assertEquals(0x000000, Palette.grey(-1f));
        assertEquals(0xFFFFFF, Palette.grey(2f));
        assertEquals(0x808080, Palette.grey(128 / 255f));
    }

    /** A 4 x 6 image: column x has grey x / 5; its mask: class x in row 0, background elsewhere. */
    private static GridCell cell(String caption) {
        float[] img = new float[24];
        int[] mask = new int[24], pred = new int[24];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                img[y * 6 + x] = x / 5f;
                mask[y * 6 + x] = y == 0 ? x : 10;
                pred[y * 6 + x] = 9 - x;
            }
        }
        return GridCell.of(img, 4, 6).withTrueMask(mask).withPredictedMask(pred).withCaption(caption);
    }

    @Test
    void panelsShowImageTrueAndPredictedMaskScaledUp() {
        SceneGrid.Style style = new SceneGrid.Style(2, 3, 1, null, false);
        BufferedImage img = SceneGrid.render(List.of(cell("left 3"), cell("x")), style);
        int margin = 8, panelW = 6 * 3, gap = 2;
        // image panel: pixel (y, x) covers 3 x 3 output pixels
        for (int x = 0; x < 6; x++) {
            assertEquals(Palette.grey(x / 5f), img.getRGB(margin + x * 3 + 1, margin + 3 * 2 + 1) & 0xFFFFFF, "grey column " + x);
            assertEquals(Palette.rgb(x), img.getRGB(margin + panelW + gap + x * 3 + 2, margin + 2) & 0xFFFFFF, "true mask row 0, column " + x);
            assertEquals(Palette.rgb(10), img.getRGB(margin + panelW + gap + x * 3, margin + 3 * 3) & 0xFFFFFF, "true mask background");
            assertEquals(Palette.rgb(9 - x), img.getRGB(margin + 2 * (panelW + gap) + x * 3, margin + 4) & 0xFFFFFF, "predicted mask");
        }
        int cellW = 3 * panelW + 2 * gap;
        assertEquals(2 * margin + 2 * cellW + 10, img.getWidth(), "two cells side by side");
        // the caption is drawn under the first cell in light pixels
        int captionTop = margin + 4 * 3 + 3;
        assertTrue(lightPixels(img, margin, captionTop, cellW, 7) > 10, "caption drawn");
    }

    private static int lightPixels(BufferedImage img, int x0, int y0, int w, int h) {
        int n = 0;
        for (int y = y0; y < y0 + h; y++) for (int x = x0; x < x0 + w; x++) if (luminance(img.getRGB(x, y)) > 0.7) n++;
        return n;
    }

    @Test
    void cellsWithoutMasksOrCaptionsAndATitleAndLegend() {
        SceneGrid.Style style = SceneGrid.Style.of(3).withTitle("preview");
        List<GridCell> cells = List.of(GridCell.of(new float[24], 4, 6), GridCell.of(new float[24], 4, 6), GridCell.of(new float[24], 4, 6), GridCell.of(new float[24], 4, 6));
        BufferedImage img = SceneGrid.render(cells, style);
        assertTrue(lightPixels(img, 8, 8, BitmapFont.width("preview", 1), 7) > 10, "title drawn");
        // the legend at the bottom shows every class colour
        Set<Integer> bottom = new HashSet<>();
        for (int y = img.getHeight() - 20; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) bottom.add(img.getRGB(x, y) & 0xFFFFFF);
        for (int c = 0; c < 11; c++) assertTrue(bottom.contains(Palette.rgb(c)), "legend shows class " + c);
    }

    @Test
    void cellsFromTensorsAndBatchMasks() {
        Tensor batch = Tensor.arange(2 * 24).reshape(2, 1, 4, 6);
        GridCell c = GridCell.of(batch, 1);
        assertEquals(24f, c.image()[0]);
        int[] masks = new int[48];
        masks[24] = 7;
        assertEquals(7, c.withTrueMask(masks, 1).trueMask()[0]);
        assertEquals(3, c.withTrueMask(masks, 1).withPredictedMask(masks, 0).panels());
        assertThrows(IllegalArgumentException.class, () -> GridCell.of(batch, 2));
        assertThrows(IllegalArgumentException.class, () -> c.withTrueMask(new int[5]));
        assertThrows(IllegalArgumentException.class, () -> SceneGrid.render(List.of(c, GridCell.of(new float[4], 2, 2)), SceneGrid.Style.of(2)));
    }

    @Test
    void writesAPngThatReadsBackPixelForPixel() throws Exception {
        List<GridCell> cells = List.of(cell("left 1 right 2\ncount 2"), cell("?"));
        SceneGrid.Style style = SceneGrid.Style.of(2).withTitle("t");
        Path f = dir.resolve("grid.png");
        SceneGrid.writePng(cells, style, f);
        BufferedImage back = ImageIO.read(f.toFile());
        BufferedImage expected = SceneGrid.render(cells, style);
        assertEquals(expected.getWidth(), back.getWidth());
        assertEquals(expected.getHeight(), back.getHeight());
        for (int y = 0; y < back.getHeight(); y++) {
            for (int x = 0; x < back.getWidth(); x++) assertEquals(expected.getRGB(x, y), back.getRGB(x, y));
        }
    }

    @Test
    void fontCoversCaptionsAndClipsNothingUnexpected() {
        for (char ch : "0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ .,:;-+=/()[]<>%_!?'\"#|*".toCharArray()) {
            assertTrue(BitmapFont.hasGlyph(ch), "glyph for '" + ch + "'");
        }
        assertEquals(0, BitmapFont.width("", 2));
        assertEquals(5, BitmapFont.width("a", 1));
        assertEquals(22, BitmapFont.width("ab", 2));
        BufferedImage a = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB), b = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
        BitmapFont.draw(a, "1", 0, 0, 1, 0xFFFFFF);
        BitmapFont.draw(b, "7", 0, 0, 1, 0xFFFFFF);
        int differ = 0;
        for (int y = 0; y < 7; y++) for (int x = 0; x < 5; x++) if (a.getRGB(x, y) != b.getRGB(x, y)) differ++;
        assertNotEquals(0, differ, "glyphs differ");
        BitmapFont.draw(a, "off the edge", 15, 8, 2, 0xFFFFFF); // clipped, no exception
    }
}
