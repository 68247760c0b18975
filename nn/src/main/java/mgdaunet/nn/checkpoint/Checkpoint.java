package mgdaunet.nn.checkpoint;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import mgdaunet.tensor.Tensor;

/**
 * The content of a safetensors file as read: float32 tensors by name (in file order) and the
 * {@code __metadata__} strings, with the file they came from for messages.
 */
public record Checkpoint(Path source, Map<String, Tensor> tensors, Map<String, String> metadata) {
    public Checkpoint {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The tensor named {@code name}. */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException("checkpoint " + source + " has no tensor '" + name + "'");
        return t;
    }

    /**
     * Copies the tensors into {@code target} (a model's parameters and buffers by name), in place;
     * see {@link StateDicts#copyInto}.
     *
     * @throws StateDictMismatchException naming the missing, unexpected or mis-shaped tensors
     */
    public LoadReport loadInto(Map<String, Tensor> target, boolean strict) {
        return StateDicts.copyInto("checkpoint " + source, target, tensors, strict);
    }
}
