package mgdaunet.mgda.solver;

/**
 * Frank-Wolfe with exact line search on {@code min a'Ga} over the simplex, as in Sener and Koltun
 * (NeurIPS 2018): start from the best pair, then repeatedly move towards the vertex
 * {@code e_s}, {@code s = argmin_t (Ga)_t}, by the exact minimizer on the segment (a two-point min-norm
 * problem with {@code pp = a'Ga}, {@code pq = (Ga)_s}, {@code qq = G_ss}).
 *
 * <p>Unlike their released solver, whose loop never increments its counter, this one stops after
 * {@code maxIterations} steps, or as soon as the Frank-Wolfe duality gap {@code 2 (a'Ga - min_t (Ga)_t)},
 * an upper bound on {@code a'Ga} minus the optimum, is at most {@code tolerance}. Convergence is
 * sublinear (O(1/k)) when the optimum lies inside a face: the iterate zig-zags between vertices.
 *
 * <p>{@code Ga} is updated in O(T) per step: {@code G(gamma a + (1 - gamma) e_s) = gamma Ga + (1 - gamma) G e_s}.
 */
final class FrankWolfe {
    private FrankWolfe() {}

    /** Solves on a Gram matrix of size T >= 2 (normalized by the caller so that its largest diagonal is 1). */
    static Iterate solve(double[][] g, int maxIterations, double tolerance) {
        int t = g.length;
        int first = 0, second = 1;
        double bestGamma = 0, bestValue = Double.POSITIVE_INFINITY;
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                double gamma = TwoPointMinNorm.weight(g[i][i], g[i][j], g[j][j]);
                double value = TwoPointMinNorm.value(gamma, g[i][i], g[i][j], g[j][j]);
                if (value < bestValue) {
                    bestValue = value;
                    bestGamma = gamma;
                    first = i;
                    second = j;
                }
            }
        }
        double[] a = new double[t];
        a[first] = bestGamma;
        a[second] = 1 - bestGamma;
        double[] ga = new double[t];
        for (int k = 0; k < t; k++) ga[k] = bestGamma * g[k][first] + (1 - bestGamma) * g[k][second];

        int iterations = 0;
        while (true) {
            double f = 0;
            for (int k = 0; k < t; k++) f += a[k] * ga[k];
            int s = argmin(ga);
            if (2 * (f - ga[s]) <= tolerance) return new Iterate(a, iterations, true);
            if (iterations == maxIterations) return new Iterate(a, iterations, false);
            double gamma = TwoPointMinNorm.weight(f, ga[s], g[s][s]);
            // gamma = 1 means no step: the gap above tolerance is rounding, not progress to be had.
            if (gamma == 1.0) return new Iterate(a, iterations, false);
            for (int k = 0; k < t; k++) {
                a[k] *= gamma;
                ga[k] = gamma * ga[k] + (1 - gamma) * g[k][s];
            }
            a[s] += 1 - gamma;
            iterations++;
        }
    }

    static int argmin(double[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) if (v[k] < v[best]) best = k;
        return best;
    }
}
