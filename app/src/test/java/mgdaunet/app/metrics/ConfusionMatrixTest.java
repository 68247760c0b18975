package mgdaunet.app.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
    @Test
    void countsPairsWithTruthAsRowsAndPredictionAsColumns() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        m.add(new int[] {0, 0, 1, 1, 2}, new int[] {0, 1, 1, 1, 0});
        assertArrayEquals(new long[][] {{1, 1, 0}, {0, 2, 0}, {1, 0, 0}}, m.toArray());
        assertEquals(5, m.total());
        assertEquals(3, m.correct());
        assertEquals(2, m.truthCount(0));
        assertEquals(3, m.predictedCount(1));
        assertEquals(0, m.predictedCount(2));
    }

    @Test
    void batchesAddUpToTheWholeSet() {
        int[] truth = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5};
        int[] pred = {3, 1, 4, 2, 5, 8, 2, 6, 4, 3, 0};
        ConfusionMatrix whole = new ConfusionMatrix(10);
        whole.add(truth, pred);
        ConfusionMatrix batched = new ConfusionMatrix(10);
        batched.add(truth, 0, pred, 0, 4);
        batched.add(truth, 4, pred, 4, 0); // an empty batch changes nothing
        batched.add(truth, 4, pred, 4, 7);
        assertEquals(whole, batched);
        ConfusionMatrix merged = new ConfusionMatrix(10);
        merged.addAll(batched);
        assertEquals(whole, merged);
        for (int i = 0; i < truth.length; i++) merged.add(truth[i], pred[i]);
        assertEquals(2 * whole.total(), merged.total());
    }

    @Test
    void emptyAndSingleClassMatrices() {
        ConfusionMatrix empty = new ConfusionMatrix(4);
        empty.add(new int[0], new int[0]);
        assertEquals(0, empty.total());
        ConfusionMatrix one = new ConfusionMatrix(1);
        one.add(new int[] {0, 0}, new int[] {0, 0});
        assertEquals(2, one.correct());
    }

    @Test
    void rejectsLabelsOutOfRangeWithTheirIndex() {
        ConfusionMatrix m = new ConfusionMatrix(11);
        var e = assertThrows(IllegalArgumentException.class, () -> m.add(new int[] {0, 11}, new int[] {0, 0}));
        assertTrue(e.getMessage().contains("index 1") && e.getMessage().contains("target 11"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.add(new int[] {0}, new int[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> m.add(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> m.add(new int[2], new int[3]));
        assertThrows(IllegalArgumentException.class, () -> m.addAll(new ConfusionMatrix(10)));
        assertEquals(0, m.total(), "a rejected batch counts nothing, not even its valid prefix");
    }

    @Test
    void roundTripsThroughArrays() {
        long[][] counts = {{5, 1}, {0, 7}};
        ConfusionMatrix m = ConfusionMatrix.of(counts);
        assertArrayEquals(counts, m.toArray());
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new long[][] {{1, 2}, {3}}));
    }
}
