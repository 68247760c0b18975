package mgdaunet.app.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a training run was asked to do, after defaults were applied: written to the run
 * folder's {@code config.json} at the start, into every checkpoint's metadata, and read back by
 * {@code --resume} and {@code evaluate} (strictly: a missing or unknown key is an error).
 *
 * @param tasks       task names in the order of the model's heads ("seg", "left", "right", "count")
 * @param epochs      epochs planned
 * @param batchSize   training batch size
 * @param evalBatchSize batch size of validation and prediction (no graph, so it may be larger)
 * @param seed        seeds the data, the initial weights, the shuffles and the augmentation
 * @param threads     threads of the compute pool
 * @param bestBy      what ranks epochs for best.safetensors: "mean" (of every task's main metric) or a task name
 */
public record TrainConfig(
        int version,
        Data data,
        List<String> tasks,
        Model model,
        Strategy strategy,
        Optimizer optimizer,
        String schedule,
        int epochs,
        int batchSize,
        int evalBatchSize,
        long seed,
        int threads,
        String bestBy) {

    /** The format of this record; a config of another version is refused rather than misread. */
    public static final int VERSION = 2; // 2: strategy.head_update

    public TrainConfig {
        tasks = List.copyOf(tasks);
    }

    /**
     * Where the scenes come from.
     *
     * @param source     a folder of IDX digits or of M2NIST .npy files; null for the embedded digits
     * @param layout     "m2nist" or "multimnist"
     * @param transposed IDX images are stored transposed (EMNIST)
     * @param augment    largest random shift, in pixels, of a training image and its mask (0: none)
     */
    public record Data(String source, String layout, int trainSize, int testSize, boolean transposed, int augment) {}

    /**
     * The network: a U-Net trunk without a head, and one head per task on its first-width feature map.
     *
     * @param inputHeight    scene height the heads were built for
     * @param inputWidth     scene width
     * @param headChannels   channels of the strided conv in the digit heads
     * @param headGrid       the digit heads' pooled grid (rows, columns)
     * @param classes        classes per task
     */
    public record Model(int inputHeight, int inputWidth, String upsampling, List<Integer> widths, int bottleneck, boolean bias,
                        int headChannels, List<Integer> headGrid, Map<String, Integer> classes) {
        public Model {
            widths = List.copyOf(widths);
            headGrid = List.copyOf(headGrid);
            classes = new LinkedHashMap<>(classes);
        }
    }

    /**
     * The task-weighting strategy ("mgda-ub", "equal", "single:seg", ...), MGDA's gradient
     * normalization, and what MGDA gives the heads ("scaled" by the task weights or their "own" gradients).
     */
    public record Strategy(String name, String normalization, String headUpdate) {}

    /**
     * @param name        "adam", "adamw" or "sgd"
     * @param momentum    SGD's momentum (ignored by Adam)
     * @param gradClip    largest global gradient norm (0: no clipping)
     */
    public record Optimizer(String name, double lr, double weightDecay, double momentum, double gradClip) {}
}
