package mgdaunet.nn.optim;

import static mgdaunet.nn.optim.PyTorchReference.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.checkpoint.Checkpoint;
import mgdaunet.nn.checkpoint.SafetensorsReader;
import mgdaunet.nn.checkpoint.SafetensorsWriter;
import mgdaunet.nn.checkpoint.StateDictMismatchException;
import mgdaunet.nn.checkpoint.StateDicts;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each optimizer against the real PyTorch: the set-up of {@code nn/scripts/optim_reference.py}
 * (two parameters, gradient a * p + b, p1 without gradient at step 2, learning rate halved before
 * step 3, five steps), parameters and state compared to 1e-6. The float32 rounding follows
 * PyTorch's kernels, so the results are in fact bit-identical: {@link #bitIdenticalToPyTorch} holds
 * that (should a future kernel round differently, 1e-6 is the contract, bit identity the bonus).
 */
class OptimizerTest {
    static final float[] P0 = {0.5f, -1.0f, 1.5f, 2.0f, -0.25f, 0.75f};
    static final float[] P1 = {0.1f, -0.2f, 0.3f, -0.4f, 0.5f};
    static final float[] A0 = {1.0f, 2.0f, 0.5f, 0.25f, 3.0f, 1.5f};
    static final float[] B0 = {0.1f, -0.3f, 0.2f, -0.05f, 0.4f, -0.6f};
    static final float[] A1 = {2.0f, 0.5f, 1.0f, 4.0f, 0.1f};
    static final float[] B1 = {-0.2f, 0.3f, 0.05f, 0.1f, -0.7f};
    static final int STEPS = 5, SKIP_P1_AT = 2, HALVE_LR_AT = 3;
    static final float TOL = 1e-6f;

    @TempDir
    Path dir;

    static List<Variable> params() {
        return List.of(Variable.parameter(Tensor.of(P0, 2, 3)), Variable.parameter(Tensor.of(P1, 5)));
    }

    /** Steps {@code from} (inclusive) to {@code to} (exclusive) of the reference run. */
    static void run(Optimizer opt, int from, int to) {
        List<Variable> ps = opt.parameters();
        for (int step = from; step < to; step++) {
            if (step == HALVE_LR_AT) opt.setLearningRate(opt.learningRate() / 2);
            ps.get(0).setGrad(grad(ps.get(0), A0, B0));
            ps.get(1).setGrad(step == SKIP_P1_AT ? null : grad(ps.get(1), A1, B1));
            opt.step();
        }
    }

    /** a * p + b in float32: one multiply, one add, as torch computes it. */
    static Tensor grad(Variable p, float[] a, float[] b) {
        float[] v = p.value().data(), g = new float[v.length];
        for (int j = 0; j < v.length; j++) g[j] = a[j] * v[j] + b[j];
        return Tensor.wrap(g, p.shape());
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertClose(expected, actual, what, TOL);
    }

