package mgdaunet.mgda;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;
import mgdaunet.nn.heads.GridClassifierHead;
import mgdaunet.nn.heads.SegmentationHead;
import mgdaunet.nn.layers.BatchNorm2d;
import mgdaunet.nn.layers.Conv2d;
import mgdaunet.nn.layers.ReLU;
import mgdaunet.nn.layers.Sequential;
import mgdaunet.nn.loss.CrossEntropyLoss;
import mgdaunet.tensor.Tensor;

/**
 * A small multi-task network for the step tests: a conv trunk with batch-norm (2 -> 4 channels on
 * 8 x 11 inputs, batch 3) and up to three heads: per-pixel segmentation into 3 classes, and two
 * image classifiers (a 2 x 3 grid and a global pool) into 5 classes. Built from a seed, so two
 * models of the same seed are identical.
 */
final class TinyMultiTask {
    static final int N = 3, C = 2, H = 8, W = 11, Z_CHANNELS = 4;

    private TinyMultiTask() {}

    static MultiTaskModel model(long seed, int tasks) {
        RandomGenerator rng = Tensor.rng(seed);
        Module trunk = new Sequential(new Conv2d(C, 5, 3, 1, 1, true, rng), new BatchNorm2d(5), new ReLU(),
                new Conv2d(5, Z_CHANNELS, 3, 1, 1, true, rng));
        CrossEntropyLoss ce = new CrossEntropyLoss();
        List<Task> all = List.of(
                new Task("seg", new SegmentationHead(Z_CHANNELS, 3, rng), ce::forward),
                new Task("left", new GridClassifierHead(Z_CHANNELS, 6, 2, 3, 5, rng), ce::forward),
                new Task("right", new GridClassifierHead(Z_CHANNELS, 6, 1, 1, 5, rng), ce::forward));
        return new MultiTaskModel(trunk, all.subList(0, tasks));
    }

    static Variable input(long seed) {
        return Variable.constant(Tensor.normal(Tensor.rng(seed), 0f, 1f, N, C, H, W));
    }

    static Map<String, int[]> targets(long seed) {
        RandomGenerator r = Tensor.rng(seed);
        int[] seg = new int[N * H * W], left = new int[N], right = new int[N];
        for (int i = 0; i < seg.length; i++) seg[i] = r.nextInt(3);
        for (int i = 0; i < N; i++) {
            left[i] = r.nextInt(5);
            right[i] = r.nextInt(5);
        }
        Map<String, int[]> m = new HashMap<>();
        m.put("seg", seg);
        m.put("left", left);
        m.put("right", right);
        return m;
    }

    /** Copies of every buffer, by name. */
    static Map<String, Tensor> buffers(Module m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.namedBuffers().forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }

    static void restoreBuffers(Module m, Map<String, Tensor> saved) {
        m.namedBuffers().forEach((k, v) -> v.copyFrom(saved.get(k)));
    }

    /** Copies of every parameter's gradient (null where none). */
    static Map<String, Tensor> grads(Module m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.namedParameters().forEach((k, p) -> out.put(k, p.grad() == null ? null : p.grad().copy()));
        return out;
    }

    /**
     * Every gradient of {@code actual} equals {@code expected}'s within {@code rel} of the tensor's
     * largest entry, or of a tenth of the largest entry of all for a gradient that is zero but for
     * rounding (a conv bias right before batch-norm, which the normalization cancels).
     */
    static void assertSameGradients(Map<String, Tensor> expected, Map<String, Tensor> actual, double rel) {
        assertEquals(expected.keySet(), actual.keySet());
        List<String> bad = new ArrayList<>();
        double largest = expected.values().stream().mapToDouble(TinyMultiTask::maxAbs).max().orElse(0);
        expected.forEach((k, e) -> {
            Tensor a = actual.get(k);
            assertNotNull(e, "reference gradient of " + k);
            assertNotNull(a, "gradient of " + k);
            double scale = Math.max(maxAbs(e), 0.1 * largest);
            double diff = e.maxAbsDiff(a);
            if (!(diff <= rel * scale)) bad.add(k + ": max diff " + diff + " vs scale " + scale);
        });
        assertTrue(bad.isEmpty(), String.join("; ", bad));
    }

    static double maxAbs(Tensor t) {
        double m = 0;
        for (float v : t.data()) m = Math.max(m, Math.abs(v));
        return m;
    }

    static void assertSameBuffers(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, e) -> assertEquals(0f, e.maxAbsDiff(actual.get(k)), "buffer " + k));
    }
}
