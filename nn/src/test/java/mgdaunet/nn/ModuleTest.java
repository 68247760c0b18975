package mgdaunet.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mgdaunet.autograd.F;
import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.checkpoint.SafetensorsReader;
import mgdaunet.nn.checkpoint.StateDictMismatchException;
import mgdaunet.nn.layers.BatchNorm2d;
import mgdaunet.nn.layers.Conv2d;
import mgdaunet.nn.layers.Dropout;
import mgdaunet.nn.layers.Linear;
import mgdaunet.nn.layers.ReLU;
import mgdaunet.nn.layers.Sequential;
import mgdaunet.nn.unet.UNet;
import mgdaunet.nn.unet.UNetConfig;
import mgdaunet.nn.unet.Upsampling;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleTest {
    @TempDir
    Path dir;

    /** A module with its own parameter and buffer and two children, one of them shared twice. */
    static final class Net extends Module {
        final Variable scale;
        final Linear fc;

        Net() {
            scale = registerParameter("scale", Tensor.ones(1));
            registerBuffer("steps", Tensor.zeros(1));
            fc = registerModule("fc", new Linear(3, 2, Tensor.rng(1)));
            registerModule("body", new Sequential(new Conv2d(1, 2, 3, Tensor.rng(2)), new BatchNorm2d(2), new ReLU()));
        }

        @Override
        protected Variable compute(Variable x) {
            return F.mul(fc.forward(x), scale);
        }
    }

    @Test
    void namesNestWithDotsInPyTorchsStateDictOrder() {
        Net net = new Net();
        assertEquals(List.of("scale", "fc.weight", "fc.bias", "body.0.weight", "body.0.bias", "body.1.weight", "body.1.bias"),
                List.copyOf(net.namedParameters().keySet()));
        // Own parameters, own buffers, then the children's, as PyTorch's state_dict().
        assertEquals(List.of("scale", "steps", "fc.weight", "fc.bias", "body.0.weight", "body.0.bias", "body.1.weight", "body.1.bias",
                "body.1.running_mean", "body.1.running_var", "body.1.num_batches_tracked"), List.copyOf(net.stateDict().keySet()));
        assertEquals(List.of("", "fc", "body", "body.0", "body.1", "body.2"), List.copyOf(net.namedModules().keySet()));
        assertEquals(1 + 6 + 2 + 18 + 2 + 2 + 2, net.parameterCount());
        assertEquals(List.of("body.1.num_batches_tracked"), List.copyOf(net.integerStateNames()));
        assertSame(net.scale, net.parameters().getFirst());
        assertSame(net.scale.value(), net.stateDict().get("scale"), "the state dict holds the live tensors");
    }

    @Test
    void aSharedModuleOrParameterIsListedOnce() {
        Linear shared = new Linear(2, 2, Tensor.rng(1));
        Module twice = new Module() {
            {
                registerModule("a", shared);
                registerModule("b", shared);
            }

            @Override
            protected Variable compute(Variable x) {
                return shared.forward(shared.forward(x));
            }
        };
        assertEquals(List.of("a.weight", "a.bias"), List.copyOf(twice.namedParameters().keySet()));
        assertEquals(6, twice.parameterCount());
    }

    @Test
    void registrationRefusesBadAndDuplicateNames() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Module() {
            {
                registerParameter("w", Tensor.ones(1));
                registerBuffer("w", Tensor.ones(1));
            }

            @Override
            protected Variable compute(Variable x) {
                return x;
            }
        });
        assertTrue(e.getMessage().contains("'w' is already registered"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Module() {
            {
                registerParameter("a.b", Tensor.ones(1));
            }

            @Override
            protected Variable compute(Variable x) {
                return x;
            }
        });
    }

    @Test
    void trainEvalAndZeroGradCoverTheWholeTree() {
        Net net = new Net();
        assertTrue(net.isTraining());
        net.eval();
        for (Module m : net.namedModules().values()) assertFalse(m.isTraining(), m.toString());
        net.train();
        for (Module m : net.namedModules().values()) assertTrue(m.isTraining(), m.toString());
        F.sum(net.forward(Variable.constant(Tensor.ones(2, 3)))).backward();
        assertNotNull(net.fc.weight().grad());
        net.zeroGrad();
        for (Variable p : net.parameters()) assertNull(p.grad());
    }

    @Test
    void loadStateDictChecksNamesAndShapes() {
        Net a = new Net(), b = new Net();
        a.fc.weight().value().fill(3f);
        b.loadStateDict(a.stateDict(), true);
        assertEquals(a.fc.weight().value(), b.fc.weight().value());
        assertNotSame(a.fc.weight().value(), b.fc.weight().value(), "values copied, tensors kept");

        Map<String, Tensor> partial = new java.util.LinkedHashMap<>(a.stateDict());
        partial.remove("scale");
        partial.put("extra", Tensor.ones(1));
        var e = assertThrows(StateDictMismatchException.class, () -> b.loadStateDict(partial, true));
        assertEquals(List.of("scale"), e.missing());
        assertEquals(List.of("extra"), e.unexpected());
        var report = b.loadStateDict(partial, false);
        assertEquals(List.of("scale"), report.missing());
        partial.put("fc.bias", Tensor.ones(5));
        assertThrows(StateDictMismatchException.class, () -> b.loadStateDict(partial, false));
    }

    @Test
    void saveThenLoadGivesIdenticalOutputs() throws IOException {
        UNetConfig config = UNetConfig.seed().withWidths(4, 8).withBottleneck(8).withClasses(3).withUpsampling(Upsampling.TRANSPOSED);
        UNet trained = new UNet(config, Tensor.rng(1));
        Tensor x = Tensor.uniform(Tensor.rng(2), 0f, 1f, 2, 1, 12, 10);
        try (var g = Graph.noGrad()) {
            trained.forward(Variable.constant(x));  // moves the running statistics and counters
        }
        Path file = dir.resolve("unet.safetensors");
        trained.save(file);
        UNet fresh = new UNet(config, Tensor.rng(99));
        assertTrue(fresh.load(file, true).isComplete());
        assertEquals(1f, fresh.namedBuffers().get("trunk.enc.0.1.num_batches_tracked").item());
        for (boolean training : new boolean[] {false, true}) {
            trained.train(training);
            fresh.train(training);
            try (var g = Graph.noGrad()) {
                Tensor a = trained.forward(Variable.constant(x)).value(), b = fresh.forward(Variable.constant(x)).value();
                assertEquals(a, b, training ? "training mode" : "evaluation mode");
            }
        }
        assertEquals(2f, fresh.namedBuffers().get("trunk.dec.1.4.num_batches_tracked").item());
        // The counters are stored as PyTorch stores them: I64 (read back as floats).
        assertEquals(1f, SafetensorsReader.read(file).tensor("trunk.mid.1.num_batches_tracked").item());
    }

    @Test
    void dropoutFollowsTheMode() {
        Sequential s = new Sequential(new Dropout(0.5f, Tensor.rng(1)));
        Variable x = Variable.constant(Tensor.ones(100));
        s.eval();
        assertSame(x, s.forward(x));
        s.train();
        assertNotSame(x, s.forward(x));
    }
}
