package mgdaunet.app.data;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import mgdaunet.app.UserInputException;
import mgdaunet.tensor.Tensor;

/**
 * Multi-digit scenes with their targets: {@code size()} grey images of {@code height x width} in
 * [0, 1] (scaled once, when the set was made), an 11-class mask per image (digit classes 0-9,
 * {@link #BACKGROUND} elsewhere), and per image the labels of the tasks the set offers. Arrays are
 * shared with callers, not copied: treat them as read-only.
 */
public final class SceneSet {
    /** Classes of the mask: the ten digits and background. */
    public static final int CLASSES = 11;
    /** The mask class of pixels without ink. */
    public static final int BACKGROUND = 10;

    private final String name;
    private final int size;
    private final int height;
    private final int width;
    private final float[] images;
    private final byte[] masks;
    private final int[] left;
    private final int[] right;
    private final int[] count;

    /**
     * @param images size * height * width grey values in [0, 1]
     * @param masks  size * height * width classes 0-10
     * @param left   class of the leftmost digit per image, or null if the set does not offer the task;
     *               likewise {@code right} and {@code count}
     */
    public SceneSet(String name, int size, int height, int width, float[] images, byte[] masks, int[] left, int[] right, int[] count) {
        long pixels = (long) size * height * width;
        if (size < 0 || height <= 0 || width <= 0) throw new IllegalArgumentException("SceneSet " + name + ": " + size + " images of " + height + " x " + width);
        if (images.length != pixels || masks.length != pixels) {
            throw new IllegalArgumentException("SceneSet " + name + ": " + images.length + " image values and " + masks.length + " mask values for " + size + " images of " + height + " x " + width);
        }
        for (int[] labels : new int[][] {left, right, count}) {
            if (labels != null && labels.length != size) throw new IllegalArgumentException("SceneSet " + name + ": " + labels.length + " labels for " + size + " images");
        }
        this.name = name;
        this.size = size;
        this.height = height;
        this.width = width;
        this.images = images;
        this.masks = masks;
        this.left = left;
        this.right = right;
        this.count = count;
    }

    public String name() {
        return name;
    }

    /** Number of images. */
    public int size() {
        return size;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Grey values in [0, 1], image after image, row-major. */
    public float[] images() {
        return images;
    }

    /** Mask classes (0-9 digit, 10 background), image after image, row-major. */
    public byte[] masks() {
        return masks;
    }

    /** The tasks this set has targets for. */
    public Set<Task> tasks() {
        EnumSet<Task> out = EnumSet.of(Task.SEG);
        if (left != null) out.add(Task.LEFT);
        if (right != null) out.add(Task.RIGHT);
        if (count != null) out.add(Task.COUNT);
        return out;
    }

    public boolean offers(Task t) {
        return tasks().contains(t);
    }

    /** Refuses, naming the task and the set, a task this set has no targets for. */
    public void require(Collection<Task> wanted) {
        for (Task t : wanted) {
            if (!offers(t)) {
                String offered = tasks().stream().map(Task::id).collect(Collectors.joining(", "));
                throw new UserInputException("task '" + t.id() + "' is not offered by " + name + " (it offers " + offered + ")");
            }
        }
    }

    /** Number of classes of a task's targets: 11 for seg, 10 for left and right, largest count + 1 for count. */
    public int classes(Task t) {
        return switch (t) {
            case SEG -> CLASSES;
            case LEFT, RIGHT -> 10;
            case COUNT -> Arrays.stream(labels(t)).max().orElse(0) + 1;
        };
    }

    /** The per-image labels of {@code left}, {@code right} or {@code count} (shared, not copied). */
    public int[] labels(Task t) {
        require(Set.of(t));
        return switch (t) {
            case LEFT -> left;
            case RIGHT -> right;
            case COUNT -> count;
            case SEG -> throw new IllegalArgumentException("labels: seg has a target per pixel; use target(Task.SEG)");
        };
    }

    /** The targets of a task for the whole set, as a new array: per pixel for seg (N * H * W), per image otherwise. */
    public int[] target(Task t) {
        if (t == Task.SEG) {
            int[] out = new int[masks.length];
            for (int i = 0; i < out.length; i++) out[i] = masks[i];
            return out;
        }
        return labels(t).clone();
    }

    /** All images as an N x 1 x H x W tensor (a copy). */
    public Tensor imageTensor() {
        return Tensor.of(images, size, 1, height, width);
    }

    /** Images [from, to) as a new set with the same tasks. */
    public SceneSet slice(int from, int to) {
        if (from < 0 || to > size || from > to) throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + size + " images");
        int px = height * width;
        return new SceneSet(name + " [" + from + ", " + to + ")", to - from, height, width,
                Arrays.copyOfRange(images, from * px, to * px), Arrays.copyOfRange(masks, from * px, to * px),
                left == null ? null : Arrays.copyOfRange(left, from, to),
                right == null ? null : Arrays.copyOfRange(right, from, to),
                count == null ? null : Arrays.copyOfRange(count, from, to));
    }

    /** The same scenes under another name. */
    public SceneSet named(String newName) {
        return new SceneSet(newName, size, height, width, images, masks, left, right, count);
    }

    @Override
    public String toString() {
        return name + ": " + size + " images of " + height + " x " + width + ", tasks " + tasks().stream().map(Task::id).collect(Collectors.joining(","));
    }
}
