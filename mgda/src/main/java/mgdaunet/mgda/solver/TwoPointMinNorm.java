package mgdaunet.mgda.solver;

/**
 * The exact minimum of {@code ||gamma p + (1 - gamma) q||^2} over gamma in [0, 1], from the three dot
 * products {@code pp = <p, p>}, {@code pq = <p, q>}, {@code qq = <q, q>}.
 *
 * <p>Setting the derivative to zero gives {@code gamma = (qq - pq) / (pp + qq - 2 pq)}, the denominator
 * being {@code ||p - q||^2}. When {@code pq >= pp} the minimum is p itself (gamma exactly 1), when
 * {@code pq >= qq} it is q (gamma exactly 0). Sener and Koltun's released solver returns 0.999 and
 * 0.001 there; that leaves 0.1% of a task the solution excludes.
 *
 * <p>This is the whole T = 2 solver, the best-pair start of Frank-Wolfe and its exact line search.
 */
final class TwoPointMinNorm {
    private TwoPointMinNorm() {}

    /** The optimal weight gamma on p. Both branches at the ends also cover p = q (returns 1). */
    static double weight(double pp, double pq, double qq) {
        if (pq >= pp) return 1.0;
        if (pq >= qq) return 0.0;
        // Here pq < pp and pq < qq, so the denominator ||p - q||^2 is positive.
        double gamma = (qq - pq) / (pp + qq - 2 * pq);
        return Math.max(0.0, Math.min(1.0, gamma));
    }

    /** {@code ||gamma p + (1 - gamma) q||^2}. */
    static double value(double gamma, double pp, double pq, double qq) {
        double rest = 1 - gamma;
        return Math.max(0.0, gamma * gamma * pp + 2 * gamma * rest * pq + rest * rest * qq);
    }
}
