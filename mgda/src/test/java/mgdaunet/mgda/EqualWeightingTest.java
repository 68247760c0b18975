package mgdaunet.mgda;

import static mgdaunet.mgda.TinyMultiTask.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import mgdaunet.autograd.Variable;
import org.junit.jupiter.api.Test;

class EqualWeightingTest {
    @Test
    void gradientsAreThoseOfTheMeanLoss() {
        MultiTaskModel m = model(51, 3), ref = model(51, 3);
        Variable x = input(52);
        Map<String, int[]> y = targets(53);
        StepResult r = new EqualWeighting().step(m, x, y);
        MgdaUbTest.backwardWeightedSum(ref, x, y, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0});
        assertSameGradients(grads(ref), grads(m), 1e-6);
        assertSameBuffers(buffers(ref), buffers(m));
        r.weights().values().forEach(w -> assertEquals(1 / 3.0, w, 1e-15));
        assertEquals(3, r.losses().size());
        assertNull(r.diagnostics());
        assertTrue(r.losses().values().stream().allMatch(l -> l > 0 && Double.isFinite(l)));
    }
}
