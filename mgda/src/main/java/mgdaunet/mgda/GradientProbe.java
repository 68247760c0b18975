package mgdaunet.mgda;

import java.util.LinkedHashMap;
import java.util.Map;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/**
 * The task gradients at Z of any model on any batch, for reports under every strategy: each task's
 * norm, the pairwise cosines. Runs the trunk once without a graph and each head's backward to Z. It
 * leaves the model as it found it: parameter gradients and buffers (batch-norm's running statistics,
 * which a training-mode forward moves) are restored. The mode is the caller's: train mode gives the
 * gradients a training step sees.
 */
public final class GradientProbe {
    private GradientProbe() {}

    /** Norms and cosines of {@code dL_t/dZ}; {@code minNorm} is NaN (no weights are solved for). */
    public static Diagnostics measure(MultiTaskModel model, Variable input, Map<String, int[]> targets) {
        Map<String, Tensor> buffers = model.namedBuffers();
        Map<String, Tensor> saved = new LinkedHashMap<>();
        buffers.forEach((name, b) -> saved.put(name, b.copy()));
        RepresentationPass pass = null;
        try {
            pass = RepresentationPass.run("GradientProbe", model, input, targets, false);
            return Diagnostics.of(pass.names(), pass.gram(), Double.NaN);
        } finally {
            if (pass != null) pass.heads().restore();
            buffers.forEach((name, b) -> b.copyFrom(saved.get(name)));
        }
    }
}
