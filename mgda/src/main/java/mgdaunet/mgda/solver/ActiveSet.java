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
        double[] ga = new double[t];
        times(g, a, ga);
        double f = g[start][start];
        // Workspace reused by every step: the KKT system (at most T + 1 rows of T + 2) and its solution.
        double[] kkt = new double[(t + 1) * (t + 2)];
        double[] alpha = new double[t + 1];
        double[] previous = new double[t];

        int iterations = 0;
        while (true) {
            int s = FrankWolfe.argmin(ga);
            if (2 * (f - ga[s]) <= tolerance) return new Iterate(a, iterations, true);
            // Corral members satisfy (Ga)_s = a'Ga exactly; s among them means the gap left is rounding.
            if (inCorral[s] || iterations == maxIterations) return new Iterate(a, iterations, false);
            iterations++;
            System.arraycopy(a, 0, previous, 0, t);
            corral[size++] = s;
            inCorral[s] = true;

            boolean firstMinorStep = true;
            while (true) {
                boolean solved = affineMinimizer(g, corral, size, kkt, alpha);
                if (!solved || (firstMinorStep && alpha[size - 1] <= 0)) {
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
            times(g, a, ga);
            double next = 0;
            for (int k = 0; k < t; k++) next += a[k] * ga[k];
            if (!(next < f)) return new Iterate(previous, iterations - 1, false);
            f = next;
        }
    }

    /**
     * Weights (summing to 1) of the point of least norm in the affine hull of the corral's gradients,
     * written to {@code alpha[0, size)}: the solution of {@code [G_SS 1; 1' 0] [alpha; mu] = [0; 1]} by
     * Gaussian elimination with partial pivoting, in {@code kkt} (row-major, {@code size + 2} columns,
     * the last one the right-hand side). False when the system is numerically singular.
     */
    static boolean affineMinimizer(double[][] g, int[] corral, int size, double[] kkt, double[] alpha) {
        int n = size + 1, w = n + 1;
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) kkt[i * w + j] = g[corral[i]][corral[j]];
            kkt[i * w + size] = 1;
            kkt[i * w + n] = 0;
            kkt[size * w + i] = 1;
        }
        kkt[size * w + size] = 0;
        kkt[size * w + n] = 1;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) if (Math.abs(kkt[r * w + col]) > Math.abs(kkt[pivot * w + col])) pivot = r;
            // Entries are at most 1 in size (normalized G, the ones): an absolute threshold suffices.
            if (Math.abs(kkt[pivot * w + col]) < 1e-14) return false;
            if (pivot != col) {
                for (int c = col; c < w; c++) {
                    double swap = kkt[col * w + c];
                    kkt[col * w + c] = kkt[pivot * w + c];
                    kkt[pivot * w + c] = swap;
                }
            }
            for (int r = col + 1; r < n; r++) {
                double factor = kkt[r * w + col] / kkt[col * w + col];
                if (factor == 0) continue;
                for (int c = col; c < w; c++) kkt[r * w + c] -= factor * kkt[col * w + c];
            }
        }
        for (int r = n - 1; r >= 0; r--) {
            double s = kkt[r * w + n];
            for (int c = r + 1; c < n; c++) s -= kkt[r * w + c] * alpha[c];
            alpha[r] = s / kkt[r * w + r];
        }
        return true;
    }

    private static void times(double[][] g, double[] a, double[] out) {
        int t = g.length;
        for (int i = 0; i < t; i++) {
            double s = 0;
            for (int j = 0; j < t; j++) s += g[i][j] * a[j];
            out[i] = s;
        }
    }
}
