package mgdaunet.mgda.solver;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How task gradients are rescaled before the min-norm weights are computed, with Sener and Koltun's
 * names: each gradient is divided by a per-task divisor.
 *
 * <ul>
 *   <li>{@code none}: 1.</li>
 *   <li>{@code l2}: the gradient's norm {@code ||g_t||}: every task's gradient has unit length.</li>
 *   <li>{@code loss}: the loss value {@code L_t}: the gradient of {@code log L_t}.</li>
 *   <li>{@code loss+}: {@code L_t ||g_t||}.</li>
 * </ul>
 *
 * <p>A divisor that comes out zero (a zero gradient under {@code l2}, a zero loss under {@code loss},
 * either under {@code loss+}) is replaced by 1: that task's gradient enters unscaled. A zero gradient
 * stays zero whatever it is divided by, and a zero loss leaves no scale to divide by; 1 keeps the
 * weights finite where 0/0 would give NaN. A negative, NaN or infinite loss under {@code loss} or
 * {@code loss+} is an error: dividing by it would flip or destroy the gradient.
 *
 * <p>Since {@code <g_i/d_i, g_j/d_j> = G_ij / (d_i d_j)}, the normalization is applied to the Gram
 * matrix ({@link #normalize}) and never touches the gradients. It only shapes the weights: the update
 * combines the raw gradients, as Sener and Koltun's training code does.
 */
public enum GradientNormalization {
    NONE("none"),
    L2("l2"),
    LOSS("loss"),
    LOSS_PLUS("loss+");

    private final String label;

    GradientNormalization(String label) {
        this.label = label;
    }

    /** Sener and Koltun's name: none, l2, loss or loss+. */
    public String label() {
        return label;
    }

    /** The normalization named {@code name} (case-insensitive, surrounding blanks ignored). */
    public static GradientNormalization parse(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (GradientNormalization n : values()) if (n.label.equals(key)) return n;
        throw new IllegalArgumentException("unknown gradient normalization '" + name + "': choose one of "
                + Arrays.stream(values()).map(GradientNormalization::label).collect(Collectors.joining(", ")));
    }

    /** Whether the divisor depends on the task losses. */
    public boolean usesLoss() {
        return this == LOSS || this == LOSS_PLUS;
    }

    /**
     * The divisor for one task with loss {@code loss} and gradient of squared norm {@code squaredNorm};
     * 1 where it would be 0 (see the class comment). {@code loss} is ignored by none and l2.
     */
    public double divisor(double loss, double squaredNorm) {
        if (!(squaredNorm >= 0) || Double.isInfinite(squaredNorm)) {
            throw new IllegalArgumentException("gradient normalization " + label + ": squared gradient norm is " + squaredNorm);
        }
        if (usesLoss() && (!(loss >= 0) || Double.isInfinite(loss))) {
            throw new IllegalArgumentException("gradient normalization " + label
                    + " needs a finite, non-negative loss, got " + loss);
        }
        double d = switch (this) {
            case NONE -> 1;
            case L2 -> Math.sqrt(squaredNorm);
            case LOSS -> loss;
            case LOSS_PLUS -> loss * Math.sqrt(squaredNorm);
        };
        return d > 0 ? d : 1;
    }

    /** The divisor of every task, norms taken from the Gram matrix's diagonal. */
    public double[] divisors(GramMatrix gram, double[] losses) {
        int t = gram.size();
        if (usesLoss() && losses == null) {
            throw new IllegalArgumentException("gradient normalization " + label + " needs the task losses");
        }
        if (losses != null && losses.length != t) {
            throw new IllegalArgumentException("gradient normalization " + label + ": " + losses.length
                    + " losses for " + t + " task gradients");
        }
        double[] d = new double[t];
        for (int i = 0; i < t; i++) {
            try {
                d[i] = divisor(losses == null ? 0 : losses[i], gram.get(i, i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " (task " + i + ")", e);
            }
        }
        return d;
    }

    /**
     * The Gram matrix of the normalized gradients {@code g_t / d_t}. {@code losses} may be null for
     * none and l2.
     */
    public GramMatrix normalize(GramMatrix gram, double[] losses) {
        if (this == NONE) return gram;
        double[] d = divisors(gram, losses);
        double[] factors = new double[d.length];
        for (int i = 0; i < d.length; i++) factors[i] = 1 / d[i];
        return gram.scaled(factors);
    }
}
