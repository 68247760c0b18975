package mgdaunet.mgda;

import java.util.Objects;
import mgdaunet.nn.Module;

/**
 * A task of a multi-task model: a head on the shared representation Z and the loss of its output.
 * The name keys the task everywhere (targets, losses, weights, checkpoint names
 * {@code heads.<name>.*}), so it must be a valid module name: non-empty, no dots.
 */
public record Task(String name, Module head, TaskLoss loss) {
    public Task {
        Objects.requireNonNull(name, "Task: name");
        Objects.requireNonNull(head, "Task '" + name + "': head");
        Objects.requireNonNull(loss, "Task '" + name + "': loss");
        if (name.isEmpty() || name.contains(".") || name.contains(":") || name.contains(",") || name.contains("=")) {
            throw new IllegalArgumentException("Task: invalid name '" + name + "' (non-empty, without '.', ':', ',' or '=')");
        }
    }
}
