package mgdaunet.app.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import mgdaunet.app.data.AtomicFiles;

/** Writes PNG files atomically (a half-written image never replaces a good one). */
public final class Png {
    static {
        // Rendering uses no fonts or windows; keep AWT from looking for a display.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private Png() {}

    public static void write(BufferedImage image, Path file) {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer in this Java runtime");
        });
    }
}
