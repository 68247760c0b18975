package mgdaunet.mgda;

import java.util.Map;
import mgdaunet.autograd.F;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/** Reference gradients for the strategies that work at Z, with the direction at Z computed by the test. */
final class ZReference {
    private ZReference() {}

    /**
     * From the buffers {@code start}: a trunk forward, one backward of {@code sum_t h_t L_t} through the
     * heads to a detached Z, and one trunk backward of {@code zGradient} (computed by the caller).
     */
    static void backward(MultiTaskModel m, Variable x, Map<String, int[]> y, Map<String, Tensor> start, double[] headWeights, float[] zGradient) {
        TinyMultiTask.restoreBuffers(m, start);
        m.zeroGrad();
        Variable z = m.trunk().forward(x);
        Variable zd = z.detachRequiringGrad();
        Variable total = null;
        for (int t = 0; t < headWeights.length; t++) {
            Task task = m.tasks().get(t);
            Variable term = F.mul(task.loss().apply(task.head().forward(zd), y.get(task.name())), (float) headWeights[t]);
            total = total == null ? term : F.add(total, term);
        }
        total.backward();
        z.backward(Tensor.wrap(zGradient, z.shape()));
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }
}
