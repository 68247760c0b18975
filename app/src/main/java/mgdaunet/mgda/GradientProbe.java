package mgdaunet.mgda;

import java.util.List;
import java.util.Map;
import mgdaunet.autograd.Variable;
import mgdaunet.mgda.solver.GramMatrix;

/** INTERIM stand-in for the strategies branch (deleted at the merge). */
public final class GradientProbe {
    private GradientProbe() {}

    public static Diagnostics measure(MultiTaskModel model, Variable input, Map<String, int[]> targets) {
        Variable zd = model.trunk().forward(input).detach().detachRequiringGrad();
        List<String> names = model.taskNames();
        float[][] g = new float[names.size()][];
        for (int i = 0; i < g.length; i++) {
            Task task = model.task(names.get(i));
            Variable loss = task.loss().apply(task.head().forward(zd), targets.get(task.name()));
            loss.backward();
            g[i] = zd.grad().copy().data();
            zd.zeroGrad();
        }
        for (Task t : model.tasks()) t.head().zeroGrad();
        return Diagnostics.of(names, GramMatrix.of(g), Double.NaN);
    }
}
