package mgdaunet.nn.unet;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import mgdaunet.autograd.F;
import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.checkpoint.Checkpoint;
import mgdaunet.nn.checkpoint.SafetensorsReader;
import mgdaunet.nn.checkpoint.StateDicts;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The U-Net against the PyTorch reference model on the fixture written by
 * {@code nn/scripts/unet_reference.py fixture} (torch 1.13): a small network (encoder 4, 8, 8, bottleneck
 * 8, 3 classes) with randomized batch-norm statistics, exported as a state dict (int64
 * num_batches_tracked included), an input of 2 x 1 x 16 x 20 (padded inside) and the reference's
 * evaluation output, training-mode output, loss, gradients and updated buffers.
 */
class UNetPyTorchEquivalenceTest {
    /**
     * Relative to the largest value (at least 1). Measured: outputs within 4e-6, gradients within 5e-7,
     * running statistics within 1e-7; float32 sums taken in another order differ by about that much,
     * a wrong rule (an eps, a momentum, a biased variance) by far more.
     */
    static final double TOLERANCE = 3e-5;

    static Checkpoint fixture;

    @BeforeAll
    static void read() throws IOException, URISyntaxException {
        fixture = SafetensorsReader.read(Path.of(UNetPyTorchEquivalenceTest.class.getResource("small_unet.safetensors").toURI()));
    }

    private static String prefix(Upsampling u) {
        return u == Upsampling.NEAREST ? "nearest." : "convT.";
    }

    /** The network loaded strictly from the reference's state dict (convT shares all but its conv-transposes). */
    private static UNet loaded(Upsampling u) {
        UNet net = new UNet(new UNetConfig(1, 3, java.util.List.of(4, 8, 8), 8, u, true), Tensor.rng(99));
        Map<String, Tensor> state = new HashMap<>(StateDicts.underPrefix("nearest.model.", fixture.tensors()));
        if (u == Upsampling.TRANSPOSED) {
            state.putAll(StateDicts.underPrefix("convT.model.", fixture.tensors()));
        } else {
            state.keySet().removeIf(k -> k.startsWith("trunk.ups."));
        }
        assertTrue(net.loadStateDict(state, true).isComplete());
        return net;
    }

    private static void assertClose(String what, Tensor expected, Tensor actual, double tolerance) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        float scale = Math.max(1f, expected.maxAbsDiff(Tensor.zerosLike(expected)));
        float diff = expected.maxAbsDiff(actual);
        assertTrue(diff <= tolerance * scale, what + ": max |torch - java| = " + diff + " (scale " + scale + ")");
    }

    @ParameterizedTest
    @EnumSource(Upsampling.class)
    void evaluationOutputMatchesPyTorch(Upsampling u) {
        UNet net = loaded(u);
        net.eval();
        try (var g = Graph.noGrad()) {
            Tensor y = net.forward(Variable.constant(fixture.tensor("x"))).value();
            assertClose("eval output", fixture.tensor(prefix(u) + "eval_out"), y, TOLERANCE);
        }
    }

    @ParameterizedTest
    @EnumSource(Upsampling.class)
    void trainingStepMatchesPyTorchOutputLossGradientsAndStatistics(Upsampling u) {
        UNet net = loaded(u);
        net.train();
        float[] t = fixture.tensor("target").data();
        int[] targets = new int[t.length];
        for (int i = 0; i < t.length; i++) targets[i] = (int) t[i];
        Variable y = net.forward(Variable.constant(fixture.tensor("x")));
        assertClose("train output", fixture.tensor(prefix(u) + "train_out"), y.value(), TOLERANCE);
        Variable loss = F.crossEntropy(y, targets);
        assertEquals(fixture.tensor(prefix(u) + "loss").item(), loss.item(), 1e-5);
        loss.backward();
        Map<String, Tensor> grads = StateDicts.underPrefix(prefix(u) + "grad.", fixture.tensors());
        assertFalse(grads.isEmpty());
        var params = net.namedParameters();
        grads.forEach((name, expected) -> assertClose("gradient of " + name, expected, params.get(name).grad(), TOLERANCE));
        if (u == Upsampling.NEAREST) {
            Map<String, Tensor> after = StateDicts.underPrefix("nearest.after.", fixture.tensors());
            var buffers = net.namedBuffers();
            assertEquals(after.keySet(), buffers.keySet());
            after.forEach((name, expected) -> assertClose("buffer " + name, expected, buffers.get(name), 1e-6));
            assertEquals(4f, buffers.get("trunk.enc.0.1.num_batches_tracked").item(), "3 before, one training batch since");
        }
    }
}
