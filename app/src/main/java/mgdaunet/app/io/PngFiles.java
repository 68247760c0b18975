package mgdaunet.app.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.ImageIO;

/** PNG encoding for every picture the CLI writes (scene grids, masks, plots). */
public final class PngFiles {
    static {
        // Drawing into an image needs no display; AWT decides once, at first use, whether to look for one.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        // Encode in memory: ImageIO's file cache registers a shutdown hook, which fails while the JVM
        // shuts down, and a run stopped by Ctrl-C still draws its last epoch's pictures.
        ImageIO.setUseCache(false);
    }

    private PngFiles() {}

    /** Puts AWT in headless mode (unless set otherwise) before a caller touches it. */
    public static void headless() {
        // the static initializer does it
    }

    public static void encode(BufferedImage image, OutputStream out) throws IOException {
        if (!ImageIO.write(image, "png", out)) throw new IOException("this Java runtime has no PNG writer");
    }

    /** Writes {@code image} as a PNG file, atomically. */
    public static void write(BufferedImage image, java.nio.file.Path file) throws IOException {
        AtomicFiles.write(file, out -> encode(image, out));
    }
}
