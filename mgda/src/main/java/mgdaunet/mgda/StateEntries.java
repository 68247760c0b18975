package mgdaunet.mgda;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import mgdaunet.tensor.Tensor;

/** Checks of a strategy's state dict on load: the keys it knows, the shapes it expects. */
final class StateEntries {
    private StateEntries() {}

    /** Refuses keys outside {@code known}. */
    static void requireKnown(String strategy, Map<String, Tensor> state, Set<String> known) {
        Set<String> unknown = new TreeSet<>(state.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("strategy " + strategy + " state: unknown entries " + unknown + " (known: " + new TreeSet<>(known) + ")");
        }
    }

    /** The entry {@code key} with {@code size} elements; null if absent and not {@code required}. */
    static Tensor get(String strategy, Map<String, Tensor> state, String key, int size, boolean required) {
        Tensor t = state.get(key);
        if (t == null) {
            if (required) throw new IllegalArgumentException("strategy " + strategy + " state: missing entry '" + key + "'");
            return null;
        }
        if (t.size() != size) {
            throw new IllegalArgumentException("strategy " + strategy + " state: entry '" + key + "' has shape "
                    + Arrays.toString(t.shape()) + ", expected " + size + " element(s)");
        }
        return t;
    }

    static Tensor vector(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return Tensor.wrap(f, v.length);
    }

    static double[] doubles(Tensor t) {
        double[] d = new double[t.size()];
        for (int i = 0; i < d.length; i++) d[i] = t.data()[i];
        return d;
    }

    /** Checks that the model's tasks are those the strategy was made for, in the same order. */
    static void requireTasks(String strategy, java.util.List<String> expected, MultiTaskModel model) {
        if (!expected.equals(model.taskNames())) {
            throw new IllegalArgumentException("strategy " + strategy + " was made for tasks " + expected + " but the model has "
                    + model.taskNames());
        }
    }
}
