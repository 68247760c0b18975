package mgdaunet.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import mgdaunet.app.data.Datasets;
import mgdaunet.app.data.DigitSet;
import mgdaunet.app.data.DigitSource;
import mgdaunet.app.data.DigitSources;
import mgdaunet.app.data.Layout;
import mgdaunet.app.data.M2nistFiles;
import mgdaunet.app.data.NpyHeader;
import mgdaunet.app.data.NpyReader;
import mgdaunet.app.data.SceneSet;
import mgdaunet.app.data.Task;
import mgdaunet.app.render.GridCell;
import mgdaunet.app.render.SceneGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mgda-unet data}: generate a scene set as M2NIST files, or inspect a data folder. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Generate a scene set as M2NIST .npy files with a PNG preview, or inspect a data folder.",
        subcommands = {DataCommand.Generate.class, DataCommand.Inspect.class})
public final class DataCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Generate multi-digit scenes and write them in the M2NIST format:",
                "combined.npy (N x H x W grey 0-255), segmented.npy (N x H x W x 11 one-hot, channel 10 = background),",
                "left.npy, right.npy, count.npy (one label per image; multimnist has no count) and grid.png."})
    static final class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write into (created if needed; files of the same names are replaced).")
        Path out;

        @Option(names = "--count", defaultValue = "5000", paramLabel = "N", description = "Number of scenes (default: ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed; the same seed gives the same scenes (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--source", paramLabel = "IDX_DIR", description = "Folder with the four IDX files of MNIST, Fashion-MNIST or EMNIST (default: the embedded 10,000 MNIST digits).")
        Path source;

        @Option(names = "--layout", defaultValue = "m2nist", paramLabel = "LAYOUT", description = "m2nist (64 x 84, 2-3 digits) or multimnist (28 x 28, 2 overlapping digits) (default: ${DEFAULT-VALUE}).")
        String layout;

        @Option(names = "--digits", defaultValue = "train", paramLabel = "SPLIT", description = "Which digits to draw from: train or test (default: ${DEFAULT-VALUE}).")
        String digits;

        @Option(names = "--transposed", description = "The IDX images are stored transposed (EMNIST; implied by file names starting with 'emnist').")
        boolean transposed;

        @Option(names = "--dtypes", defaultValue = "compact", paramLabel = "KIND", description = "compact: uint8 images and masks; sample: float32 images and int32 masks, as the seed's files (default: ${DEFAULT-VALUE}).")
        String dtypes;

        @Option(names = "--grid", defaultValue = "24", paramLabel = "K", description = "Scenes shown in grid.png; 0: no PNG (default: ${DEFAULT-VALUE}).")
        int grid;

        @Override
        public Integer call() {
            PrintWriter w = spec.commandLine().getOut();
            if (count < 1) throw new UserInputException("--count must be at least 1, got " + count);
            if (grid < 0) throw new UserInputException("--grid must be 0 or more, got " + grid);
            Layout l = Layout.parse(layout);
            M2nistFiles.Dtypes kind = switch (dtypes.toLowerCase(Locale.ROOT)) {
                case "compact" -> M2nistFiles.Dtypes.COMPACT;
                case "sample" -> M2nistFiles.Dtypes.SAMPLE;
                default -> throw new UserInputException("unknown --dtypes '" + dtypes + "'; expected compact or sample");
            };
            if (Files.exists(out) && !Files.isDirectory(out)) throw new UserInputException(out + ": exists and is not a folder (--out)");
            requireMemory(l, count);

            DigitSource src = source == null ? DigitSources.embedded() : DigitSources.folder(source, transposed);
            DigitSet pool = switch (digits.toLowerCase(Locale.ROOT)) {
                case "train" -> src.train();
                case "test" -> src.test();
                default -> throw new UserInputException("unknown --digits '" + digits + "'; expected train or test");
            };
            long t0 = System.nanoTime();
            SceneSet set = Datasets.generate(pool, l, count, seed);
            long t1 = System.nanoTime();
            w.printf(Locale.ROOT, "generated %d %s scenes (%d x %d) from %s (%d images), seed %d, in %.0f ms%n",
                    set.size(), l.id(), set.height(), set.width(), pool.name(), pool.size(), seed, (t1 - t0) / 1e6);
            w.flush();

            M2nistFiles.write(set, out, kind);
            List<String> written = new ArrayList<>(List.of(M2nistFiles.IMAGES, M2nistFiles.MASKS));
            for (Task t : List.of(Task.LEFT, Task.RIGHT, Task.COUNT)) if (set.offers(t)) written.add(t.id() + ".npy");
            if (grid > 0) {
                SceneGrid.writePng(cells(set, Math.min(grid, count)), SceneGrid.Style.of(l == Layout.M2NIST ? 4 : 6)
                        .withTitle(l.id() + " scenes, seed " + seed + ": image | mask"), out.resolve("grid.png"));
                written.add("grid.png");
            }
            long t2 = System.nanoTime();
            w.printf(Locale.ROOT, "wrote %s into %s in %.0f ms%n", String.join(", ", written), out, (t2 - t1) / 1e6);
            return 0;
        }

        private static List<GridCell> cells(SceneSet set, int k) {
            int px = set.height() * set.width();
            int[] masks = new int[k * px];
            for (int i = 0; i < masks.length; i++) masks[i] = set.masks()[i];
            List<GridCell> out = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                float[] img = new float[px];
                System.arraycopy(set.images(), i * px, img, 0, px);
                StringBuilder caption = new StringBuilder();
                caption.append("left ").append(set.labels(Task.LEFT)[i]).append(" right ").append(set.labels(Task.RIGHT)[i]);
                if (set.offers(Task.COUNT)) caption.append(" count ").append(set.labels(Task.COUNT)[i]);
                out.add(GridCell.of(img, set.height(), set.width()).withTrueMask(masks, i).withCaption(caption.toString()));
            }
            return out;
        }

        /** Refuses a count whose scenes would not fit in the heap, before spending minutes failing. */
        private static void requireMemory(Layout l, int count) {
            long need = (long) count * l.height() * l.width() * (Float.BYTES + 1);
            long max = Runtime.getRuntime().maxMemory();
            if (need > max * 3 / 4) {
                throw new UserInputException(String.format(Locale.ROOT, "--count %d needs about %d MB of memory, more than the %d MB this JVM may use; raise it with MGDA_UNET_JAVA_OPTS=-Xmx...",
                        count, need >> 20, max >> 20));
            }
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = {"Print what a data folder holds: a folder of M2NIST files (combined.npy, segmented.npy, ...),",
                "a folder of IDX digit files, or a single .npy file."})
    static final class Inspect implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The folder (or .npy file) to inspect.")
        Path dir;

        @Override
        public Integer call() {
            PrintWriter w = spec.commandLine().getOut();
            if (!Files.exists(dir)) throw new UserInputException(dir + ": no such file or folder");
            if (Files.isRegularFile(dir)) {
                if (!dir.getFileName().toString().endsWith(".npy")) throw new UserInputException(dir + ": not a folder or a .npy file");
                NpyHeader h = NpyReader.readHeader(dir);
                w.printf(Locale.ROOT, "%s: NumPy format %d.0, %s (%s), %d elements, data at byte %d%n", dir, h.version(), h.describe(), h.descr(), h.numel(), h.dataOffset());
            } else if (M2nistFiles.isSceneFolder(dir)) {
                inspectScenes(w);
            } else if (DigitSources.looksLikeIdxFolder(dir)) {
                inspectDigits(w);
            } else {
                throw new UserInputException(dir + ": neither M2NIST files (" + M2nistFiles.IMAGES + ", " + M2nistFiles.MASKS + ") nor IDX digit files (train-images-idx3-ubyte[.gz], ...) in this folder");
            }
            return 0;
        }

        private void inspectScenes(PrintWriter w) {
            Path images = M2nistFiles.imagesFile(dir), masks = M2nistFiles.masksFile(dir);
            NpyHeader ih = NpyReader.readHeader(images);
            NpyHeader mh = Files.exists(masks) ? NpyReader.readHeader(masks) : null;
            SceneSet set = M2nistFiles.read(dir);
            int n = set.size(), px = set.height() * set.width();
            w.printf(Locale.ROOT, "%s: M2NIST scene files%n", dir);
            w.printf(Locale.ROOT, "  %-22s %s%n", images.getFileName(), ih.describe());
            w.printf(Locale.ROOT, "  %-22s %s%n", masks.getFileName(), mh == null ? "-" : mh.describe());
            w.printf(Locale.ROOT, "  images: %d of %d x %d%n", n, set.height(), set.width());
            boolean countFile = Files.exists(dir.resolve(M2nistFiles.COUNT));
            w.printf(Locale.ROOT, "  digits per image (%s): %s%n", countFile ? M2nistFiles.COUNT : "derived from the masks", shares(set.labels(Task.COUNT), 0, n));
            w.printf(Locale.ROOT, "  left digit (%s): %s%n", Files.exists(dir.resolve(M2nistFiles.LEFT)) ? M2nistFiles.LEFT : "derived", shares(set.labels(Task.LEFT), 0, n));
            w.printf(Locale.ROOT, "  right digit (%s): %s%n", Files.exists(dir.resolve(M2nistFiles.RIGHT)) ? M2nistFiles.RIGHT : "derived", shares(set.labels(Task.RIGHT), 0, n));
            long[] cls = new long[SceneSet.CLASSES];
            long inkedBackground = 0, blankDigit = 0;
            float[] img = set.images();
            byte[] m = set.masks();
            for (int i = 0; i < m.length; i++) {
                cls[m[i]]++;
                boolean inked = img[i] > 0, digit = m[i] != SceneSet.BACKGROUND;
                if (inked && !digit) inkedBackground++;
                if (!inked && digit) blankDigit++;
            }
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < 10; c++) sb.append(String.format(Locale.ROOT, "%d: %.2f%%  ", c, 100.0 * cls[c] / m.length));
            w.printf(Locale.ROOT, "  class shares: %s%n", sb.toString().strip());
            w.printf(Locale.ROOT, "  background share: %.2f%%%n", 100.0 * cls[SceneSet.BACKGROUND] / m.length);
            w.printf(Locale.ROOT, "  inked pixels labelled background: %d; blank pixels labelled as a digit: %d (of %d pixels)%n", inkedBackground, blankDigit, (long) n * px);
        }

        private void inspectDigits(PrintWriter w) {
            DigitSource src = DigitSources.folder(dir, false);
            w.printf(Locale.ROOT, "%s: IDX digit files, images of %d x %d%n", dir, src.train().rows(), src.train().cols());
            for (DigitSet s : List.of(src.train(), src.test())) {
                w.printf(Locale.ROOT, "  %s: %d images, %d classes; labels %s%n", s.name(), s.size(), s.classes(), shares(s.labels(), 0, s.size()));
            }
        }

        /** "2: 4750 (95.0%)  3: 250 (5.0%)". */
        private static String shares(int[] values, int from, int to) {
            java.util.TreeMap<Integer, Integer> counts = new java.util.TreeMap<>();
            for (int i = from; i < to; i++) counts.merge(values[i], 1, Integer::sum);
            StringBuilder sb = new StringBuilder();
            counts.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%d: %d (%.1f%%)  ", k, v, 100.0 * v / (to - from))));
            return sb.toString().strip();
        }
    }
}
