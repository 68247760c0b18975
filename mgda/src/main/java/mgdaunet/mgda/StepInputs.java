package mgdaunet.mgda;

import java.util.List;
import java.util.Map;
import mgdaunet.autograd.Graph;

/** Checks of what a step receives, with messages that say what is wrong. */
final class StepInputs {
    private StepInputs() {}

    /** Each task's targets in task order; an error names a missing task. */
    static int[][] targets(String who, MultiTaskModel model, Map<String, int[]> targets) {
        List<Task> tasks = model.tasks();
        int[][] out = new int[tasks.size()][];
        for (int t = 0; t < out.length; t++) {
            out[t] = targets.get(tasks.get(t).name());
            if (out[t] == null) {
                throw new IllegalArgumentException(who + ": no targets for task '" + tasks.get(t).name() + "' (targets given for: "
                        + String.join(", ", targets.keySet()) + ")");
            }
        }
        return out;
    }

    /** Gradients need a recorded graph. */
    static void requireRecording(String who) {
        if (!Graph.isRecording()) {
            throw new IllegalStateException(who + ": called inside Graph.noGrad(); a training step needs the graph recorded");
        }
    }

    /** A loss as a double, refusing anything but a one-element value. */
    static double lossValue(String who, Task task, mgdaunet.autograd.Variable loss) {
        if (loss.value().size() != 1) {
            throw new IllegalArgumentException(who + ": the loss of task '" + task.name() + "' has shape "
                    + java.util.Arrays.toString(loss.shape()) + ", a task loss must be a scalar");
        }
        return loss.item();
    }
}
