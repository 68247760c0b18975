package mgdaunet.nn.layers;

import java.util.ArrayList;
import java.util.List;
import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;
import mgdaunet.tensor.Buffers;

/**
 * Modules applied one after the other, PyTorch's {@code nn.Sequential}: the children are named
 * "0", "1", ..., so their parameters are {@code 0.weight}, {@code 1.running_mean}, ...
 *
 * <p>A {@link BatchNorm2d} directly followed by a {@link ReLU} runs as one fused op (the ReLU
 * applied in place to the batch-norm output), which saves an activation per block; the result is
 * the same as running the two in turn.
 *
 * <p>In inference (no graph recorded, batch-norm in evaluation mode with running statistics) a
 * {@link Conv2d} followed by a {@link BatchNorm2d} (and a ReLU) runs as one convolution with the
 * batch-norm folded into its weights and bias and the ReLU applied as it writes its output
 * ({@link Conv2d#forwardFolded}): equal to the unfolded layers up to float rounding (tested within
 * 1e-5 of the largest output), one pass over the activation and one activation less per block.
 * Training, a recorded graph or an active summary run the layers one by one. The output of a
 * folded convolution that only the next folded convolution reads goes back to {@link Buffers} once
 * read: inference takes convolution outputs from there, so blocks reuse each other's arrays.
 */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... layers) {
        this(List.of(layers));
    }

    public Sequential(List<? extends Module> layers) {
        for (Module m : layers) this.layers.add(registerModule(String.valueOf(this.layers.size()), m));
    }

    @Override
    protected Variable compute(Variable x) {
        Variable folded = null;  // the output of the folded convolution just run: nothing but this loop has seen it
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            if (m instanceof Conv2d conv && i + 1 < layers.size() && layers.get(i + 1) instanceof BatchNorm2d bn && bn.foldable()
                    && !Graph.isRecording() && !summarizing()) {
                boolean relu = i + 2 < layers.size() && layers.get(i + 2) instanceof ReLU;
                Variable in = x;
                x = conv.forwardFolded(x, bn, relu);
                // Read only by the folded convolution after it, it is dead now: its array goes back for reuse.
                if (in == folded) Buffers.give(in.value().data());
                folded = x;
                i += relu ? 2 : 1;
                continue;
            }
            folded = null;
            if (m instanceof BatchNorm2d bn && i + 1 < layers.size() && layers.get(i + 1) instanceof ReLU relu) {
                x = bn.forwardWithRelu(x);
                report(bn, x);
                report(relu, x);
                i++;
            } else {
                x = m.forward(x);
            }
        }
        return x;
    }

    public Module get(int index) {
        return layers.get(index);
    }

    public int size() {
        return layers.size();
    }
}
