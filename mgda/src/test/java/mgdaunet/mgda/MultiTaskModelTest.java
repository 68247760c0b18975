package mgdaunet.mgda;

import static mgdaunet.mgda.TinyMultiTask.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.heads.SegmentationHead;
import mgdaunet.nn.layers.Identity;
import mgdaunet.nn.loss.CrossEntropyLoss;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MultiTaskModelTest {
    @Test
    void parametersAreNamedTrunkAndHeadsByTask() {
        MultiTaskModel m = model(1, 3);
        List<String> keys = List.copyOf(m.stateDict().keySet());
        assertEquals("trunk.0.weight", keys.getFirst());
        assertTrue(keys.contains("trunk.1.running_mean"));
        assertTrue(keys.containsAll(List.of("heads.seg.conv.weight", "heads.left.conv.weight", "heads.left.fc.bias",
                "heads.right.fc.weight")), keys.toString());
        assertEquals(keys.indexOf("heads.seg.conv.weight") + 2, keys.indexOf("heads.left.conv.weight"), "heads in task order");
        long trunk = m.trunk().parameterCount(), heads = m.tasks().stream().mapToLong(t -> t.head().parameterCount()).sum();
        assertEquals(trunk + heads, m.parameterCount());
        assertEquals(List.of("seg", "left", "right"), m.taskNames());
        assertSame(m.tasks().get(1), m.task("left"));
    }

    @Test
    void forwardAllRunsTheTrunkOnceAndEveryHead() {
        MultiTaskModel m = model(2, 3);
        m.eval();
        Map<String, Variable> out;
        try (var g = Graph.noGrad()) {
            out = m.forwardAll(input(3));
        }
        assertEquals(List.of("seg", "left", "right"), List.copyOf(out.keySet()));
        assertArrayEquals(new int[] {N, 3, H, W}, out.get("seg").shape());
        assertArrayEquals(new int[] {N, 5}, out.get("left").shape());
        assertFalse(out.get("left").requiresGrad(), "no graph under noGrad");
        assertEquals(0f, m.stateDict().get("trunk.1.num_batches_tracked").item(), "evaluation mode moved no statistics");
        // forward() is the trunk's output Z (after running the heads, for summaries).
        try (var g = Graph.noGrad()) {
            assertArrayEquals(new int[] {N, Z_CHANNELS, H, W}, m.forward(input(3)).shape());
        }
    }

    @Test
    void badTasksAreRefused() {
        CrossEntropyLoss ce = new CrossEntropyLoss();
        SegmentationHead h = new SegmentationHead(2, 3, Tensor.rng(1));
        var dup = assertThrows(IllegalArgumentException.class,
                () -> new MultiTaskModel(new Identity(), List.of(new Task("a", h, ce::forward), new Task("a", h, ce::forward))));
        assertTrue(dup.getMessage().contains("'a' appears twice"), dup.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MultiTaskModel(new Identity(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Task("a.b", h, ce::forward));
        assertThrows(IllegalArgumentException.class, () -> new Task("", h, ce::forward));
        var unknown = assertThrows(IllegalArgumentException.class, () -> model(1, 3).task("middle"));
        assertTrue(unknown.getMessage().contains("unknown task 'middle' (tasks: seg, left, right)"), unknown.getMessage());
    }
}
