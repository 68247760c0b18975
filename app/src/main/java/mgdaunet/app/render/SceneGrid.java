package mgdaunet.app.render;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * Lays out cells of scenes (image, true mask, predicted mask, caption) in a grid on a dark page,
 * with an optional title line and a colour legend of the 11 classes at the bottom.
 */
public final class SceneGrid {
    private static final int PAGE = 0x0E0E12;
    private static final int TEXT = 0xE8E8E8;
    private static final int MARGIN = 8;
    private static final int PANEL_GAP = 2;
    private static final int CELL_GAP = 10;
    private static final int LINE_GAP = 3;

    private SceneGrid() {}

    /** How the grid looks: columns of cells, pixel scale of images, font scale, a title (or null), a legend. */
    public record Style(int columns, int scale, int fontScale, String title, boolean legend) {
        public Style {
            if (columns < 1 || scale < 1 || fontScale < 1) throw new IllegalArgumentException("SceneGrid: columns " + columns + ", scale " + scale + ", font scale " + fontScale);
        }

        /** {@code columns} columns, images at twice their size, a legend, no title. */
        public static Style of(int columns) {
            return new Style(columns, 2, 1, null, true);
        }

        public Style withTitle(String t) {
            return new Style(columns, scale, fontScale, t, legend);
        }

        public Style withScale(int s) {
            return new Style(columns, s, fontScale, title, legend);
        }
    }

    /** Renders the cells (all of the same image size) into an RGB image. */
    public static BufferedImage render(List<GridCell> cells, Style style) {
        if (cells.isEmpty()) throw new IllegalArgumentException("SceneGrid: no cells to draw");
        int h = cells.getFirst().height(), w = cells.getFirst().width();
        int panels = 1, lines = 0;
        for (GridCell c : cells) {
            if (c.height() != h || c.width() != w) throw new IllegalArgumentException("SceneGrid: cells of " + h + " x " + w + " and " + c.height() + " x " + c.width());
            panels = Math.max(panels, c.panels());
            lines = Math.max(lines, c.captionLines().length);
        }
        int fs = style.fontScale(), lineHeight = BitmapFont.GLYPH_HEIGHT * fs + LINE_GAP;
        int panelW = w * style.scale(), panelH = h * style.scale();
        int cellW = panels * panelW + (panels - 1) * PANEL_GAP;
        int cellH = panelH + (lines > 0 ? LINE_GAP + lines * lineHeight : 0);
        int cols = Math.min(style.columns(), cells.size());
        int rows = (cells.size() + cols - 1) / cols;
        int titleH = style.title() != null ? lineHeight + LINE_GAP : 0;
        int legendH = style.legend() ? lineHeight + 2 * LINE_GAP : 0;
        int pageW = Math.max(2 * MARGIN + cols * cellW + (cols - 1) * CELL_GAP, style.legend() ? 2 * MARGIN + legendWidth(fs) : 0);
        int pageH = 2 * MARGIN + titleH + rows * cellH + (rows - 1) * CELL_GAP + legendH;
        BufferedImage img = new BufferedImage(pageW, pageH, BufferedImage.TYPE_INT_RGB);
        Canvas.fill(img, 0, 0, pageW, pageH, PAGE);
        if (style.title() != null) BitmapFont.draw(img, style.title(), MARGIN, MARGIN, fs, TEXT);
        for (int i = 0; i < cells.size(); i++) {
            GridCell c = cells.get(i);
            int x = MARGIN + (i % cols) * (cellW + CELL_GAP);
            int y = MARGIN + titleH + (i / cols) * (cellH + CELL_GAP);
            Canvas.paintGrey(img, c.image(), 0, h, w, x, y, style.scale());
            int px = x + panelW + PANEL_GAP;
            if (c.trueMask() != null) {
                Canvas.paintMask(img, c.trueMask(), 0, h, w, px, y, style.scale());
                px += panelW + PANEL_GAP;
            }
            if (c.predictedMask() != null) Canvas.paintMask(img, c.predictedMask(), 0, h, w, px, y, style.scale());
            String[] text = c.captionLines();
            for (int l = 0; l < text.length; l++) {
                drawClipped(img, text[l], x, y + panelH + LINE_GAP + l * lineHeight, cellW, fs);
            }
        }
        if (style.legend()) drawLegend(img, MARGIN, pageH - MARGIN - lineHeight, fs);
        return img;
    }

    /** Renders and writes a PNG. */
    public static void writePng(List<GridCell> cells, Style style, Path file) {
        Png.write(render(cells, style), file);
    }

    /** Draws as many characters of {@code text} as fit in {@code maxWidth}. */
    private static void drawClipped(BufferedImage img, String text, int x, int y, int maxWidth, int fs) {
        int fit = Math.max(0, (maxWidth / fs + 1) / BitmapFont.ADVANCE);
        BitmapFont.draw(img, text.length() > fit ? text.substring(0, fit) : text, x, y, fs, TEXT);
    }

    private static int legendWidth(int fs) {
        int w = 0;
        for (int c = 0; c < Palette.classes(); c++) w += legendEntryWidth(c, fs);
        return w;
    }

    private static int legendEntryWidth(int cls, int fs) {
        int swatch = BitmapFont.GLYPH_HEIGHT * fs;
        return swatch + 3 + BitmapFont.width(Palette.label(cls), fs) + 10;
    }

    private static void drawLegend(BufferedImage img, int x, int y, int fs) {
        int swatch = BitmapFont.GLYPH_HEIGHT * fs;
        for (int c = 0; c < Palette.classes(); c++) {
            Canvas.fill(img, x, y, swatch, swatch, Palette.rgb(c));
            if (c == Palette.BACKGROUND) drawOutline(img, x, y, swatch);
            BitmapFont.draw(img, Palette.label(c), x + swatch + 3, y, fs, TEXT);
            x += legendEntryWidth(c, fs);
        }
    }

    /** A thin light frame, so the dark background swatch is visible on the dark page. */
    private static void drawOutline(BufferedImage img, int x, int y, int size) {
        Canvas.fill(img, x, y, size, 1, 0x808080);
        Canvas.fill(img, x, y + size - 1, size, 1, 0x808080);
        Canvas.fill(img, x, y, 1, size, 0x808080);
        Canvas.fill(img, x + size - 1, y, 1, size, 0x808080);
    }
}
