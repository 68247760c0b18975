package mgdaunet.mgda;

import java.util.Arrays;
import java.util.Map;
import mgdaunet.autograd.Variable;
import mgdaunet.mgda.solver.GramMatrix;

/**
 * {@code cagrad}: conflict-averse gradient descent (Liu, Liu, Jin, Stone and Liu, NeurIPS 2021), on the
 * task gradients at Z. It looks for the direction d in the ball {@code ||d - g_0|| <= c ||g_0||} around
 * the mean gradient {@code g_0} that maximizes the worst task's improvement {@code min_t <g_t, d>}; its
 * dual is {@code min_{w in simplex} <g_w, g_0> + c ||g_0|| ||g_w||} with {@code g_w = sum_t w_t g_t}
 * ({@link CagradDual}, on the Gram matrix), and then {@code d = g_0 + (c ||g_0|| / ||g_w||) g_w}.
 *
 * <p>As in the authors' multi-task code, d is divided by {@code 1 + c^2} and multiplied by T to match
 * the sum of the losses, and the heads are trained on their own losses with weight 1: the trunk
 * receives {@code sum_t [(1 + T lambda w_t) / (1 + c^2)] g_t} at Z, {@code lambda = c ||g_0|| / ||g_w||}
 * (0 when {@code g_w = 0}). With c = 0 that is the gradient of {@code sum_t L_t}. The reported weights
 * are those coefficients at Z.
 */
public final class CaGrad implements Strategy {
    private final double c;

    public CaGrad(double c) {
        if (!(c >= 0) || !Double.isFinite(c)) throw new IllegalArgumentException("cagrad: c " + c + " must be finite and >= 0");
        this.c = c;
    }

    @Override
    public String name() {
        return "cagrad";
    }

    /** The coefficients of the task gradients in the direction at Z, from their Gram matrix. */
    public double[] coefficients(GramMatrix gram) {
        int n = gram.size();
        double[] w = CagradDual.solve(gram, c).weights();
        double meanGram = 0;
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) meanGram += gram.get(i, j);
        double g0Norm = Math.sqrt(Math.max(0, meanGram) / ((double) n * n));
        double gwNorm = Math.sqrt(gram.quadraticForm(w));
        double lambda = gwNorm > 0 ? c * g0Norm / gwNorm : 0;
        double[] coef = new double[n];
        for (int t = 0; t < n; t++) coef[t] = (1 + n * lambda * w[t]) / (1 + c * c);
        return coef;
    }

    @Override
    public StepResult step(MultiTaskModel model, Variable input, Map<String, int[]> targets) {
        RepresentationPass pass = RepresentationPass.run(name(), model, input, targets, true);
        GramMatrix gram = pass.gram();
        double[] coef = coefficients(gram);
        double[] ones = new double[coef.length];
        Arrays.fill(ones, 1);
        Diagnostics d = Diagnostics.of(pass.names(), gram, Double.NaN);
        pass.finish(ones, coef);
        return new StepResult(pass.lossMap(), pass.byName(coef), pass.outputMap(), d);
    }
}
