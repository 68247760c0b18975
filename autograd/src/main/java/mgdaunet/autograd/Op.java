package mgdaunet.autograd;

import mgdaunet.tensor.Tensor;

/**
 * One differentiable operation on the graph: it knows its inputs and how to turn the gradient of
 * its output into gradients of its inputs.
 *
 * <p>Each op is one final class with its forward (a static {@code apply} that calls the tensor
 * kernels and {@link Graph#record records} the op) and its {@link #backward} side by side. The
 * forward saves in fields only what backward reads, and {@link #release} drops those fields once
 * backward has run, unless the graph is retained.
 */
public abstract class Op {
    private Variable[] inputs;
    private boolean released;

    /** A short name for error messages and graph dumps, e.g. {@code "conv2d"}. */
    public String name() {
        return getClass().getSimpleName();
    }

    /**
     * Gradients of the loss with respect to each input, given the gradient of the loss with
     * respect to this op's output. An entry is {@code null} for an input that needs no gradient
     * (see {@link #needsGrad}); otherwise it must have that input's shape.
     */
    protected abstract Tensor[] backward(Tensor gradOutput);

    /** Drops what forward saved for backward. Ops that save tensors override this. */
    protected void release() {}

    /** Whether input {@code i} wants a gradient: backward skips the work for those that do not. */
    protected final boolean needsGrad(int i) {
        return inputs[i].requiresGrad();
    }

    /** The inputs, in the order {@link #backward} returns their gradients. */
    public final Variable input(int i) {
        return inputs[i];
    }

    public final int inputCount() {
        return inputs.length;
    }

    final void attach(Variable[] in) {
        this.inputs = in;
    }

    final boolean isReleased() {
        return released;
    }

    final void markReleased() {
        released = true;
        release();
    }
}
