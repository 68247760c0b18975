package mgdaunet.mgda;

import java.util.Map;
import mgdaunet.autograd.Variable;
import mgdaunet.mgda.solver.GradientNormalization;
import mgdaunet.mgda.solver.GramMatrix;
import mgdaunet.mgda.solver.MinNormResult;
import mgdaunet.mgda.solver.MinNormSolver;

/**
 * {@code mgda-ub}: Sener and Koltun's MGDA-UB. The task gradients are taken at the shared
 * representation Z ({@code g_t = dL_t/dZ}, one head backward each); their Gram matrix, normalized
 * only to shape the weights, gives the min-norm weights a on the simplex; each head's gradients are
 * scaled by a_t (or left as they are: {@link HeadUpdate}) and {@code sum_t a_t g_t} (raw g_t) goes
 * through the trunk in one backward: the gradient of {@code sum_t a_t L_t} without a second forward or
 * head pass.
 */
public final class MgdaUb implements Strategy {
    private final GradientNormalization normalization;
    private final MinNormSolver solver;
    private final HeadUpdate headUpdate;

    public MgdaUb(GradientNormalization normalization) {
        this(normalization, MinNormSolver.automatic(), HeadUpdate.SCALED);
    }

    public MgdaUb(GradientNormalization normalization, HeadUpdate headUpdate) {
        this(normalization, MinNormSolver.automatic(), headUpdate);
    }

    public MgdaUb(GradientNormalization normalization, MinNormSolver solver) {
        this(normalization, solver, HeadUpdate.SCALED);
    }

    public MgdaUb(GradientNormalization normalization, MinNormSolver solver, HeadUpdate headUpdate) {
        if (headUpdate == null) throw new IllegalArgumentException("MgdaUb: headUpdate is null");
        this.normalization = normalization;
        this.solver = solver;
        this.headUpdate = headUpdate;
    }

    @Override
    public String name() {
        return "mgda-ub";
    }

    @Override
    public StepResult step(MultiTaskModel model, Variable input, Map<String, int[]> targets) {
        RepresentationPass pass = RepresentationPass.run(name(), model, input, targets, true);
        GramMatrix gram = pass.gram();
        MinNormResult r = solver.solve(normalization.normalize(gram, pass.losses()));
        double[] a = r.weights();
        Diagnostics d = Diagnostics.of(pass.names(), gram, Math.sqrt(gram.quadraticForm(a)));
        pass.finish(headUpdate.headWeights(a), a);
        return new StepResult(pass.lossMap(), pass.byName(a), pass.outputMap(), d);
    }

    @Override
    public String toString() {
        return "mgda-ub (normalization " + normalization.label() + ", heads " + headUpdate.label() + ", " + solver + ")";
    }
}
