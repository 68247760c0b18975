package mgdaunet.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mgdaunet.app.UserInputException;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {
    /** An odd number of scenes, so that the last batch is partial. */
    static final SceneSet SET = M2nistScenes.generate(DigitSources.embedded().test(), 103, 1);
    static final List<Task> ALL = List.of(Task.SEG, Task.LEFT, Task.RIGHT, Task.COUNT);
    static final int PX = 64 * 84;

    private static List<Batch> drain(BatchLoader.Epoch e) {
        List<Batch> out = new ArrayList<>();
        while (e.hasNext()) out.add(e.next());
        return out;
    }

    @Test
    void everySceneOncePerEpochInASeededOrder() {
        try (BatchLoader loader = new BatchLoader(SET, ALL, BatchLoader.Options.training(25, 7))) {
            assertEquals(5, loader.batchesPerEpoch());
            List<Batch> batches = drain(loader.epoch(0));
            assertEquals(5, batches.size());
            assertEquals(3, batches.get(4).size(), "103 = 4 x 25 + 3");
            int[] seen = new int[SET.size()];
            List<Integer> order = new ArrayList<>();
            for (Batch b : batches) for (int s : b.scenes()) {
                seen[s]++;
                order.add(s);
            }
            for (int c : seen) assertEquals(1, c);
            assertArrayEquals(loader.order(0), order.stream().mapToInt(Integer::intValue).toArray());
            assertFalse(Arrays.equals(loader.order(0), loader.order(1)), "a new order each epoch");
            int[] identity = new int[SET.size()];
            Arrays.setAll(identity, i -> i);
            assertFalse(Arrays.equals(identity, loader.order(0)), "shuffled");
        }
        try (BatchLoader again = new BatchLoader(SET, ALL, BatchLoader.Options.training(10, 7))) {
            try (BatchLoader first = new BatchLoader(SET, ALL, BatchLoader.Options.training(25, 7))) {
                assertArrayEquals(first.order(3), again.order(3), "the order depends on (seed, epoch) only");
            }
        }
    }

    @Test
    void batchesHoldTheScaledImagesAndTheTargetsOfTheirScenes() {
        try (BatchLoader loader = new BatchLoader(SET, ALL, BatchLoader.Options.training(25, 3))) {
            for (Batch b : drain(loader.epoch(2))) {
                assertArrayEquals(new int[] {b.size(), 1, 64, 84}, b.images().shape());
                for (int j = 0; j < b.size(); j++) {
                    int s = b.scenes()[j];
                    assertArrayEquals(Arrays.copyOfRange(SET.images(), s * PX, (s + 1) * PX), Arrays.copyOfRange(b.images().data(), j * PX, (j + 1) * PX));
                    int[] seg = Arrays.copyOfRange(b.target(Task.SEG), j * PX, (j + 1) * PX);
                    for (int p = 0; p < PX; p++) assertEquals(SET.masks()[s * PX + p], seg[p]);
                    assertEquals(SET.labels(Task.LEFT)[s], b.target(Task.LEFT)[j]);
                    assertEquals(SET.labels(Task.RIGHT)[s], b.target(Task.RIGHT)[j]);
                    assertEquals(SET.labels(Task.COUNT)[s], b.target(Task.COUNT)[j]);
                }
            }
        }
    }

    @Test
    void prefetchedBatchesEqualBatchesBuiltInline() {
        try (BatchLoader loader = new BatchLoader(SET, ALL, BatchLoader.Options.training(16, 5).withShift(2))) {
            List<Batch> background = drain(loader.epoch(4));
            for (Batch b : background) {
                Batch inline = loader.batch(4, b.index());
                assertArrayEquals(inline.scenes(), b.scenes());
                assertArrayEquals(inline.images().data(), b.images().data());
                assertArrayEquals(inline.target(Task.SEG), b.target(Task.SEG));
            }
        }
    }

    @Test
    void aResumedEpochGivesTheSameRemainingBatches() {
        try (BatchLoader a = new BatchLoader(SET, ALL, BatchLoader.Options.training(10, 11).withShift(3));
             BatchLoader b = new BatchLoader(SET, ALL, BatchLoader.Options.training(10, 11).withShift(3))) {
            List<Batch> full = drain(a.epoch(6));
            BatchLoader.Epoch resumed = b.epoch(6, 4);
            assertEquals(4, resumed.nextIndex());
            List<Batch> rest = drain(resumed);
            assertEquals(full.size() - 4, rest.size());
            for (int i = 0; i < rest.size(); i++) {
                assertEquals(full.get(i + 4).index(), rest.get(i).index());
                assertArrayEquals(full.get(i + 4).scenes(), rest.get(i).scenes());
                assertArrayEquals(full.get(i + 4).images().data(), rest.get(i).images().data());
                assertArrayEquals(full.get(i + 4).target(Task.SEG), rest.get(i).target(Task.SEG));
            }
        }
    }

    @Test
    void shiftsMoveImageAndMaskTogetherWithinTheRange() {
        int max = 3;
        int shifted = 0;
        int[][] shiftOf = new int[SET.size()][];
        try (BatchLoader loader = new BatchLoader(SET, ALL, BatchLoader.Options.training(25, 9).withShift(max))) {
            for (Batch b : drain(loader.epoch(1))) {
                for (int j = 0; j < b.size(); j++) {
                    int s = b.scenes()[j];
                    int[] found = findShift(b, j, s, max);
                    assertTrue(found != null, "scene " + s + " is its original moved by at most " + max + " pixels, mask with it");
                    if (found[0] != 0 || found[1] != 0) shifted++;
                    shiftOf[s] = found;
                    assertEquals(SET.labels(Task.LEFT)[s], b.target(Task.LEFT)[j], "labels do not move");
                }
            }
        }
        assertTrue(shifted > SET.size() / 2, shifted + " of " + SET.size() + " images moved");
        // the shift is a function of (seed, epoch, scene): another batch size gives the same images
        try (BatchLoader other = new BatchLoader(SET, ALL, BatchLoader.Options.training(7, 9).withShift(max))) {
            for (Batch b : drain(other.epoch(1))) {
                for (int j = 0; j < b.size(); j++) assertArrayEquals(shiftOf[b.scenes()[j]], findShift(b, j, b.scenes()[j], max));
            }
        }
    }

    /** The (dx, dy) for which image j of the batch equals scene s moved by it (blank where uncovered), mask included; null if none. */
    private static int[] findShift(Batch b, int j, int s, int max) {
        float[] img = b.images().data();
        int[] seg = b.target(Task.SEG);
        for (int dy = -max; dy <= max; dy++) {
            next:
            for (int dx = -max; dx <= max; dx++) {
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 84; x++) {
                        int sy = y - dy, sx = x - dx;
                        boolean inside = sy >= 0 && sy < 64 && sx >= 0 && sx < 84;
                        float v = inside ? SET.images()[s * PX + sy * 84 + sx] : 0f;
                        int m = inside ? SET.masks()[s * PX + sy * 84 + sx] : SceneSet.BACKGROUND;
                        if (img[j * PX + y * 84 + x] != v || seg[j * PX + y * 84 + x] != m) continue next;
                    }
                }
                return new int[] {dx, dy};
            }
        }
        return null;
    }

    @Test
    void evaluationKeepsTheSetsOrderAndNoShift() {
        try (BatchLoader loader = new BatchLoader(SET, List.of(Task.LEFT), BatchLoader.Options.evaluation(40))) {
            List<Batch> batches = drain(loader.epoch(0));
            assertEquals(3, batches.size());
            assertEquals(0, batches.get(0).scenes()[0]);
            assertEquals(102, batches.get(2).scenes()[22]);
            assertArrayEquals(Arrays.copyOfRange(SET.images(), 40 * PX, 80 * PX), batches.get(1).images().data());
            assertThrows(IllegalArgumentException.class, () -> batches.get(0).target(Task.SEG), "seg was not asked for");
        }
    }

    @Test
    void batchSizesOfOneMoreThanTheSetAndDropLast() {
        try (BatchLoader one = new BatchLoader(SET, ALL, BatchLoader.Options.training(1, 1));
             BatchLoader big = new BatchLoader(SET, ALL, BatchLoader.Options.training(500, 1));
             BatchLoader drop = new BatchLoader(SET, ALL, BatchLoader.Options.training(25, 1).withDropLast(true))) {
            assertEquals(103, drain(one.epoch(0)).size());
            List<Batch> all = drain(big.epoch(0));
            assertEquals(1, all.size());
            assertEquals(103, all.get(0).size());
            List<Batch> dropped = drain(drop.epoch(0));
            assertEquals(4, dropped.size());
            for (Batch b : dropped) assertEquals(25, b.size());
        }
        assertThrows(IllegalArgumentException.class, () -> BatchLoader.Options.training(0, 1));
        assertThrows(IllegalArgumentException.class, () -> BatchLoader.Options.training(5, 1).withShift(-1));
    }

    @Test
    void aTaskTheSetLacksIsRefusedByName() {
        SceneSet mm = MultiMnistScenes.generate(DigitSources.embedded().test(), 10, 1);
        UserInputException e = assertThrows(UserInputException.class, () -> new BatchLoader(mm, List.of(Task.COUNT), BatchLoader.Options.evaluation(4)));
        assertTrue(e.getMessage().startsWith("task 'count' is not offered by multimnist"), e.getMessage());
    }

    @Test
    void closingStopsTheBackgroundThread() throws InterruptedException {
        BatchLoader loader = new BatchLoader(SET, ALL, BatchLoader.Options.training(5, 1));
        BatchLoader.Epoch e = loader.epoch(0);
        e.next();
        assertTrue(batchThreads() > 0);
        e.close();
        assertFalse(e.hasNext());
        loader.close();
        for (int i = 0; i < 100 && batchThreads() > 0; i++) Thread.sleep(10);
        assertEquals(0, batchThreads(), "no batch thread left running");
    }

    private static long batchThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("mgda-unet-batches") && t.isAlive()).count();
    }
}
