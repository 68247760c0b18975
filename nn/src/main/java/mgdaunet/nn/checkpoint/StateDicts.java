package mgdaunet.nn.checkpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mgdaunet.tensor.Shape;
import mgdaunet.tensor.Tensor;

/**
 * Named-tensor maps (state dicts, PyTorch's word): loading one into another with a strict or
 * lenient name check, and prefixing, so that a model's and an optimizer's state share one file.
 */
public final class StateDicts {
    /** How many names a one-line message lists per kind before it says "and N more". */
    private static final int NAMES_IN_MESSAGE = 8;

    private StateDicts() {}

    /**
     * Copies each source tensor into the target tensor of the same name, in place (so a model's
     * parameters take the loaded values). Checks everything before copying anything: a failed load
     * leaves the target untouched.
     *
     * <p>Mis-shaped tensors always fail. With {@code strict}, so do missing names (in the target, not
     * in the source) and unexpected ones (in the source, not in the target); without it those are
     * skipped and listed in the report, like PyTorch's {@code load_state_dict(strict=False)}.
     *
     * @param what the source, for messages ("checkpoint run/epoch-10.safetensors")
     * @throws StateDictMismatchException naming every missing, unexpected and mis-shaped tensor
     */
    public static LoadReport copyInto(String what, Map<String, Tensor> target, Map<String, Tensor> source, boolean strict) {
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), misShaped = new ArrayList<>();
        List<String> shapeNotes = new ArrayList<>();
        for (var e : target.entrySet()) {
            Tensor src = source.get(e.getKey());
            if (src == null) {
                missing.add(e.getKey());
            } else if (!src.sameShape(e.getValue())) {
                misShaped.add(e.getKey());
                shapeNotes.add(e.getKey() + " " + Shape.str(src.shape()) + " vs expected " + Shape.str(e.getValue().shape()));
            }
        }
        for (String name : source.keySet()) {
            if (!target.containsKey(name)) unexpected.add(name);
        }
        boolean fail = !misShaped.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()));
        if (fail) {
            List<String> parts = new ArrayList<>();
            if (!misShaped.isEmpty()) parts.add(listed("mis-shaped", shapeNotes));
            if (!missing.isEmpty()) parts.add(listed("missing", missing));
            if (!unexpected.isEmpty()) parts.add(listed("unexpected", unexpected));
            String msg = what + " does not fit (" + (strict ? "strict" : "non-strict") + " load): " + String.join("; ", parts);
            throw new StateDictMismatchException(msg, missing, unexpected, misShaped);
        }
        for (var e : target.entrySet()) {
            Tensor src = source.get(e.getKey());
            if (src != null) e.getValue().copyFrom(src);
        }
        return new LoadReport(missing, unexpected);
    }

    /** The same tensors under {@code prefix + name}, in the same order. */
    public static Map<String, Tensor> withPrefix(String prefix, Map<String, Tensor> tensors) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> out.put(prefix + k, v));
        return out;
    }

    /** The tensors whose names start with {@code prefix}, with the prefix removed. */
    public static Map<String, Tensor> underPrefix(String prefix, Map<String, Tensor> tensors) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v);
        });
        return out;
    }

    private static String listed(String kind, List<String> names) {
        int shown = Math.min(names.size(), NAMES_IN_MESSAGE);
        String more = names.size() > shown ? ", and " + (names.size() - shown) + " more" : "";
        return kind + " " + names.size() + " (" + String.join(", ", names.subList(0, shown)) + more + ")";
    }
}
