package mgdaunet.app.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import mgdaunet.app.UserInputException;

/**
 * Where digits come from: the 10,000 MNIST digits embedded in the application (8,000 train, 2,000
 * test; see the app README for their provenance), or a folder with the four standard IDX files of
 * MNIST, Fashion-MNIST or EMNIST.
 */
public final class DigitSources {
    /** Classpath folder of the embedded digits. */
    static final String EMBEDDED = "/mgdaunet/app/data/mnist-10k/";
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /** Decoded once: the digits are read-only and take 7.8 MB. */
    private static volatile DigitSource embedded;

    private DigitSources() {}

    /** The embedded MNIST digits: 8,000 train and 2,000 test images (shared: treat the arrays as read-only). */
    public static DigitSource embedded() {
        DigitSource s = embedded;
        if (s == null) {
            synchronized (DigitSources.class) {
                if (embedded == null) {
                    embedded = new DigitSource("embedded MNIST (10,000 digits)",
                            embeddedSet("embedded MNIST train digits", TRAIN_IMAGES, TRAIN_LABELS),
                            embeddedSet("embedded MNIST test digits", TEST_IMAGES, TEST_LABELS));
                }
                s = embedded;
            }
        }
        return s;
    }

    private static DigitSet embeddedSet(String name, String images, String labels) {
        return IdxDigits.of(name, readResource(images + ".gz"), EMBEDDED + images + ".gz",
                readResource(labels + ".gz"), EMBEDDED + labels + ".gz", false, 0);
    }

    private static NdArray readResource(String fileName) {
        String path = EMBEDDED + fileName;
        try (InputStream in = DigitSources.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("the embedded digits are missing from the application (classpath " + path + "); the jar is incomplete");
            return Idx.read("classpath:" + path, in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the embedded digits (classpath " + path + "): " + e.getMessage(), e);
        }
    }

    /**
     * The digits in {@code dir}: the four standard IDX files, raw or gzip
     * ({@code train-images-idx3-ubyte[.gz]}, ..., also with a prefix such as EMNIST's
     * {@code emnist-digits-}). EMNIST images are stored transposed: they are turned upright when
     * {@code transposed} is set or the file names start with "emnist"; EMNIST letters' labels
     * (1-26) are shifted to start at 0.
     */
    public static DigitSource folder(Path dir, boolean transposed) {
        if (!Files.isDirectory(dir)) {
            throw new UserInputException(dir + ": " + (Files.exists(dir) ? "not a folder" : "no such folder") + "; expected a folder with the four IDX files (train-images-idx3-ubyte.gz, ...)");
        }
        Path trainImages = find(dir, TRAIN_IMAGES), trainLabels = find(dir, TRAIN_LABELS);
        Path testImages = find(dir, TEST_IMAGES), testLabels = find(dir, TEST_LABELS);
        String lower = trainImages.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean emnist = lower.startsWith("emnist");
        int labelBase = emnist && lower.contains("letters") ? 1 : 0;
        boolean turn = transposed || emnist;
        String name = dir.toString();
        return new DigitSource(name,
                IdxDigits.of(name + " (train)", Idx.read(trainImages), trainImages.toString(), Idx.read(trainLabels), trainLabels.toString(), turn, labelBase),
                IdxDigits.of(name + " (test)", Idx.read(testImages), testImages.toString(), Idx.read(testLabels), testLabels.toString(), turn, labelBase));
    }

    /** True if {@code dir} holds IDX training images under a name this class recognises. */
    public static boolean looksLikeIdxFolder(Path dir) {
        return Files.isDirectory(dir) && !candidates(dir, TRAIN_IMAGES).isEmpty();
    }

    private static Path find(Path dir, String stem) {
        List<Path> found = candidates(dir, stem);
        if (found.isEmpty()) throw new UserInputException(dir + ": no " + stem + " or " + stem + ".gz file in this folder");
        if (found.size() > 1) throw new UserInputException(dir + ": several files match " + stem + ": " + found.stream().map(p -> p.getFileName().toString()).toList() + "; keep one");
        return found.getFirst();
    }

    private static List<Path> candidates(Path dir, String stem) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isRegularFile).forEach(p -> {
                String n = p.getFileName().toString();
                if (n.equals(stem) || n.equals(stem + ".gz") || n.endsWith("-" + stem) || n.endsWith("-" + stem + ".gz")) out.add(p);
            });
        } catch (IOException e) {
            throw DataFileException.of(dir, "cannot list", e);
        }
        out.sort(null);
        return out;
    }
}
