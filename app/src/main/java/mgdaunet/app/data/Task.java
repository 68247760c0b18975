package mgdaunet.app.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import mgdaunet.app.UserInputException;

/**
 * What a network can be asked about a scene. Targets are class indices in {@code int[]} arrays:
 * {@link #SEG} one per pixel (N * H * W, row-major), the others one per image.
 */
public enum Task {
    /** Semantic segmentation: per pixel 0-9 for a digit's ink, {@link SceneSet#BACKGROUND} for background. */
    SEG("seg", "segmentation mask (11 classes)"),
    /** The class of the leftmost digit. */
    LEFT("left", "class of the leftmost digit"),
    /** The class of the rightmost digit. */
    RIGHT("right", "class of the rightmost digit"),
    /** The number of digits in the image. */
    COUNT("count", "number of digits");

    private final String id;
    private final String description;

    Task(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name users type: "seg", "left", "right", "count". */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** True for tasks with a target per pixel. */
    public boolean perPixel() {
        return this == SEG;
    }

    /** The task named {@code name}; an unknown name is a {@link UserInputException} listing the tasks. */
    public static Task parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (Task t : values()) if (t.id.equals(n)) return t;
        throw new UserInputException("unknown task '" + name.strip() + "'; tasks: " + String.join(", ", Arrays.stream(values()).map(Task::id).toList()));
    }

    /** Tasks from a comma-separated list ("seg,left,right"), in the given order, each once. */
    public static List<Task> parseList(String csv) {
        List<Task> out = new ArrayList<>();
        for (String part : csv.split(",", -1)) {
            if (part.isBlank()) throw new UserInputException("empty task name in '" + csv + "'; expected a comma-separated list such as seg,left,right");
            Task t = parse(part);
            if (out.contains(t)) throw new UserInputException("task '" + t.id + "' is listed twice in '" + csv + "'");
            out.add(t);
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return id;
    }
}
