package mgdaunet.autograd;

import mgdaunet.tensor.Shape;
import mgdaunet.tensor.Tensor;

/**
 * A node of the graph: a value tensor, the gradient accumulated into it by backward, whether it
 * wants one, and the op that made it ({@code null} for leaves: parameters and inputs).
 *
 * <p>Like PyTorch, only leaves keep their gradient after backward; call {@link #retainGrad()} on
 * an intermediate variable to keep its gradient too.
 */
public final class Variable {
    private final Tensor value;
    private final boolean requiresGrad;
    private final Op creator;
    private Tensor grad;
    private boolean retainGrad;
    private String name;

    Variable(Tensor value, boolean requiresGrad, Op creator) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.creator = creator;
    }

    /** A leaf that accumulates a gradient: a trainable parameter, or an input we differentiate by. */
    public static Variable parameter(Tensor value) {
        return new Variable(value, true, null);
    }

    /** A leaf that needs no gradient: data, targets, anything backward may skip. */
    public static Variable constant(Tensor value) {
        return new Variable(value, false, null);
    }

    public Tensor value() {
        return value;
    }

    /** The accumulated gradient, or {@code null} before the first backward (or after {@link #zeroGrad}). */
    public Tensor grad() {
        return grad;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True for parameters and inputs: variables no op made. */
    public boolean isLeaf() {
        return creator == null;
    }

    /** The op that produced this variable, {@code null} for a leaf. */
    public Op creator() {
        return creator;
    }

    public int[] shape() {
        return value.shape();
    }

    /** Size of dimension {@code d} of the value (negative counts from the end). */
    public int dim(int d) {
        return value.dim(d);
    }

    public int rank() {
        return value.rank();
    }

    /** The value of a one-element variable. */
    public float item() {
        return value.item();
    }

    /** A name for error messages and summaries (parameters get theirs from their module). */
    public String name() {
        return name;
    }

    public Variable named(String n) {
        this.name = n;
        return this;
    }

    /** A new leaf sharing this value, cut from the graph: gradients stop here. */
    public Variable detach() {
        return new Variable(value, false, null);
    }

    /** A new leaf sharing this value that wants a gradient: the MGDA-UB step differentiates by it. */
    public Variable detachRequiringGrad() {
        return new Variable(value, true, null);
    }

    /** Keeps the gradient of this intermediate variable after backward (leaves always keep theirs). */
    public Variable retainGrad() {
        this.retainGrad = true;
        return this;
    }

    boolean keepsGrad() {
        return creator == null || retainGrad;
    }

    /** Forgets the accumulated gradient; the next backward starts from zero. */
    public void zeroGrad() {
        grad = null;
    }

    /** Replaces the gradient (optimizers and the multi-task step scale or combine gradients this way). */
    public void setGrad(Tensor g) {
        if (g != null) Shape.requireSame("setGrad of " + describe(), value.shape(), g.shape());
        grad = g;
    }

    /** Takes {@code g} itself as the gradient if there is none yet (the caller gives it up); false otherwise. */
    boolean adoptGrad(Tensor g) {
        if (grad != null) return false;
        grad = g;
        return true;
    }

    /** Adds {@code g} into the gradient; the first call stores a private copy. */
    void accumulateGrad(Tensor g) {
        if (grad == null) {
            grad = g.copy();
        } else {
            float[] d = grad.data(), s = g.data();
            for (int i = 0; i < d.length; i++) d[i] += s[i];
        }
    }

    /** Backward from a one-element variable (a loss): d(this)/d(this) = 1; frees the graph. */
    public void backward() {
        if (value.size() != 1) {
            throw new IllegalStateException("backward() needs a one-element variable (a loss), got shape "
                    + Shape.str(value.shape()) + "; pass the upstream gradient with backward(Tensor)");
        }
        backward(Tensor.ones(value.shape()), false);
    }

    /** Backward with an upstream gradient of this variable's shape; frees the graph. */
    public void backward(Tensor upstream) {
        backward(upstream, false);
    }

    /** Backward with an upstream gradient; {@code retainGraph} keeps saved tensors for another backward. */
    public void backward(Tensor upstream, boolean retainGraph) {
        Graph.backward(this, upstream, retainGraph);
    }

    String describe() {
        String what = name != null ? "'" + name + "'" : creator != null ? "output of " + creator.name() : "leaf";
        return what + " " + Shape.str(value.shape());
    }

    @Override
    public String toString() {
        return "Variable(" + describe() + (requiresGrad ? ", requiresGrad" : "") + ")";
    }
}
