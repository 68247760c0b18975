package mgdaunet.app.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import mgdaunet.app.UserInputException;
import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Variable;
import mgdaunet.mgda.MultiTaskModel;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ModelsTest {
    static TrainConfig config(List<Integer> widths, List<String> tasks, Map<String, Integer> classes, int h, int w, List<Integer> grid) {
        return new TrainConfig(TrainConfig.VERSION, new TrainConfig.Data(null, "m2nist", 10, 10, false, 0), tasks,
                new TrainConfig.Model(h, w, "nearest", widths, widths.getLast(), true, 32, grid, classes),
                new TrainConfig.Strategy("mgda-ub", "none", "scaled"), new TrainConfig.Optimizer("adam", 1e-3, 0, 0, 0), "constant", 1, 25, 50, 1, 2, "mean");
    }

    @Test
    void theDefaultNetworkIsTheSeedUNetWithASegmentationHeadAndTwoGridHeads() {
        TrainConfig c = config(List.of(16, 32, 48, 64), List.of("seg", "left", "right"), Map.of("seg", 11, "left", 10, "right", 10), 64, 84, List.of(4, 6));
        MultiTaskModel m = Models.build(c);
        // the seed U-Net (412,747 with its 1x1 head) plus two digit heads: conv 16->32 (4,640), linear 32*4*6->10 (7,690)
        assertEquals(412_747 + 2 * (16 * 32 * 9 + 32 + 32 * 24 * 10 + 10), m.parameterCount());
        assertEquals(List.of("seg", "left", "right"), m.taskNames());
        try (Graph.NoGrad ignored = Graph.noGrad()) {
            m.eval();
            Map<String, Variable> out = m.forwardAll(Variable.constant(Tensor.zeros(2, 1, 64, 84)));
            assertArrayEquals(new int[] {2, 11, 64, 84}, out.get("seg").shape());
            assertArrayEquals(new int[] {2, 10}, out.get("left").shape());
        }
        MultiTaskModel again = Models.build(c);
        m.stateDict().forEach((k, v) -> assertTrue(v.equals(again.stateDict().get(k)), "the seed fixes the initial weights: " + k));
    }

    @Test
    void theDigitGridDividesTheHalfSizeMap() {
        assertEquals(List.of(4, 6), Models.defaultGrid(64, 84), "32 x 42");
        assertEquals(List.of(2, 2), Models.defaultGrid(28, 28), "14 x 14 (MultiMNIST)");
        assertEquals(List.of(1, 1), Models.defaultGrid(1, 1));
        assertEquals(List.of(3, 5), Models.defaultGrid(17, 19), "9 x 10: the odd sizes round up");
        Models.checkGrid(List.of(8, 7), 64, 84);
        var e = assertThrows(UserInputException.class, () -> Models.checkGrid(List.of(5, 6), 64, 84));
        assertTrue(e.getMessage().startsWith("--head-grid 5x6 does not divide the 32 x 42 map"), e.getMessage());
    }
}
