package mgdaunet.mgda.solver;

/**
 * An exact solver of {@code min a'Ga} over the simplex: Wolfe's minimum-norm-point algorithm (Wolfe
 * 1976, "Finding the nearest point in a polytope"), an active-set method that needs only the Gram
 * matrix.
 *
 * <p>It keeps a "corral": a set S of tasks whose gradients are affinely independent, with weights
 * {@code a > 0} on S that make {@code x = sum a_t g_t} the nearest point to the origin of their affine
 * hull. A major step adds the task s minimizing {@code <g_s, x> = (Ga)_s} if that is below
 * {@code ||x||^2} (otherwise the optimality conditions hold and x is the answer). Minor steps then
 * move towards the affine minimizer of S, solved exactly from the KKT system
 * {@code [G_SS 1; 1' 0] [alpha; mu] = [0; 1]}, and drop tasks whose weight reaches zero on the way.
 * The norm strictly decreases and no corral repeats, so it ends after finitely many steps (in
 * practice about T major steps); the result is exact up to rounding, with exact zeros for the tasks
 * left out. Affine independence keeps the KKT matrix non-singular even when G itself is singular
 * (rank-deficient gradients).
 */
final class ActiveSet {
    private ActiveSet() {}

    /** Solves on a Gram matrix of size T >= 2 (normalized by the caller so that its largest diagonal is 1). */
    static Iterate solve(double[][] g, int maxIterations, double tolerance) {
        int t = g.length;
        double[] a = new double[t];
        int[] corral = new int[t];
        boolean[] inCorral = new boolean[t];
        int size = 0;

        // Start at the gradient of least norm.
        int start = 0;
        for (int k = 1; k < t; k++) if (g[k][k] < g[start][start]) start = k;
        a[start] = 1;
        corral[size++] = start;
        inCorral[start] = true;
        double[] ga = times(g, a);
        double f = g[start][start];

        int iterations = 0;
        while (true) {
            int s = FrankWolfe.argmin(ga);
            if (2 * (f - ga[s]) <= tolerance) return new Iterate(a, iterations, true);
            // s in the corral or no decrease below: what is left of the gap is rounding.
            if (inCorral[s] || iterations == maxIterations) return new Iterate(a, iterations, false);
            iterations++;
            double[] previous = a.clone();
            corral[size++] = s;
            inCorral[s] = true;

            boolean firstMinorStep = true;
            while (true) {
                double[] alpha = affineMinimizer(g, corral, size);
                if (alpha == null || (firstMinorStep && alpha[size - 1] <= 0)) {
                    // Numerically dependent corral, or the new task cannot enter: stop at the last iterate.
                    return new Iterate(previous, iterations - 1, false);
                }
                firstMinorStep = false;
                boolean interior = true;
                for (int m = 0; m < size; m++) interior &= alpha[m] > 0;
                if (interior) {
                    for (int m = 0; m < size; m++) a[corral[m]] = alpha[m];
                    break;
                }
                // Walk from a towards alpha until the first weight reaches zero; drop that task.
                // Corral weights are positive (the new task's is 0, but its alpha is positive), so each
                // ratio lies in [0, 1].
                double theta = Double.POSITIVE_INFINITY;
                int leaving = -1;
                for (int m = 0; m < size; m++) {
                    if (alpha[m] <= 0) {
                        double ratio = a[corral[m]] / (a[corral[m]] - alpha[m]);
                        if (ratio < theta) {
                            theta = ratio;
                            leaving = m;
                        }
                    }
                }
                double sum = 0;
                int kept = 0;
                for (int m = 0; m < size; m++) {
                    int task = corral[m];
                    double w = a[task] + theta * (alpha[m] - a[task]);
                    if (m == leaving || w <= 0) {
                        a[task] = 0;
                        inCorral[task] = false;
                    } else {
                        a[task] = w;
                        sum += w;
                        corral[kept++] = task;
                    }
                }
                size = kept;
                for (int m = 0; m < size; m++) a[corral[m]] /= sum;
            }
            ga = times(g, a);
            double next = 0;
            for (int k = 0; k < t; k++) next += a[k] * ga[k];
            if (!(next < f)) return new Iterate(previous, iterations - 1, false);
            f = next;
        }
    }

    /**
     * Weights (summing to 1) of the point of least norm in the affine hull of the corral's gradients:
     * the solution of {@code [G_SS 1; 1' 0] [alpha; mu] = [0; 1]}, by Gaussian elimination with partial
     * pivoting. Null when the system is numerically singular.
     */
    static double[] affineMinimizer(double[][] g, int[] corral, int size) {
        int n = size + 1;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) m[i][j] = g[corral[i]][corral[j]];
            m[i][size] = 1;
            m[size][i] = 1;
        }
        m[size][n] = 1; // right-hand side: zeros, then 1
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
            // Entries are at most 1 in size (normalized G, the ones): an absolute threshold suffices.
            if (Math.abs(m[pivot][col]) < 1e-14) return null;
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            for (int r = col + 1; r < n; r++) {
                double factor = m[r][col] / m[col][col];
                if (factor == 0) continue;
                for (int c = col; c <= n; c++) m[r][c] -= factor * m[col][c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int c = r + 1; c < n; c++) s -= m[r][c] * x[c];
            x[r] = s / m[r][r];
        }
        double[] alpha = new double[size];
        System.arraycopy(x, 0, alpha, 0, size);
        return alpha;
    }

    private static double[] times(double[][] g, double[] a) {
        int t = g.length;
        double[] out = new double[t];
        for (int i = 0; i < t; i++) {
            double s = 0;
            for (int j = 0; j < t; j++) s += g[i][j] * a[j];
            out[i] = s;
        }
        return out;
    }
}
