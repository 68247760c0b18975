package mgdaunet.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import mgdaunet.tensor.Buffers;
import mgdaunet.tensor.Elementwise;
import mgdaunet.tensor.Shape;
import mgdaunet.tensor.Tensor;

/**
 * Records ops as they run and walks them backwards.
 *
 * <p>Recording is implicit: an op's {@code apply} calls {@link #record}, which links the output to
 * the op and the op to its inputs, unless no input wants a gradient or a {@link #noGrad()} scope is
 * open. Backward sorts the graph topologically with an explicit stack (a graph thousands of ops deep
 * must not overflow the Java stack), then visits each op once, after every use of its output has
 * contributed to that output's gradient.
 */
public final class Graph {
    private Graph() {}

    private static final ThreadLocal<int[]> NO_GRAD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    /** A scope in which no graph is recorded; close it (try-with-resources) to record again. */
    public static final class NoGrad implements AutoCloseable {
        private boolean closed;

        private NoGrad() {
            NO_GRAD_DEPTH.get()[0]++;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                NO_GRAD_DEPTH.get()[0]--;
            }
        }
    }

    /** {@code try (var g = Graph.noGrad()) { ... }}: evaluation, metrics, optimizer updates. */
    public static NoGrad noGrad() {
        return new NoGrad();
    }

    /** True unless a {@link #noGrad()} scope is open on this thread. */
    public static boolean isRecording() {
        return NO_GRAD_DEPTH.get()[0] == 0;
    }

    /**
     * Wraps an op's output value in a variable. The op is linked into the graph only when recording
     * and some input wants a gradient; otherwise the output is a constant and the op is dropped
     * (with whatever it saved).
     */
    public static Variable record(Op op, Tensor output, Variable... inputs) {
        boolean needs = false;
        if (isRecording()) {
            for (Variable v : inputs) needs |= v.requiresGrad();
        }
        if (!needs) return new Variable(output, false, null);
        op.attach(inputs.clone());
        return new Variable(output, true, op);
    }

    static void backward(Variable root, Tensor upstream, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: " + root.describe() + " does not require a gradient "
                    + "(no input of the ops that made it requires one, or it was made under noGrad)");
        }
        Shape.requireSame("backward: upstream gradient for " + root.describe(), root.value().shape(), upstream.shape());

        // Gradients flowing into each variable, summed over its uses before its op runs.
        Map<Variable, Tensor> pending = new IdentityHashMap<>();
        // How many pending entries hold each array (an op may hand one tensor, or views of it, to several inputs).
        Map<float[], int[]> holders = new IdentityHashMap<>();
        pending.put(root, upstream);
        hold(holders, upstream);
        List<Tensor> consumed = new ArrayList<>();
        for (Variable v : topologicalOrder(root)) {
            Tensor g = pending.remove(v);
            if (g == null) continue;
            drop(holders, g);
            if (v.isLeaf() && g.isScratch() && !holders.containsKey(g.data()) && g.data() != upstream.data() && v.adoptGrad(g)) {
                // A leaf's first gradient that nothing else holds becomes its gradient as it is: no copy.
            } else {
                if (v.keepsGrad()) v.accumulateGrad(g);  // a private copy: g stays the graph's
                consumed.add(g);
            }
            Op op = v.creator();
            if (op != null) {
                if (op.isReleased()) {
                    throw new IllegalStateException("backward: the graph through " + op.name() + " was already freed by an "
                            + "earlier backward; call backward(upstream, true) the first time to keep it");
                }
                Tensor[] inGrads = op.backward(g);
                if (inGrads.length != op.inputCount()) {
                    throw new IllegalStateException(op.name() + ".backward returned " + inGrads.length
                            + " gradients for " + op.inputCount() + " inputs");
                }
                for (int i = 0; i < inGrads.length; i++) {
                    Variable in = op.input(i);
                    Tensor gi = inGrads[i];
                    if (gi == null || !in.requiresGrad()) continue;
                    if (!in.value().sameShape(gi)) {
                        throw new IllegalStateException(op.name() + ".backward: gradient of shape " + Shape.str(gi.shape())
                                + " for input " + i + " of shape " + Shape.str(in.value().shape()));
                    }
                    Tensor old = pending.get(in);
                    if (old == null) {
                        pending.put(in, gi);
                        hold(holders, gi);
                    } else if (old.isScratch() && holders.get(old.data())[0] == 1) {
                        // Only this entry holds old: add in place (right even when gi is old itself).
                        Elementwise.add(old, gi, old);
                        consumed.add(gi);
                    } else {
                        Tensor sum = Elementwise.add(old, gi, Tensor.scratch(old.shape()));
                        pending.put(in, sum);
                        drop(holders, old);
                        hold(holders, sum);
                        consumed.add(old);
                        consumed.add(gi);
                    }
                }
                if (!retainGraph) op.markReleased();
            }
            // Scratch gradients nothing pending holds any more are dead: ops keep no gradients, leaves copy or
            // adopt theirs, and the caller's upstream gradient is the caller's (it may be a leaf's gradient).
            for (Tensor t : consumed) {
                if (t.isScratch() && !holders.containsKey(t.data()) && t.data() != upstream.data()) Buffers.give(t.data());
            }
            consumed.clear();
        }
    }

    private static void hold(Map<float[], int[]> holders, Tensor t) {
        holders.computeIfAbsent(t.data(), k -> new int[1])[0]++;
    }

    private static void drop(Map<float[], int[]> holders, Tensor t) {
        int[] n = holders.get(t.data());
        if (--n[0] == 0) holders.remove(t.data());
    }

    /** Variables reachable from root through ops, root first, each before all the variables it was made from. */
    static List<Variable> topologicalOrder(Variable root) {
        // Iterative post-order DFS; reversing the post-order puts every variable before its inputs.
        List<Variable> post = new ArrayList<>();
        Map<Variable, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Variable> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>(); // next input index to visit, per stack entry
        stack.push(root);
        next.push(0);
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Variable v = stack.peek();
            int i = next.pop();
            Op op = v.creator();
            if (op != null && i < op.inputCount()) {
                next.push(i + 1);
                Variable in = op.input(i);
                if (in.requiresGrad() && seen.put(in, Boolean.TRUE) == null) {
                    stack.push(in);
                    next.push(0);
                }
            } else {
                stack.pop();
                post.add(v);
            }
        }
        return post.reversed();
    }
}
