package mgdaunet.mgda;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mgdaunet.mgda.solver.GramMatrix;

/**
 * How the task gradients at the shared representation Z relate, read off their Gram matrix.
 *
 * @param gradNormAtZ each task's {@code ||dL_t/dZ||}
 * @param cosines     pairwise cosines of those gradients, task order (1 on the diagonal, 0 for a
 *                    zero gradient)
 * @param minNorm     the norm of the combined gradient the strategy's min-norm problem found
 *                    ({@code ||sum_t a_t g_t||} of the raw gradients at Z for MGDA-UB, of the
 *                    shared-parameter gradients for full MGDA); NaN for the other strategies
 */
public record Diagnostics(Map<String, Double> gradNormAtZ, double[][] cosines, double minNorm) {
    /** Norms and cosines from the Gram matrix of the gradients at Z, in the order of {@code names}. */
    public static Diagnostics of(List<String> names, GramMatrix gramAtZ, double minNorm) {
        int t = names.size();
        Map<String, Double> norms = new LinkedHashMap<>();
        double[][] cos = new double[t][t];
        for (int i = 0; i < t; i++) {
            norms.put(names.get(i), gramAtZ.norm(i));
            for (int j = 0; j < t; j++) cos[i][j] = gramAtZ.cosine(i, j);
        }
        return new Diagnostics(norms, cos, minNorm);
    }
}
