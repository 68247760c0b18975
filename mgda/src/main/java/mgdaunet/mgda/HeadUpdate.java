package mgdaunet.mgda;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What gradient MGDA and MGDA-UB give the task-specific (head) parameters; the shared trunk always
 * gets {@code sum_t a_t dL_t/dtheta_sh}.
 *
 * <ul>
 *   <li>{@code scaled}: {@code a_t dL_t/dtheta_t}, the gradient of {@code sum_t a_t L_t}, as one
 *   backward of the weighted loss gives it (the PyTorch reference step).</li>
 *   <li>{@code own}: {@code dL_t/dtheta_t}, as in Sener and Koltun's Algorithm 2, where each head
 *   takes a plain gradient step on its own loss. The min-norm weights only arbitrate between the
 *   tasks where they compete, in the shared parameters; a head's loss touches no other head, so
 *   scaling its step by a_t (which can sit near 0 for many steps) only slows it.</li>
 * </ul>
 */
public enum HeadUpdate {
    SCALED("scaled"),
    OWN("own");

    private final String label;

    HeadUpdate(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The mode named {@code name} (case-insensitive, surrounding blanks ignored). */
    public static HeadUpdate parse(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (HeadUpdate h : values()) if (h.label.equals(key)) return h;
        throw new IllegalArgumentException("unknown head update '" + name + "': choose one of "
                + Arrays.stream(values()).map(HeadUpdate::label).collect(Collectors.joining(", ")));
    }

    /** The weight of each task's head gradient, given the min-norm weights {@code a}. */
    double[] headWeights(double[] a) {
        if (this == SCALED) return a;
        double[] ones = new double[a.length];
        Arrays.fill(ones, 1);
        return ones;
    }
}
