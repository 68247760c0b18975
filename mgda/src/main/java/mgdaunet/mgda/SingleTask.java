package mgdaunet.mgda;

import java.util.Map;
import mgdaunet.autograd.Variable;

/**
 * {@code single:<task>}: the single-task baseline, that task's loss alone (weight 1). The other heads
 * are run without a graph so that the step still reports every task's loss and output (weight 0).
 */
public final class SingleTask implements Strategy {
    private final String task;

    public SingleTask(String task) {
        this.task = task;
    }

    @Override
    public String name() {
        return "single:" + task;
    }

    @Override
    public StepResult step(MultiTaskModel model, Variable input, Map<String, int[]> targets) {
        int n = model.tasks().size();
        double[] w = new double[n];
        boolean[] trained = new boolean[n];
        int k = model.taskNames().indexOf(task);
        if (k < 0) model.task(task); // throws, naming the tasks there are
        w[k] = 1;
        trained[k] = true;
        return WeightedLossStep.run(name(), model, input, targets, w, trained, (t, loss) -> loss);
    }
}
