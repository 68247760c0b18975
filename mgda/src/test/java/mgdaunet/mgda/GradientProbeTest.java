package mgdaunet.mgda;

import static mgdaunet.mgda.TinyMultiTask.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import mgdaunet.autograd.Variable;
import mgdaunet.mgda.solver.GradientNormalization;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GradientProbeTest {
    @Test
    void measuresWhatAStepSeesAndLeavesGradientsAndBuffersAlone() {
        MultiTaskModel probed = model(61, 3), stepped = model(61, 3);
        Variable x = input(62);
        Map<String, int[]> y = targets(63);
        probed.parameters().forEach(p -> p.setGrad(Tensor.full(0.25f, p.shape())));
        Map<String, Tensor> gradsBefore = grads(probed), buffersBefore = buffers(probed);

        Diagnostics d = GradientProbe.measure(probed, x, y);

        assertSameGradients(gradsBefore, grads(probed), 0);
        assertSameBuffers(buffersBefore, buffers(probed));
        Diagnostics ref = new MgdaUb(GradientNormalization.NONE).step(stepped, x, y).diagnostics();
        assertEquals(ref.gradNormAtZ(), d.gradNormAtZ());
        for (int i = 0; i < 3; i++) assertArrayEquals(ref.cosines()[i], d.cosines()[i], 0);
        assertTrue(Double.isNaN(d.minNorm()));
        for (int i = 0; i < 3; i++) assertEquals(1.0, d.cosines()[i][i], 1e-12);
    }
}
