package mgdaunet.app.report.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import mgdaunet.app.io.PngFiles;
import mgdaunet.app.report.ReportFileException;
import mgdaunet.app.report.ReportFiles;

/** One or more charts side by side in a white PNG image. */
public final class Figure {
    static {
        PngFiles.headless();
    }

    private final int panelWidth;
    private final int height;
    private final List<LineChart> panels;

    /** {@code panels} in a row, each {@code panelWidth} x {@code height} pixels. */
    public Figure(int panelWidth, int height, List<LineChart> panels) {
        if (panels.isEmpty()) throw new IllegalArgumentException("figure: no chart to draw");
        if (panelWidth < 100 || height < 100) throw new IllegalArgumentException("figure: panels of " + panelWidth + " x " + height + " px are too small");
        this.panelWidth = panelWidth;
        this.height = height;
        this.panels = List.copyOf(panels);
    }

    public List<LineChart> panels() {
        return panels;
    }

    public BufferedImage render() {
        BufferedImage image = new BufferedImage(panelWidth * panels.size(), height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < panels.size(); i++) panels.get(i).draw(g, new Rectangle(i * panelWidth, 0, panelWidth, height));
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Renders and writes the PNG atomically. A JVM without usable fonts is reported, naming the file. */
    public void writePng(Path file) throws ReportFileException {
        BufferedImage image;
        try {
            image = render();
        } catch (RuntimeException | LinkageError | InternalError e) {
            // Headless JDKs without fontconfig or any TrueType font fail in the font code.
            throw new ReportFileException(file, "cannot draw the plot (does this JVM have fonts? install fontconfig and a TrueType font): " + e, e);
        }
        ReportFiles.write(file, out -> PngFiles.encode(image, out));
    }
}
