package mgdaunet.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import mgdaunet.app.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitSourcesTest {
    @TempDir
    Path dir;

    @Test
    void embeddedDigitsAreTheTenThousandMnistDigits() {
        DigitSource s = DigitSources.embedded();
        assertEquals(8000, s.train().size());
        assertEquals(2000, s.test().size());
        for (DigitSet d : new DigitSet[] {s.train(), s.test()}) {
            assertEquals(28, d.rows());
            assertEquals(28, d.cols());
            assertEquals(10, d.classes());
            int[] perClass = new int[10];
            for (int l : d.labels()) perClass[l]++;
            for (int c = 0; c < 10; c++) assertTrue(perClass[c] > d.size() / 20, "class " + c + " has " + perClass[c] + " images");
            // MNIST digits: roughly a fifth of the pixels are inked, the one-pixel border almost never
            long inked = 0, border = 0;
            for (int i = 0; i < d.size(); i++) {
                for (int r = 0; r < 28; r++) {
                    for (int c = 0; c < 28; c++) {
                        if (d.pixel(i, r, c) == 0) continue;
                        inked++;
                        if (r == 0 || c == 0 || r == 27 || c == 27) border++;
                    }
                }
            }
            double share = inked / (784.0 * d.size());
            assertTrue(share > 0.15 && share < 0.25, "inked share " + share);
            double borderShare = border / (108.0 * d.size());
            assertTrue(borderShare < 0.002, "inked border share " + borderShare);
            d.requireSceneDigits(1);
        }
    }

    /** Writes a small IDX digit folder: n images of 28 x 28 where image i has one inked pixel at row i % 28, column 0. */
    private Path idxFolder(String prefix, int n, int labelOffset, boolean transposed, boolean gzip) throws java.io.IOException {
        Files.createDirectories(dir);
        byte[] px = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int r = i % 28;
            px[i * 784 + (transposed ? r : r * 28)] = (byte) 200; // (r, 0) upright is (0, r) transposed
            labels[i] = (byte) (i % 10 + labelOffset);
        }
        String ext = gzip ? ".gz" : "";
        for (String split : new String[] {"train", "t10k"}) {
            Idx.write(dir.resolve(prefix + split + "-images-idx3-ubyte" + ext), NdArray.ofUnsignedBytes(px, n, 28, 28), gzip);
            Idx.write(dir.resolve(prefix + split + "-labels-idx1-ubyte" + ext), NdArray.ofUnsignedBytes(labels, n), gzip);
        }
        return dir;
    }

    @Test
    void readsAFolderOfIdxFilesRawOrGzip() throws Exception {
        for (boolean gzip : new boolean[] {false, true}) {
            Path d = dir.resolve(gzip ? "gz" : "raw");
            dir = d;
            idxFolder("", 30, 0, false, gzip);
            DigitSource s = DigitSources.folder(d, false);
            assertEquals(30, s.train().size());
            assertEquals(200, s.train().pixel(5, 5, 0));
            assertEquals(7, s.test().labels()[17]);
            assertTrue(DigitSources.looksLikeIdxFolder(d));
            dir = d.getParent();
        }
    }

    @Test
    void emnistImagesAreTurnedUprightByNameOrFlag() throws Exception {
        idxFolder("emnist-digits-", 30, 0, true, true);
        DigitSource s = DigitSources.folder(dir, false);
        for (int i = 0; i < 30; i++) assertEquals(200, s.train().pixel(i, i % 28, 0), "image " + i + " upright");
        Path plain = dir.resolve("plain");
        dir = plain;
        idxFolder("", 30, 0, true, false);
        assertEquals(0, DigitSources.folder(plain, false).train().pixel(3, 3, 0), "without the flag the image stays as stored");
        assertEquals(200, DigitSources.folder(plain, true).train().pixel(3, 3, 0));
    }

    @Test
    void emnistLettersLabelsStartAtZeroAndCannotMakeDigitScenes() throws Exception {
        idxFolder("emnist-letters-", 30, 1, true, true);
        DigitSource s = DigitSources.folder(dir, false);
        assertEquals(0, s.train().labels()[0], "letter labels 1-26 shifted to 0-25");
        assertEquals(9, s.train().labels()[9]);
        idxFolder("emnist-letters-", 30, 17, true, true); // labels 17-26: letters beyond j
        UserInputException e = assertThrows(UserInputException.class, () -> DigitSources.folder(dir, false).train().requireSceneDigits(1));
        assertTrue(e.getMessage().contains("label 16") && e.getMessage().contains("0-9"), e.getMessage());
    }

    @Test
    void mismatchedMissingOrAmbiguousFilesAreNamed() throws Exception {
        idxFolder("", 30, 0, false, false);
        Idx.write(dir.resolve("t10k-labels-idx1-ubyte"), NdArray.ofUnsignedBytes(new byte[29], 29), false);
        DataFileException count = assertThrows(DataFileException.class, () -> DigitSources.folder(dir, false));
        assertEquals(dir.resolve("t10k-labels-idx1-ubyte") + ": 29 labels for the 30 images of " + dir.resolve("t10k-images-idx3-ubyte"), count.getMessage());

        Idx.write(dir.resolve("t10k-labels-idx1-ubyte"), NdArray.ofUnsignedBytes(new byte[30], 30, 1), false);
        DataFileException rank = assertThrows(DataFileException.class, () -> DigitSources.folder(dir, false));
        assertTrue(rank.getMessage().startsWith(dir.resolve("t10k-labels-idx1-ubyte") + ": expected labels"), rank.getMessage());

        Idx.write(dir.resolve("t10k-labels-idx1-ubyte"), NdArray.of(DType.FLOAT32, ByteOrder.BIG_ENDIAN, new int[] {30}, new double[30]), false);
        assertThrows(DataFileException.class, () -> DigitSources.folder(dir, false));

        byte[] bad = new byte[30];
        bad[4] = (byte) 200;
        Idx.write(dir.resolve("t10k-labels-idx1-ubyte"), NdArray.ofUnsignedBytes(bad, 30), false);
        DataFileException range = assertThrows(DataFileException.class, () -> DigitSources.folder(dir, false));
        assertTrue(range.getMessage().contains("label 200 of image 4 is out of range"), range.getMessage());

        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        UserInputException missing = assertThrows(UserInputException.class, () -> DigitSources.folder(dir, false));
        assertTrue(missing.getMessage().contains("no t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz file"), missing.getMessage());

        Files.copy(dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-images-idx3-ubyte.gz"));
        UserInputException twice = assertThrows(UserInputException.class, () -> DigitSources.folder(dir, false));
        assertTrue(twice.getMessage().contains("several files match train-images-idx3-ubyte"), twice.getMessage());

        UserInputException none = assertThrows(UserInputException.class, () -> DigitSources.folder(dir.resolve("absent"), false));
        assertTrue(none.getMessage().contains("no such folder"), none.getMessage());
    }

    @Test
    void fashionMnistWhenInstalled() {
        Path fashion = Path.of("/usr/share/datasets/fashion-mnist");
        assumeTrue(Files.isDirectory(fashion), "Fashion-MNIST is not installed");
        DigitSource s = DigitSources.folder(fashion, false);
        assertEquals(60000, s.train().size());
        assertEquals(10000, s.test().size());
        assertArrayEquals(new int[] {28, 28}, new int[] {s.train().rows(), s.train().cols()});
        assertEquals(10, s.train().classes());
    }
}