    static void assertClose(float[] expected, float[] actual, String what, float tol) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
        }
    }

    static void assertMatches(Optimizer opt, float[] p0, float[] p1) {
        assertClose(p0, opt.parameters().get(0).value().data(), "p0");
        assertClose(p1, opt.parameters().get(1).value().data(), "p1");
    }

    @Test
    void bitIdenticalToPyTorch() {
        record Case(String name, Optimizer opt, float[] p0, float[] p1) {}
        List<Case> cases = List.of(
                new Case("SGD", new Sgd(params(), Sgd.Options.of(0.1)), SGD_PLAIN_P0, SGD_PLAIN_P1),
                new Case("SGD momentum", new Sgd(params(), Sgd.Options.of(0.1).withMomentum(0.9).withDampening(0.1).withWeightDecay(0.01)),
                        SGD_MOMENTUM_P0, SGD_MOMENTUM_P1),
                new Case("SGD Nesterov", new Sgd(params(), Sgd.Options.of(0.05).withMomentum(0.9).withNesterov(true).withWeightDecay(0.05)),
                        SGD_NESTEROV_P0, SGD_NESTEROV_P1),
                new Case("Adam", new Adam(params(), Adam.Options.adam().withLr(0.01)), ADAM_P0, ADAM_P1),
                new Case("Adam L2 amsgrad", new Adam(params(),
                        Adam.Options.adam().withLr(0.02).withBetas(0.8, 0.95).withEps(1e-6).withWeightDecay(0.1).withAmsgrad(true)),
                        ADAM_L2_AMSGRAD_P0, ADAM_L2_AMSGRAD_P1),
                new Case("AdamW", new Adam(params(), Adam.Options.adamW().withLr(0.01).withWeightDecay(0.1)), ADAMW_P0, ADAMW_P1),
                new Case("AdamW amsgrad", new Adam(params(), Adam.Options.adamW().withLr(0.03).withBetas(0.5, 0.9).withWeightDecay(0.2).withAmsgrad(true)),
                        ADAMW_AMSGRAD_P0, ADAMW_AMSGRAD_P1));
        for (Case c : cases) {
            run(c.opt(), 0, STEPS);
            assertClose(c.p0(), c.opt().parameters().get(0).value().data(), c.name() + " p0", 0f);
            assertClose(c.p1(), c.opt().parameters().get(1).value().data(), c.name() + " p1", 0f);
        }
    }

    @Test
    void sgdPlain() {
        Optimizer opt = new Sgd(params(), Sgd.Options.of(0.1));
        run(opt, 0, STEPS);
        assertMatches(opt, SGD_PLAIN_P0, SGD_PLAIN_P1);
        assertEquals(Map.of(), opt.stateDict(), "no state without momentum");
    }

    @Test
    void sgdMomentumDampeningWeightDecay() {
        Optimizer opt = new Sgd(params(), Sgd.Options.of(0.1).withMomentum(0.9).withDampening(0.1).withWeightDecay(0.01));
        run(opt, 0, STEPS);
        assertMatches(opt, SGD_MOMENTUM_P0, SGD_MOMENTUM_P1);
        Map<String, Tensor> s = opt.stateDict();
        assertEquals(List.of("state.0.momentum_buffer", "state.1.momentum_buffer"), List.copyOf(s.keySet()));
        assertClose(SGD_MOMENTUM_STATE_0_MOMENTUM_BUFFER, s.get("state.0.momentum_buffer").data(), "buffer 0");
        assertClose(SGD_MOMENTUM_STATE_1_MOMENTUM_BUFFER, s.get("state.1.momentum_buffer").data(), "buffer 1");
        assertArrayEquals(new int[] {2, 3}, s.get("state.0.momentum_buffer").shape());
    }

    @Test
    void sgdNesterov() {
        Optimizer opt = new Sgd(params(), Sgd.Options.of(0.05).withMomentum(0.9).withNesterov(true).withWeightDecay(0.05));
        run(opt, 0, STEPS);
        assertMatches(opt, SGD_NESTEROV_P0, SGD_NESTEROV_P1);
        assertClose(SGD_NESTEROV_STATE_0_MOMENTUM_BUFFER, opt.stateDict().get("state.0.momentum_buffer").data(), "buffer 0");
        assertClose(SGD_NESTEROV_STATE_1_MOMENTUM_BUFFER, opt.stateDict().get("state.1.momentum_buffer").data(), "buffer 1");
    }

    @Test
    void adam() {
        Adam opt = new Adam(params(), Adam.Options.adam().withLr(0.01));
        run(opt, 0, STEPS);
        assertMatches(opt, ADAM_P0, ADAM_P1);
        assertEquals(5, opt.stepCount(0));
        assertEquals(4, opt.stepCount(1), "a parameter without gradient does not count the step");
        Map<String, Tensor> s = opt.stateDict();
        assertEquals(List.of("state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq", "state.1.step", "state.1.exp_avg", "state.1.exp_avg_sq"),
                List.copyOf(s.keySet()));
        assertEquals(0, s.get("state.0.step").rank(), "step is a rank-0 tensor, as in PyTorch");
        assertClose(ADAM_STATE_0_STEP, s.get("state.0.step").data(), "step 0");
        assertClose(ADAM_STATE_1_STEP, s.get("state.1.step").data(), "step 1");
        assertClose(ADAM_STATE_0_EXP_AVG, s.get("state.0.exp_avg").data(), "exp_avg 0");
        assertClose(ADAM_STATE_0_EXP_AVG_SQ, s.get("state.0.exp_avg_sq").data(), "exp_avg_sq 0");
        assertClose(ADAM_STATE_1_EXP_AVG, s.get("state.1.exp_avg").data(), "exp_avg 1");
        assertClose(ADAM_STATE_1_EXP_AVG_SQ, s.get("state.1.exp_avg_sq").data(), "exp_avg_sq 1");
    }

    @Test
    void adamL2WeightDecayAmsgrad() {
        Adam opt = new Adam(params(), Adam.Options.adam().withLr(0.02).withBetas(0.8, 0.95).withEps(1e-6).withWeightDecay(0.1).withAmsgrad(true));
        run(opt, 0, STEPS);
        assertMatches(opt, ADAM_L2_AMSGRAD_P0, ADAM_L2_AMSGRAD_P1);
        Map<String, Tensor> s = opt.stateDict();
        assertClose(ADAM_L2_AMSGRAD_STATE_0_EXP_AVG, s.get("state.0.exp_avg").data(), "exp_avg 0");
        assertClose(ADAM_L2_AMSGRAD_STATE_0_MAX_EXP_AVG_SQ, s.get("state.0.max_exp_avg_sq").data(), "max 0");
        assertClose(ADAM_L2_AMSGRAD_STATE_1_EXP_AVG_SQ, s.get("state.1.exp_avg_sq").data(), "exp_avg_sq 1");
        // the running maximum differs from the current second moment here: amsgrad really keeps a maximum
        assertClose(ADAM_L2_AMSGRAD_STATE_1_MAX_EXP_AVG_SQ, s.get("state.1.max_exp_avg_sq").data(), "max 1");
        assertNotEquals(s.get("state.1.exp_avg_sq").data()[0], s.get("state.1.max_exp_avg_sq").data()[0]);
    }

    @Test
    void adamW() {
        Adam opt = new Adam(params(), Adam.Options.adamW().withLr(0.01).withWeightDecay(0.1));
        run(opt, 0, STEPS);
        assertMatches(opt, ADAMW_P0, ADAMW_P1);
        assertClose(ADAMW_STATE_1_EXP_AVG, opt.stateDict().get("state.1.exp_avg").data(), "exp_avg 1");
        assertClose(ADAMW_STATE_1_EXP_AVG_SQ, opt.stateDict().get("state.1.exp_avg_sq").data(), "exp_avg_sq 1");
        assertTrue(opt.toString().startsWith("AdamW("), opt.toString());
    }

    @Test
    void adamWAmsgrad() {
        Adam opt = new Adam(params(), Adam.Options.adamW().withLr(0.03).withBetas(0.5, 0.9).withWeightDecay(0.2).withAmsgrad(true));
        run(opt, 0, STEPS);
        assertMatches(opt, ADAMW_AMSGRAD_P0, ADAMW_AMSGRAD_P1);
        assertClose(ADAMW_AMSGRAD_STATE_0_MAX_EXP_AVG_SQ, opt.stateDict().get("state.0.max_exp_avg_sq").data(), "max 0");
    }

    /** Three steps, a checkpoint of parameters and optimizer state through a file, two more steps in a fresh optimizer. */
    @Test
    void resumingFromACheckpointContinuesExactly() throws IOException {
        List<Function<List<Variable>, Optimizer>> makers = List.of(
                ps -> new Sgd(ps, Sgd.Options.of(0.05).withMomentum(0.9).withNesterov(true).withWeightDecay(0.05)),
                ps -> new Adam(ps, Adam.Options.adam().withLr(0.02).withBetas(0.8, 0.95).withEps(1e-6).withWeightDecay(0.1).withAmsgrad(true)),
                ps -> new Adam(ps, Adam.Options.adamW().withLr(0.03).withBetas(0.5, 0.9).withWeightDecay(0.2).withAmsgrad(true)));
        List<float[][]> expected = List.of(
                new float[][] {SGD_NESTEROV_P0, SGD_NESTEROV_P1},
                new float[][] {ADAM_L2_AMSGRAD_P0, ADAM_L2_AMSGRAD_P1},
                new float[][] {ADAMW_AMSGRAD_P0, ADAMW_AMSGRAD_P1});
        for (int k = 0; k < makers.size(); k++) {
            Optimizer first = makers.get(k).apply(params());
            run(first, 0, HALVE_LR_AT);
            Map<String, Tensor> all = new java.util.LinkedHashMap<>();
            all.put("p0", first.parameters().get(0).value());
            all.put("p1", first.parameters().get(1).value());
            all.putAll(StateDicts.withPrefix("optimizer.", first.stateDict()));
            Path f = dir.resolve("resume" + k + ".safetensors");
            SafetensorsWriter.write(f, all);

            Checkpoint c = SafetensorsReader.read(f);
            List<Variable> fresh = params();
            c.loadInto(Map.of("p0", fresh.get(0).value(), "p1", fresh.get(1).value()), false);
            Optimizer second = makers.get(k).apply(fresh);
            second.loadStateDict(StateDicts.underPrefix("optimizer.", c.tensors()));
            second.setLearningRate(first.learningRate());
            run(second, HALVE_LR_AT, STEPS);
            assertMatches(second, expected.get(k)[0], expected.get(k)[1]);
        }
    }

    @Test
    void loadStateDictNamesWhatDoesNotFit() {
        Adam opt = new Adam(params(), Adam.Options.adam());
        Map<String, Tensor> bad = new java.util.LinkedHashMap<>();
        bad.put("state.0.step", Tensor.scalar(2));
        bad.put("state.0.exp_avg", Tensor.zeros(6));
        bad.put("state.7.exp_avg", Tensor.zeros(6));
        var e = assertThrows(StateDictMismatchException.class, () -> opt.loadStateDict(bad));
        assertEquals("Adam state does not fit (strict load): mis-shaped 1 (state.0.exp_avg [6] vs expected [2, 3]); "
                + "missing 1 (state.0.exp_avg_sq); unexpected 1 (state.7.exp_avg)", e.getMessage());

        Map<String, Tensor> fractional = Map.of("state.1.step", Tensor.scalar(2.5f), "state.1.exp_avg", Tensor.zeros(5),
                "state.1.exp_avg_sq", Tensor.zeros(5));
        var f = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(fractional));
        assertEquals("Adam state: state.1.step is 2.5, not a step count", f.getMessage());

        Sgd plain = new Sgd(params(), Sgd.Options.of(0.1));
        var g = assertThrows(StateDictMismatchException.class, () -> plain.loadStateDict(Map.of("state.0.momentum_buffer", Tensor.zeros(2, 3))));
        assertEquals(List.of("state.0.momentum_buffer"), g.unexpected(), "no momentum, so no buffer expected");
    }

    @Test
    void loadingAnEmptyStateResetsIt() {
        Adam opt = new Adam(params(), Adam.Options.adam());
        run(opt, 0, 2);
        opt.loadStateDict(Map.of());
        assertEquals(Map.of(), opt.stateDict());
        assertEquals(0, opt.stepCount(0));
    }

    @Test
    void zeroGradClearsAndSkippedParametersStayPut() {
        Optimizer opt = new Adam(params(), Adam.Options.adam());
        List<Variable> ps = opt.parameters();
        ps.get(0).setGrad(Tensor.ones(2, 3));
        ps.get(1).setGrad(Tensor.ones(5));
        opt.zeroGrad();
        assertNull(ps.get(0).grad());
        assertNull(ps.get(1).grad());
        opt.step();
        assertArrayEquals(P0, ps.get(0).value().data());
        assertArrayEquals(P1, ps.get(1).value().data());
        assertEquals(Map.of(), opt.stateDict(), "no state for parameters never stepped");
    }

    @Test
    void sizeOneAndOddSizedParameters() {
        // 1 element and 37 (not a multiple of any vector width): the same rule per element
        for (int n : new int[] {1, 37}) {
            Variable p = Variable.parameter(Tensor.full(1f, n));
            Sgd opt = new Sgd(List.of(p), Sgd.Options.of(0.5).withMomentum(0.5));
            p.setGrad(Tensor.full(2f, n));
            opt.step(); // b = 2, p = 1 - 0.5 * 2 = 0
            p.setGrad(Tensor.full(2f, n));
            opt.step(); // b = 0.5 * 2 + 2 = 3, p = 0 - 0.5 * 3 = -1.5
            for (float v : p.value().data()) assertEquals(-1.5f, v);
        }
    }

    @Test
    void badOptionsAndParameters() {
        var nesterov = assertThrows(IllegalArgumentException.class, () -> Sgd.Options.of(0.1).withNesterov(true));
        assertEquals("SGD: Nesterov momentum needs momentum > 0 and dampening 0, got momentum 0.0, dampening 0.0", nesterov.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sgd.Options.of(-1));
        var beta = assertThrows(IllegalArgumentException.class, () -> Adam.Options.adam().withBetas(0.9, 1.0));
        assertEquals("Adam: invalid beta2 1.0, must be in [0, 1)", beta.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Adam.Options.adam().withEps(-1e-8));

        var empty = assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(), Sgd.Options.of(0.1)));
        assertEquals("SGD: empty parameter list", empty.getMessage());
        Variable p = Variable.parameter(Tensor.ones(2)).named("w");
        var twice = assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(p, p), Sgd.Options.of(0.1)));
        assertTrue(twice.getMessage().startsWith("SGD: parameter 1 (Variable('w' [2]"), twice.getMessage());
        assertTrue(twice.getMessage().endsWith("appears twice"), twice.getMessage());
        Variable derived = Through.apply(p);
        var nonLeaf = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(derived), Adam.Options.adam()));
        assertTrue(nonLeaf.getMessage().endsWith("is not a leaf; only leaves can be optimized"), nonLeaf.getMessage());

        Sgd opt = new Sgd(List.of(p), Sgd.Options.of(0.1));
        assertThrows(IllegalArgumentException.class, () -> opt.setLearningRate(Double.NaN));
    }

    /** y = x: a tiny op to make a non-leaf variable. */
    static final class Through extends Op {
        static Variable apply(Variable x) {
            return Graph.record(new Through(), x.value().copy(), x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g};
        }
    }
}
