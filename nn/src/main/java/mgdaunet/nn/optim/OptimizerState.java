package mgdaunet.nn.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.checkpoint.StateDicts;
import mgdaunet.tensor.Tensor;

/** Names and checks optimizer state tensors: {@code state.<index>.<name>}, as PyTorch's state dict flattens. */
final class OptimizerState {
    private static final Pattern KEY = Pattern.compile("state\\.(\\d+)\\.(.+)");
    /** The per-parameter step count, a rank-0 float tensor as in PyTorch 1.13. */
    static final String STEP = "step";

    private OptimizerState() {}

    static String key(int index, String name) {
        return "state." + index + "." + name;
    }

    /**
     * Copies of the entries of {@code state} for every parameter index it mentions, checked: for each
     * such index, all of {@code names} (shaped like the parameter, {@link #STEP} rank 0) and nothing
     * else. Returns index to (name to tensor).
     */
    static Map<Integer, Map<String, Tensor>> load(String what, Map<String, Tensor> state, List<Variable> params, List<String> names) {
        TreeSet<Integer> indices = new TreeSet<>();
        for (String k : state.keySet()) {
            Matcher m = KEY.matcher(k);
            if (m.matches() && m.group(1).length() < 10) {
                int i = Integer.parseInt(m.group(1));
                if (i < params.size()) indices.add(i);
            }
        }
        Map<String, Tensor> expected = new LinkedHashMap<>();
        for (int i : indices) {
            for (String n : names) expected.put(key(i, n), n.equals(STEP) ? Tensor.scalar(0f) : Tensor.zeros(params.get(i).shape()));
        }
        StateDicts.copyInto(what, expected, state, true); // throws naming missing, unexpected, mis-shaped
        Map<Integer, Map<String, Tensor>> out = new LinkedHashMap<>();
        for (int i : indices) {
            Map<String, Tensor> one = new LinkedHashMap<>();
            for (String n : names) one.put(n, expected.get(key(i, n)));
            Tensor step = one.get(STEP);
            if (step != null) {
                float s = step.item();
                if (!(s >= 0) || s != Math.rint(s)) throw new IllegalArgumentException(what + ": " + key(i, STEP) + " is " + s + ", not a step count");
            }
            out.put(i, one);
        }
        return out;
    }
}
