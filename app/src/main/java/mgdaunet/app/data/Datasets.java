package mgdaunet.app.data;

import java.nio.file.Files;
import java.nio.file.Path;
import mgdaunet.app.UserInputException;

/**
 * The one place the commands get their scenes from. With no data folder, scenes are generated from
 * the embedded MNIST digits; a folder of IDX digits is generated from the same way; a folder of
 * M2NIST {@code .npy} files is read and split. Training scenes come from training digits and test
 * scenes from test digits, so no digit image is in both.
 */
public final class Datasets {
    /** The seed's split of its 5,000 M2NIST images. */
    public static final int DEFAULT_TRAIN = 4000;
    public static final int DEFAULT_TEST = 1000;

    static final long TRAIN_STREAM = 0x545241494EL;
    static final long TEST_STREAM = 0x54455354L;

    private Datasets() {}

    /** Training and test scenes. */
    public record Split(SceneSet train, SceneSet test) {}

    /**
     * Scenes for training and testing.
     *
     * @param data       null for the embedded digits; a folder of IDX digit files; or a folder of M2NIST .npy files
     * @param layout     the scene layout to generate, or null for M2NIST (files are read in the layout they have;
     *                   a layout given explicitly must match it)
     * @param transposed IDX images are stored transposed (EMNIST); file names starting with "emnist" imply it
     */
    public static Split load(Path data, Layout layout, int trainSize, int testSize, long seed, boolean transposed) {
        if (trainSize < 1 || testSize < 1) throw new UserInputException("the training and test sets need at least one image each (asked for " + trainSize + " and " + testSize + ")");
        if (data != null && M2nistFiles.isSceneFolder(data)) return splitFiles(data, layout, trainSize, testSize);
        DigitSource source = data == null ? DigitSources.embedded() : digitsOrExplain(data, transposed);
        Layout l = layout == null ? Layout.M2NIST : layout;
        return new Split(generate(source.train(), l, trainSize, Seeds.derive(seed, TRAIN_STREAM)).named(l.id() + " train scenes from " + source.train().name() + " (seed " + seed + ")"),
                generate(source.test(), l, testSize, Seeds.derive(seed, TEST_STREAM)).named(l.id() + " test scenes from " + source.test().name() + " (seed " + seed + ")"));
    }

    /** {@code count} scenes of {@code layout} from {@code digits}, deterministic for {@code seed}. */
    public static SceneSet generate(DigitSet digits, Layout layout, int count, long seed) {
        return switch (layout) {
            case M2NIST -> M2nistScenes.generate(digits, count, seed);
            case MULTIMNIST -> MultiMnistScenes.generate(digits, count, seed);
        };
    }

    private static DigitSource digitsOrExplain(Path data, boolean transposed) {
        if (Files.isDirectory(data) && !DigitSources.looksLikeIdxFolder(data)) {
            throw new UserInputException(data + ": neither M2NIST files (" + M2nistFiles.IMAGES + ", " + M2nistFiles.MASKS
                    + ") nor IDX digit files (train-images-idx3-ubyte[.gz], ...) in this folder");
        }
        return DigitSources.folder(data, transposed);
    }

    private static Split splitFiles(Path dir, Layout layout, int trainSize, int testSize) {
        SceneSet all = M2nistFiles.read(dir);
        if (layout != null && (all.height() != layout.height() || all.width() != layout.width())) {
            throw new UserInputException(dir + ": holds scenes of " + all.height() + " x " + all.width() + ", not " + layout.id() + "'s " + layout.height() + " x " + layout.width());
        }
        if ((long) trainSize + testSize > all.size()) {
            throw new UserInputException(dir + ": holds " + all.size() + " scenes, fewer than the " + trainSize + " training + " + testSize + " test scenes asked for");
        }
        return new Split(all.slice(0, trainSize).named("training scenes 0-" + (trainSize - 1) + " of " + dir),
                all.slice(trainSize, trainSize + testSize).named("test scenes " + trainSize + "-" + (trainSize + testSize - 1) + " of " + dir));
    }
}
