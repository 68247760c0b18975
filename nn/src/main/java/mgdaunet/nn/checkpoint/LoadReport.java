package mgdaunet.nn.checkpoint;

import java.util.List;

/**
 * What a non-strict load left out, like PyTorch's {@code load_state_dict(strict=False)} result:
 * target names the source did not provide (left unchanged) and source names nobody asked for
 * (ignored). Both are empty after a strict load.
 */
public record LoadReport(List<String> missing, List<String> unexpected) {
    public LoadReport {
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
    }

    /** True when every target tensor was loaded and nothing was left over. */
    public boolean isComplete() {
        return missing.isEmpty() && unexpected.isEmpty();
    }
}
