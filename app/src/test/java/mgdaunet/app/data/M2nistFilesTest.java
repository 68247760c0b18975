package mgdaunet.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class M2nistFilesTest {
    @TempDir
    Path dir;

    static Path sampleFolder() {
        try {
            return Path.of(M2nistFilesTest.class.getResource("/mgdaunet/app/data/m2nist-sample/combined_sample.npy").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsTheSeedsSampleWithTheRightClassesPerImage() {
        SceneSet s = M2nistFiles.read(sampleFolder());
        assertEquals(10, s.size());
        assertEquals(64, s.height());
        assertEquals(84, s.width());
        // classes per image and the columns their ink spans, as NumPy reports them for the sample
        int[][] classes = {{2, 9}, {4, 7}, {3, 7}, {1, 6}, {4, 7}, {7, 9}, {1, 3}, {0, 6}, {1, 3}, {2, 4}};
        int[] left = {2, 7, 7, 1, 7, 9, 1, 6, 1, 2};
        int[] right = {9, 4, 3, 6, 4, 7, 3, 0, 3, 4};
        int px = 64 * 84;
        for (int k = 0; k < 10; k++) {
            Set<Integer> seen = new TreeSet<>();
            for (int i = k * px; i < (k + 1) * px; i++) {
                int m = s.masks()[i];
                boolean inked = s.images()[i] > 0;
                assertEquals(inked, m != SceneSet.BACKGROUND, "image " + k + ": inked pixels have a digit class, blank pixels are background");
                if (m != SceneSet.BACKGROUND) seen.add(m);
            }
            assertEquals(Set.of(classes[k][0], classes[k][1]), seen, "image " + k);
        }
        assertArrayEquals(left, s.labels(Task.LEFT));
        assertArrayEquals(right, s.labels(Task.RIGHT));
        assertArrayEquals(new int[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, s.labels(Task.COUNT));
    }

    @Test
    void sampleGreyIsScaledFromZeroTo255IntoTheUnitIntervalOnce() {
        SceneSet s = M2nistFiles.read(sampleFolder());
        double[] raw = NpyReader.read(sampleFolder().resolve("combined_sample.npy")).toDoubles();
        float max = 0;
        for (int i = 0; i < raw.length; i++) {
            assertEquals((float) raw[i] / 255f, s.images()[i]);
            max = Math.max(max, s.images()[i]);
        }
        assertEquals(1f, max);
    }

    @Test
    void roundTripsAGeneratedSetInBothDtypeKinds() {
        SceneSet set = M2nistScenes.generate(DigitSources.embedded().test(), 40, 11);
        for (M2nistFiles.Dtypes kind : M2nistFiles.Dtypes.values()) {
            Path out = dir.resolve(kind.name());
            M2nistFiles.write(set, out, kind);
            NpyHeader ih = NpyReader.readHeader(out.resolve("combined.npy")), mh = NpyReader.readHeader(out.resolve("segmented.npy"));
            assertArrayEquals(new int[] {40, 64, 84}, ih.shape());
            assertArrayEquals(new int[] {40, 64, 84, 11}, mh.shape());
            assertEquals(kind == M2nistFiles.Dtypes.COMPACT ? "|u1" : "<f4", ih.descr());
            assertEquals(kind == M2nistFiles.Dtypes.COMPACT ? "|u1" : "<i4", mh.descr());
            SceneSet back = M2nistFiles.read(out);
            assertArrayEquals(set.images(), back.images(), kind.name());
            assertArrayEquals(set.masks(), back.masks(), kind.name());
            for (Task t : EnumSet.of(Task.LEFT, Task.RIGHT, Task.COUNT)) assertArrayEquals(set.labels(t), back.labels(t), kind + " " + t);
        }
    }

    @Test
    void multiMnistFilesHaveNoCountFileAndAStaleOneIsRemoved() throws IOException {
        SceneSet m2 = M2nistScenes.generate(DigitSources.embedded().test(), 5, 1);
        M2nistFiles.write(m2, dir, M2nistFiles.Dtypes.COMPACT);
        assertTrue(Files.exists(dir.resolve("count.npy")));
        SceneSet mm = MultiMnistScenes.generate(DigitSources.embedded().test(), 12, 1);
        M2nistFiles.write(mm, dir, M2nistFiles.Dtypes.COMPACT);
        assertFalse(Files.exists(dir.resolve("count.npy")));
        SceneSet back = M2nistFiles.read(dir);
        assertEquals(28, back.height());
        assertArrayEquals(mm.labels(Task.LEFT), back.labels(Task.LEFT));
        assertArrayEquals(mm.labels(Task.RIGHT), back.labels(Task.RIGHT));
    }

    // ------------------------------------------------------------------ bad files

    /** A valid folder of 6 scenes to spoil one file at a time. */
    private Path folder() {
        M2nistFiles.write(M2nistScenes.generate(DigitSources.embedded().test(), 6, 3), dir, M2nistFiles.Dtypes.COMPACT);
        return dir;
    }

    private static void write(Path f, DType t, int[] shape, double[] values) {
        NpyWriter.write(f, NdArray.of(t, ByteOrder.LITTLE_ENDIAN, shape, values));
    }

    private static DataFileException assertNames(Path dir, Path file, String part) {
        DataFileException e = assertThrows(DataFileException.class, () -> M2nistFiles.read(dir));
        assertTrue(e.getMessage().startsWith(file + ": "), "names " + file + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(part), "says '" + part + "': " + e.getMessage());
        return e;
    }

    /** One-hot masks of {@code n} images of h x w, all background except pixel 0 of each image (class 3). */
    private static double[] oneHot(int n, int h, int w) {
        double[] v = new double[n * h * w * 11];
        for (int p = 0; p < n * h * w; p++) v[p * 11 + (p % (h * w) == 0 ? 3 : 10)] = 1;
        return v;
    }

    @Test
    void masksThatDoNotMatchTheImagesAreRefused() {
        Path d = folder(), masks = d.resolve("segmented.npy");
        write(masks, DType.UINT8, new int[] {5, 64, 84, 11}, oneHot(5, 64, 84));
        assertNames(d, masks, "shape (5, 64, 84, 11) does not match the images of combined.npy (6, 64, 84)");
        write(masks, DType.UINT8, new int[] {6, 64, 83, 11}, oneHot(6, 64, 83));
        assertNames(d, masks, "does not match");
        write(masks, DType.UINT8, new int[] {6, 64, 84, 10}, new double[6 * 64 * 84 * 10]);
        assertNames(d, masks, "expected 11 one-hot channels");
    }

    @Test
    void masksThatAreNotOneHotAreRefusedWithThePixel() {
        Path d = folder(), masks = d.resolve("segmented.npy");
        double[] v = oneHot(6, 64, 84);
        v[(2 * 64 * 84 + 5 * 84 + 7) * 11 + 4] = 1; // a second hot channel in image 2, row 5, column 7
        write(masks, DType.UINT8, new int[] {6, 64, 84, 11}, v);
        assertNames(d, masks, "not one-hot at image 2, row 5, column 7");
        double[] none = oneHot(6, 64, 84);
        none[(64 * 84 + 1) * 11 + 10] = 0;
        write(masks, DType.UINT8, new int[] {6, 64, 84, 11}, none);
        assertNames(d, masks, "not one-hot at image 1, row 0, column 1");
        double[] half = oneHot(6, 64, 84);
        half[10] = 0.5;
        write(masks, DType.FLOAT32, new int[] {6, 64, 84, 11}, half);
        assertNames(d, masks, "not one-hot at image 0, row 0, column 0");
    }

    @Test
    void classIndexMasksAreAcceptedAndCheckedToo() {
        Path d = folder(), masks = d.resolve("segmented.npy");
        SceneSet before = M2nistFiles.read(d);
        double[] idx = new double[6 * 64 * 84];
        for (int i = 0; i < idx.length; i++) idx[i] = before.masks()[i];
        write(masks, DType.INT64, new int[] {6, 64, 84}, idx);
        assertArrayEquals(before.masks(), M2nistFiles.read(d).masks());
        idx[100] = 11;
        write(masks, DType.INT64, new int[] {6, 64, 84}, idx);
        assertNames(d, masks, "class 11.0 at image 0, row 1, column 16 is not one of 0-10");
    }

    @Test
    void imagesOutOfRangeOrOfTheWrongShapeAreRefused() {
        Path d = folder(), images = d.resolve("combined.npy");
        double[] v = new double[6 * 64 * 84];
        v[9] = 300;
        write(images, DType.FLOAT32, new int[] {6, 64, 84}, v);
        assertNames(d, images, "grey value 300.0 at element 9 is outside [0, 255]");
        v[9] = Double.NaN;
        write(images, DType.FLOAT64, new int[] {6, 64, 84}, v);
        assertNames(d, images, "grey value NaN");
        v[9] = -1;
        write(images, DType.INT16, new int[] {6, 64, 84}, v);
        assertNames(d, images, "grey value -1.0");
        write(images, DType.UINT8, new int[] {6 * 64, 84}, new double[6 * 64 * 84]);
        assertNames(d, images, "expected grey images of shape (N, H, W), found uint8 (384, 84)");
    }

    @Test
    void alreadyScaledGreyIsNotScaledAgain() {
        Path d = folder(), images = d.resolve("combined.npy");
        SceneSet before = M2nistFiles.read(d);
        double[] unit = new double[before.images().length];
        for (int i = 0; i < unit.length; i++) unit[i] = before.images()[i];
        write(images, DType.FLOAT32, new int[] {6, 64, 84}, unit);
        assertArrayEquals(before.images(), M2nistFiles.read(d).images());
    }

    @Test
    void truncatedOrMissingFilesAreNamed() throws IOException {
        Path d = folder(), images = d.resolve("combined.npy"), masks = d.resolve("segmented.npy");
        byte[] bytes = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(bytes, bytes.length - 84));
        assertNames(d, images, "truncated");
        Files.write(images, bytes);
        byte[] m = Files.readAllBytes(masks);
        Files.write(masks, Arrays.copyOf(m, m.length / 2));
        assertNames(d, masks, "truncated");
        Files.delete(masks);
        assertNames(d, masks, "no such file; it must come with combined.npy");
    }

    @Test
    void labelFilesAreChecked() {
        Path d = folder(), left = d.resolve("left.npy"), count = d.resolve("count.npy");
        write(left, DType.INT32, new int[] {5}, new double[5]);
        assertNames(d, left, "expected 6 labels, shape (6,), found (5,)");
        write(left, DType.INT32, new int[] {6}, new double[] {1, 2, 3, 10, 4, 5});
        assertNames(d, left, "label 10.0 of image 3 is not an integer in [0, 9]");
        write(left, DType.FLOAT32, new int[] {6}, new double[] {1, 2, 3, 2.5, 4, 5});
        assertNames(d, left, "label 2.5 of image 3");
        write(left, DType.INT32, new int[] {6}, new double[] {1, 2, 3, 4, 5, 6});
        write(count, DType.INT8, new int[] {6}, new double[] {2, 2, -1, 2, 2, 2});
        assertNames(d, count, "label -1.0 of image 2");
    }

    @Test
    void withoutLabelFilesAnImageWithoutDigitsCannotGiveLeftOrRight() throws IOException {
        Path d = folder(), masks = d.resolve("segmented.npy");
        for (String f : new String[] {"left.npy", "right.npy", "count.npy"}) Files.delete(d.resolve(f));
        double[] v = oneHot(6, 64, 84);
        v[(4 * 64 * 84) * 11 + 3] = 0; // image 4 loses its only digit pixel
        v[(4 * 64 * 84) * 11 + 10] = 1;
        write(masks, DType.UINT8, new int[] {6, 64, 84, 11}, v);
        double[] grey = new double[6 * 64 * 84];
        for (int k = 0; k < 6; k++) if (k != 4) grey[k * 64 * 84] = 255;
        write(d.resolve("combined.npy"), DType.UINT8, new int[] {6, 64, 84}, grey);
        assertNames(d, masks, "image 4 has no digit pixels in its mask");
    }

    @Test
    void aFolderWithoutImagesIsNamed() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertNames(empty, empty.resolve("combined.npy"), "no such file");
        assertFalse(M2nistFiles.isSceneFolder(empty));
        assertTrue(M2nistFiles.isSceneFolder(sampleFolder()));
    }
}
