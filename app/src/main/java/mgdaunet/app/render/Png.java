package mgdaunet.app.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import mgdaunet.app.data.DataFileException;
import mgdaunet.app.io.PngFiles;

/** Writes PNG files atomically (a half-written image never replaces a good one); a failure names the file. */
public final class Png {
    private Png() {}

    public static void write(BufferedImage image, Path file) {
        try {
            PngFiles.write(image, file);
        } catch (IOException e) {
            throw DataFileException.of(file, "cannot write", e);
        }
    }
}
