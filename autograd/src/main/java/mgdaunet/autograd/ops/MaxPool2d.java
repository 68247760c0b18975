package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;
import mgdaunet.tensor.spatial.PoolGeometry;

/**
 * {@code y = the maximum of each kernel x kernel window} (PyTorch's {@code max_pool2d}, floor mode,
 * padding never wins). Forward saves the argmax of every window (the first maximum in row-major
 * order among ties); x: grad sent to each window's argmax, summed where windows overlap, 0 elsewhere.
 */
public final class MaxPool2d extends Op {
    private final PoolGeometry geometry;
    private int[] argmax;

    private MaxPool2d(PoolGeometry geometry, int[] argmax) {
        this.geometry = geometry;
        this.argmax = argmax;
    }

    public static Variable apply(Variable x, int kernel, int stride, int padding) {
        PoolGeometry g = PoolGeometry.of("max_pool2d", x.shape(), kernel, stride, padding);
        Tensor y = Tensor.zeros(g.outputShape());
        // The argmax only feeds backward: none without a graph to record (inference).
        int[] argmax = Graph.isRecording() && x.requiresGrad() ? new int[g.outputSize()] : null;
        mgdaunet.tensor.spatial.MaxPool2d.forward(g, x.value().data(), y.data(), argmax);
        return Graph.record(new MaxPool2d(g, argmax), y, x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor dx = Tensor.scratch(geometry.inputShape());  // the kernel writes every element (zeros included)
        mgdaunet.tensor.spatial.MaxPool2d.backward(geometry, g.data(), argmax, dx.data());
        return new Tensor[] {dx};
    }

    @Override
    protected void release() {
        argmax = null;
    }
}
