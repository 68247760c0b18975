package mgdaunet.mgda.solver;

import java.util.Arrays;

/**
 * The answer of the min-norm solver for T task gradients.
 *
 * @param weights     a on the simplex (non-negative, summing to 1), one weight per task
 * @param squaredNorm {@code ||sum_t a_t g_t||^2 = a'Ga}, the minimum found
 * @param gap         the Frank-Wolfe duality gap {@code 2 (a'Ga - min_t (Ga)_t)} on the input G: an upper
 *                    bound on {@code squaredNorm} minus the true minimum (0 when a is optimal)
 * @param iterations  steps the method took: Frank-Wolfe steps, or major steps (tasks added) of the
 *                    active-set method; 0 for the closed form
 * @param method      the method that produced a
 * @param converged   whether the method met its tolerance (false when it stopped at its iteration cap
 *                    or on rounding; the gap tells how far from optimal a can be)
 */
public record MinNormResult(double[] weights, double squaredNorm, double gap, int iterations,
                            MinNormSolver.Method method, boolean converged) {
    public MinNormResult {
        weights = weights.clone();
    }

    /** A copy of the weights. */
    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** Weight of task t. */
    public double weight(int t) {
        return weights[t];
    }

    /** Number of tasks. */
    public int size() {
        return weights.length;
    }

    /** {@code ||sum_t a_t g_t||}. */
    public double norm() {
        return Math.sqrt(squaredNorm);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MinNormResult r && Arrays.equals(weights, r.weights)
                && Double.compare(squaredNorm, r.squaredNorm) == 0 && Double.compare(gap, r.gap) == 0
                && iterations == r.iterations && method == r.method && converged == r.converged;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(weights) * 31 + Double.hashCode(squaredNorm);
    }

    @Override
    public String toString() {
        return "MinNormResult[weights=" + Arrays.toString(weights) + ", squaredNorm=" + squaredNorm + ", gap=" + gap
                + ", iterations=" + iterations + ", method=" + method + ", converged=" + converged + "]";
    }
}
