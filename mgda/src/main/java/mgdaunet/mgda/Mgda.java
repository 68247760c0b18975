package mgdaunet.mgda;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mgdaunet.autograd.Variable;
import mgdaunet.mgda.solver.GradientNormalization;
import mgdaunet.mgda.solver.GramMatrix;
import mgdaunet.mgda.solver.MinNormResult;
import mgdaunet.mgda.solver.MinNormSolver;
import mgdaunet.tensor.Tensor;

/**
 * {@code mgda}: full MGDA, the exact method MGDA-UB bounds. The task gradients are taken with respect
 * to every shared (trunk) parameter: after the heads' backward passes to Z, one trunk backward per
 * task of its {@code g_t = dL_t/dZ}, the graph retained until the last; each task's trunk gradients
 * are moved aside. The Gram matrix of those flattened gradients (normalized to shape the weights)
 * gives the min-norm weights a, and every trunk parameter's gradient is set to
 * {@code sum_t a_t grad_t} directly, without another backward; head gradients are scaled by a_t
 * (or left as they are: {@link HeadUpdate}).
 *
 * <p>Diagnostics: norms and cosines are those at Z (as for every strategy); {@code minNorm} is the
 * norm of the combined shared-parameter gradient.
 */
public final class Mgda implements Strategy {
    private final GradientNormalization normalization;
    private final MinNormSolver solver;
    private final HeadUpdate headUpdate;

    public Mgda(GradientNormalization normalization) {
        this(normalization, MinNormSolver.automatic(), HeadUpdate.SCALED);
    }

    public Mgda(GradientNormalization normalization, HeadUpdate headUpdate) {
        this(normalization, MinNormSolver.automatic(), headUpdate);
    }

    public Mgda(GradientNormalization normalization, MinNormSolver solver) {
        this(normalization, solver, HeadUpdate.SCALED);
    }

    public Mgda(GradientNormalization normalization, MinNormSolver solver, HeadUpdate headUpdate) {
        if (headUpdate == null) throw new IllegalArgumentException("Mgda: headUpdate is null");
        this.normalization = normalization;
        this.solver = solver;
        this.headUpdate = headUpdate;
    }

    @Override
    public String name() {
        return "mgda";
    }

    @Override
    public StepResult step(MultiTaskModel model, Variable input, Map<String, int[]> targets) {
        RepresentationPass pass = RepresentationPass.run(name(), model, input, targets, true);
        GramMatrix gramAtZ = pass.gram();
        int tasks = pass.taskCount();
        List<Variable> shared = model.trunk().parameters();
        int count = shared.size();
        Tensor[] earlier = new Tensor[count];
        for (int k = 0; k < count; k++) {
            earlier[k] = shared.get(k).grad();
            shared.get(k).zeroGrad();
        }
        // grads[k][t]: task t's gradient of shared parameter k (null where the task does not reach it).
        float[][][] grads = new float[count][tasks][];
        boolean[] reached = new boolean[count];
        Variable z = pass.representation();
        for (int t = 0; t < tasks && z.requiresGrad(); t++) {
            z.backward(Tensor.wrap(pass.gradient(t), z.shape()), t < tasks - 1);
            for (int k = 0; k < count; k++) {
                Variable p = shared.get(k);
                if (p.grad() != null) {
                    grads[k][t] = p.grad().data();
                    reached[k] = true;
                }
                p.zeroGrad();
            }
        }
        List<List<float[]>> perTask = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            List<float[]> chunks = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                if (grads[k][t] == null) grads[k][t] = new float[shared.get(k).value().size()];
                chunks.add(grads[k][t]);
            }
            perTask.add(chunks);
        }
        GramMatrix gram = GramMatrix.ofChunks(perTask);
        MinNormResult r = solver.solve(normalization.normalize(gram, pass.losses()));
        double[] a = r.weights();
        for (int k = 0; k < count; k++) {
            Variable p = shared.get(k);
            if (!reached[k]) {
                p.setGrad(earlier[k]); // no task depends on it: left as it was, as backward would
                continue;
            }
            Tensor combined = Tensor.wrap(GradientSum.intoFirst(grads[k], a), p.shape());
            if (earlier[k] != null) combined.addInPlace(earlier[k]);
            p.setGrad(combined);
        }
        pass.heads().apply(headUpdate.headWeights(a));
        Diagnostics d = Diagnostics.of(pass.names(), gramAtZ, Math.sqrt(gram.quadraticForm(a)));
        return new StepResult(pass.lossMap(), pass.byName(a), pass.outputMap(), d);
    }

    @Override
    public String toString() {
        return "mgda (normalization " + normalization.label() + ", heads " + headUpdate.label() + ", " + solver + ")";
    }
}
