package mgdaunet.app.data;

import java.util.Map;
import mgdaunet.tensor.Tensor;

/**
 * One training or evaluation batch: images as a B x 1 x H x W tensor in [0, 1] and, per task, the
 * targets as class indices (seg: B * H * W, row-major; the others: B).
 *
 * @param epoch  the epoch it belongs to
 * @param index  its position in the epoch
 * @param scenes the indices in the scene set of its images, in batch order
 */
public record Batch(int epoch, int index, int[] scenes, Tensor images, Map<Task, int[]> targets) {
    /** Number of images. */
    public int size() {
        return scenes.length;
    }

    /** The targets of one task. */
    public int[] target(Task task) {
        int[] t = targets.get(task);
        if (t == null) throw new IllegalArgumentException("batch has no targets for task '" + task.id() + "' (it has " + targets.keySet() + ")");
        return t;
    }
}
