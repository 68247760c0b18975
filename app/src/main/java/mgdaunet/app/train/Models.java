package mgdaunet.app.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import mgdaunet.app.UserInputException;
import mgdaunet.app.data.SceneSet;
import mgdaunet.mgda.MultiTaskModel;
import mgdaunet.mgda.Task;
import mgdaunet.nn.Module;
import mgdaunet.nn.heads.GridClassifierHead;
import mgdaunet.nn.heads.SegmentationHead;
import mgdaunet.nn.loss.CrossEntropyLoss;
import mgdaunet.nn.unet.UNet;
import mgdaunet.nn.unet.UNetConfig;
import mgdaunet.nn.unet.Upsampling;
import mgdaunet.tensor.Tensor;

/**
 * Builds the multi-task network a configuration describes: a U-Net trunk without a head, whose
 * output Z has the first encoder width (16) of channels at the input's size, and one head per task
 * on Z. Segmentation: a 1 x 1 conv to the 11 classes. Left, right, count: a head that keeps where
 * things are (a 3 x 3 conv with stride 2, ReLU, an average pool to a small grid, flatten, linear),
 * since a global pool cannot tell the left digit from the right one.
 */
public final class Models {
    /** The digit heads' grid on the seed's 64 x 84 scenes (pooled from 32 x 42). */
    public static final int GRID_ROWS = 4;
    public static final int GRID_COLUMNS = 6;
    /** Classes of the count head: 0 to 3 digits (M2NIST scenes hold 2 or 3). */
    public static final int COUNT_CLASSES = 4;

    private Models() {}

    /** The network of {@code config}, initialized from its seed. */
    public static MultiTaskModel build(TrainConfig config) {
        TrainConfig.Model m = config.model();
        RandomGenerator rng = Tensor.rng(config.seed());
        UNetConfig trunkConfig = trunkConfig(m);
        Module trunk = new UNet(trunkConfig, rng);
        int z = m.widths().getFirst();
        List<Task> tasks = new ArrayList<>();
        CrossEntropyLoss ce = new CrossEntropyLoss();
        for (String name : config.tasks()) {
            int classes = m.classes().get(name);
            Module head = name.equals(mgdaunet.app.data.Task.SEG.id())
                    ? new SegmentationHead(z, classes, rng)
                    : new GridClassifierHead(z, m.headChannels(), m.headGrid().get(0), m.headGrid().get(1), classes, rng);
            tasks.add(new Task(name, head, ce::forward));
        }
        return new MultiTaskModel(trunk, tasks);
    }

    static UNetConfig trunkConfig(TrainConfig.Model m) {
        Upsampling up = parseUpsampling(m.upsampling());
        return new UNetConfig(1, 0, m.widths(), m.bottleneck(), up, m.bias());
    }

    public static Upsampling parseUpsampling(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "nearest" -> Upsampling.NEAREST;
            case "transposed" -> Upsampling.TRANSPOSED;
            default -> throw new UserInputException("unknown --upsampling '" + name + "'; expected nearest or transposed");
        };
    }

    /** Classes of each task's targets: 11 for seg, 10 for left and right, {@link #COUNT_CLASSES} for count. */
    public static Map<String, Integer> classes(List<String> tasks, SceneSet train, SceneSet test) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String t : tasks) {
            mgdaunet.app.data.Task task = mgdaunet.app.data.Task.parse(t);
            int c = task == mgdaunet.app.data.Task.COUNT ? Math.max(COUNT_CLASSES, Math.max(train.classes(task), test.classes(task))) : train.classes(task);
            out.put(t, c);
        }
        return out;
    }

    /**
     * The digit heads' grid for scenes of {@code height x width}: the strided conv halves the map
     * (rounding up), and the pool needs a grid that divides it; the largest one up to 4 x 6.
     */
    public static List<Integer> defaultGrid(int height, int width) {
        return List.of(largestDivisor((height + 1) / 2, GRID_ROWS), largestDivisor((width + 1) / 2, GRID_COLUMNS));
    }

    /** Checks a grid against the map the digit heads pool: each side must divide it. */
    public static void checkGrid(List<Integer> grid, int height, int width) {
        int h = (height + 1) / 2, w = (width + 1) / 2;
        if (grid.size() != 2 || grid.get(0) < 1 || grid.get(1) < 1 || h % grid.get(0) != 0 || w % grid.get(1) != 0) {
            throw new UserInputException("--head-grid " + grid.get(0) + "x" + grid.get(1) + " does not divide the " + h + " x " + w
                    + " map the digit heads pool (scenes of " + height + " x " + width + " halved by the strided conv); try " + defaultGrid(height, width).get(0) + "x" + defaultGrid(height, width).get(1));
        }
    }

    private static int largestDivisor(int n, int atMost) {
        for (int d = Math.min(n, atMost); d > 1; d--) if (n % d == 0) return d;
        return 1;
    }
}
