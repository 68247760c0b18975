package mgdaunet.mgda.solver;

import java.util.SplittableRandom;

/** Test helpers: random Gram matrices and brute-force / certificate checks of min-norm answers. */
final class Simplex {
    private Simplex() {}

    /**
     * G = V V' for T gradients in {@code dims} dimensions (rank at most dims), each gradient a shared
     * random offset (so the optimum often lies on a face, not at 0) plus standard normal noise.
     */
    static double[][] randomGram(SplittableRandom rng, int t, int dims) {
        double[][] v = new double[t][dims];
        double spread = rng.nextDouble() * 3;
        double[] common = new double[dims];
        for (int k = 0; k < dims; k++) common[k] = rng.nextGaussian() * spread;
        for (int i = 0; i < t; i++) for (int k = 0; k < dims; k++) v[i][k] = rng.nextGaussian() + common[k];
        return gramOf(v);
    }

    static double[][] gramOf(double[][] v) {
        int t = v.length;
        double[][] g = new double[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                double s = 0;
                for (int k = 0; k < v[i].length; k++) s += v[i][k] * v[j][k];
                g[i][j] = s;
            }
        }
        return g;
    }

    static double quadraticForm(double[][] g, double[] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a.length; j++) s += a[i] * g[i][j] * a[j];
        return s;
    }

    static double scale(double[][] g) {
        double s = 0;
        for (int i = 0; i < g.length; i++) s = Math.max(s, g[i][i]);
        return s;
    }

    /**
     * The Frank-Wolfe certificate, computed here from G and a alone: for convex f(a) = a'Ga,
     * f(a) - min f <= grad f(a)'(a - e_s) = 2 (a'Ga - (Ga)_s) for every vertex e_s.
     */
    static double optimalityGap(double[][] g, double[] a) {
        double f = quadraticForm(g, a);
        double least = Double.POSITIVE_INFINITY;
        for (int s = 0; s < a.length; s++) {
            double gs = 0;
            for (int j = 0; j < a.length; j++) gs += g[s][j] * a[j];
            least = Math.min(least, gs);
        }
        return 2 * (f - least);
    }

    /** Throws unless a is on the simplex: finite, non-negative, summing to 1 (to 1e-12). */
    static void requireOnSimplex(double[] a) {
        double sum = 0;
        for (double w : a) {
            if (!(w >= 0) || w > 1) throw new AssertionError("weight " + w + " off the simplex in " + java.util.Arrays.toString(a));
            sum += w;
        }
        if (Math.abs(sum - 1) > 1e-12) throw new AssertionError("weights sum to " + sum);
    }

    /** Least a'Ga over the grid of the 2- or 3-simplex with the given number of steps per edge. */
    static double gridMinimum(double[][] g, int steps) {
        double best = Double.POSITIVE_INFINITY;
        double[] a = new double[g.length];
        if (g.length == 2) {
            for (int i = 0; i <= steps; i++) {
                a[0] = (double) i / steps;
                a[1] = 1 - a[0];
                best = Math.min(best, quadraticForm(g, a));
            }
        } else if (g.length == 3) {
            for (int i = 0; i <= steps; i++) {
                for (int j = 0; i + j <= steps; j++) {
                    a[0] = (double) i / steps;
                    a[1] = (double) j / steps;
                    a[2] = (double) (steps - i - j) / steps;
                    best = Math.min(best, quadraticForm(g, a));
                }
            }
        } else {
            throw new IllegalArgumentException("grid search is for T = 2 or 3, not " + g.length);
        }
        return best;
    }

    /**
     * Least a'Ga over random points of the simplex: Dirichlet(1) samples (uniform), Dirichlet(0.1)
     * samples (near the faces, where optima of rank-deficient problems lie) and every vertex.
     */
    static double randomSearchMinimum(double[][] g, SplittableRandom rng, int samples) {
        int t = g.length;
        double best = Double.POSITIVE_INFINITY;
        for (int s = 0; s < t; s++) best = Math.min(best, g[s][s]);
        double[] a = new double[t];
        for (int n = 0; n < samples; n++) {
            double concentration = n % 2 == 0 ? 1.0 : 0.1;
            double sum = 0;
            for (int i = 0; i < t; i++) {
                a[i] = gamma(rng, concentration);
                sum += a[i];
            }
            for (int i = 0; i < t; i++) a[i] /= sum;
            best = Math.min(best, quadraticForm(g, a));
        }
        return best;
    }

    /** Gamma(k, 1) sample (Marsaglia-Tsang; boosted for k < 1). */
    private static double gamma(SplittableRandom rng, double k) {
        if (k < 1) return gamma(rng, k + 1) * Math.pow(rng.nextDouble(), 1 / k);
        double d = k - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = rng.nextGaussian(), v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = rng.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
        }
    }
}
