package mgdaunet.mgda;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/**
 * Keeps each task's head-parameter gradients apart while the tasks' backward passes run one after
 * the other, so that a weight can be applied to each task's share afterwards.
 *
 * <p>{@link #begin} sets aside whatever gradient the head parameters already hold; {@link #capture}
 * moves a task's fresh gradients aside after its backward (the next task's backward then starts from
 * nothing, even for a parameter two heads share); {@link #apply} writes back
 * {@code earlier + sum_t w_t * (task t's share)}; {@link #restore} writes back only what was there
 * (for measurements that must leave the gradients alone).
 */
final class HeadGradients {
    private final List<List<Variable>> parameters = new ArrayList<>();
    private final Map<Variable, Tensor> earlier = new IdentityHashMap<>();
    private final List<Map<Variable, Tensor>> shares = new ArrayList<>();
    private final Map<Variable, Boolean> distinct = new LinkedHashMap<>();

    private HeadGradients() {}

    static HeadGradients begin(List<Task> tasks) {
        HeadGradients h = new HeadGradients();
        for (Task t : tasks) {
            List<Variable> ps = t.head().parameters();
            h.parameters.add(ps);
            h.shares.add(new IdentityHashMap<>());
            for (Variable p : ps) {
                if (h.distinct.putIfAbsent(p, Boolean.TRUE) == null && p.grad() != null) {
                    h.earlier.put(p, p.grad());
                    p.zeroGrad();
                }
            }
        }
        return h;
    }

    /** Moves the gradients task {@code t}'s backward left in its head's parameters aside. */
    void capture(int t) {
        Map<Variable, Tensor> share = shares.get(t);
        for (Variable p : parameters.get(t)) {
            Tensor g = p.grad();
            if (g != null) {
                share.merge(p, g, Tensor::addInPlace);
                p.zeroGrad();
            }
        }
    }

    /** Task {@code t}'s share of the gradient of {@code p}, or null if it had none. */
    Tensor share(int t, Variable p) {
        return shares.get(t).get(p);
    }

    /**
     * Sets every head parameter's gradient to what it held before plus {@code sum_t w_t * share_t}
     * (plus anything added meanwhile, for a parameter the trunk shares). The shares are scaled in place.
     */
    void apply(double[] weights) {
        for (Variable p : distinct.keySet()) {
            Tensor acc = p.grad();
            for (int t = 0; t < shares.size(); t++) {
                Tensor g = shares.get(t).get(p);
                if (g == null) continue;
                if (weights[t] != 1) g.mulInPlace((float) weights[t]);
                acc = acc == null ? g : acc.addInPlace(g);
            }
            Tensor before = earlier.get(p);
            if (before != null) acc = acc == null ? before : acc.addInPlace(before);
            p.setGrad(acc);
        }
    }

    /** Puts back the gradients {@link #begin} set aside, dropping every captured share. */
    void restore() {
        for (Variable p : distinct.keySet()) p.setGrad(earlier.get(p));
    }
}
