package mgdaunet.autograd;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The gradient check over the registry of every op, and a guard that no op escapes the registry. */
class OpGradientTest {
    static List<OpRegistry.OpCase> cases() {
        return OpRegistry.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void analyticGradientsMatchCentralDifferences(OpRegistry.OpCase c) {
        GradCheck.Report r = GradCheck.standard().check(c.f(), c.inputs());
        assertTrue(r.compared() > 0, c.name() + ": nothing compared");
        r.assertOk();
    }

    @Test
    void everyOpClassHasARegistryCase() throws IOException, URISyntaxException {
        Path dir = Path.of(OpGradientTest.class.getClassLoader().getResource("mgdaunet/autograd/ops").toURI());
        Set<String> ops;
        try (Stream<Path> files = Files.list(dir)) {
            ops = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> covered = OpRegistry.all().stream().map(c -> c.op().getSimpleName()).collect(Collectors.toSet());
        ops.removeAll(covered);
        assertTrue(ops.isEmpty(), "ops without a gradient-check case in OpRegistry: " + ops);
    }

    @Test
    void aWrongBackwardRuleIsCaught() {
        // x * x with a backward that forgets the factor 2 (checked through the engine's test op Square's
        // sibling below): the checker must report it, or it proves nothing.
        GradCheck.Report r = GradCheck.standard().check(v -> HalfSquare.apply(v[0]), Tensor.of(new float[] {0.5f, -1.5f, 2f}, 3));
        assertFalse(r.ok(), r.toString());
        assertEquals(3, r.mismatches().size());
    }

    @Test
    void theDirectionalCheckCoversBigInputsAndCatchesErrorsToo() {
        Tensor logits = OpRegistry.rand(4, 11, 16, 24);
        int[] targets = OpRegistry.classes(4 * 16 * 24, 11, true);
        float[] w = new float[11];
        for (int i = 0; i < 11; i++) w[i] = 1f + 0.1f * i;
        GradCheck.standard().checkDirections(v -> F.crossEntropy(v[0], targets, w, -100, Reduction.MEAN), 3, logits).assertOk();
        Tensor a = OpRegistry.rand(2, 8, 12, 12), b = OpRegistry.rand(2, 8, 12, 12);
        GradCheck.standard().checkDirections(v -> F.tanh(F.mul(F.concat(1, v[0], v[1]), F.concat(1, v[1], v[0]))), 3, a, b).assertOk();
        assertFalse(GradCheck.standard().checkDirections(v -> HalfSquare.apply(v[0]), 2, OpRegistry.rand(500)).ok());
    }

    /** y = x^2 with the deliberately wrong rule dx = grad * x. */
    static final class HalfSquare extends Op {
        private Tensor x;

        static Variable apply(Variable in) {
            HalfSquare op = new HalfSquare();
            op.x = in.value();
            return Graph.record(op, in.value().square(), in);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(x)};
        }
    }
}
