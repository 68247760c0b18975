package mgdaunet.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import mgdaunet.app.UserInputException;
import org.junit.jupiter.api.Test;

class MultiMnistScenesTest {
    private static final DigitSet DIGITS = DigitSources.embedded().test();

    @Test
    void twoDigitsOnATwentyEightPixelCanvasWithLeftAndRightTasks() {
        SceneSet s = MultiMnistScenes.generate(DIGITS, 300, 5);
        assertEquals(28, s.height());
        assertEquals(28, s.width());
        assertEquals(EnumSet.of(Task.SEG, Task.LEFT, Task.RIGHT), s.tasks());
        UserInputException e = assertThrows(UserInputException.class, () -> s.require(List.of(Task.LEFT, Task.COUNT)));
        assertTrue(e.getMessage().startsWith("task 'count' is not offered by multimnist"), e.getMessage());
        assertTrue(e.getMessage().contains("it offers seg, left, right"), e.getMessage());
        for (int i = 0; i < s.masks().length; i++) assertEquals(s.images()[i] > 0, s.masks()[i] != SceneSet.BACKGROUND);
    }

    @Test
    void sceneIsTheMaxOfTopLeftAndBottomRightDigitsResizedByNearestNeighbour() {
        SceneSet s = MultiMnistScenes.generate(DIGITS, 200, 9);
        // Recover each scene's digits: find a pair (a at (0,0), b at (6,6)) that reproduces the image exactly.
        for (int k = 0; k < 20; k++) {
            int[] canvas = new int[36 * 36];
            int found = 0;
            for (int a = 0; a < DIGITS.size() && found == 0; a++) {
                if (DIGITS.labels()[a] != s.labels(Task.LEFT)[k]) continue;
                // the top-left 5 x 5 output pixels come from canvas rows/cols < 6, where only digit a lies
                if (!matchesTopLeft(s, k, a)) continue;
                for (int b = 0; b < DIGITS.size(); b++) {
                    if (b == a || DIGITS.labels()[b] != s.labels(Task.RIGHT)[k]) continue;
                    java.util.Arrays.fill(canvas, 0);
                    for (int r = 0; r < 28; r++) for (int c = 0; c < 28; c++) canvas[r * 36 + c] = DIGITS.pixel(a, r, c);
                    for (int r = 0; r < 28; r++) for (int c = 0; c < 28; c++) canvas[(r + 6) * 36 + c + 6] = Math.max(canvas[(r + 6) * 36 + c + 6], DIGITS.pixel(b, r, c));
                    if (resizedEquals(s, k, canvas)) {
                        found++;
                        break;
                    }
                }
            }
            assertEquals(1, found, "scene " + k + " is a max of two digits at (0,0) and (6,6), resized 36 -> 28 by nearest neighbour");
        }
    }

    private static boolean matchesTopLeft(SceneSet s, int k, int a) {
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 28; c++) {
                int src = (int) Math.floor((r + 0.5) * 36 / 28), srcC = (int) Math.floor((c + 0.5) * 36 / 28);
                if (srcC >= 28) continue;
                if (s.images()[k * 784 + r * 28 + c] != DIGITS.pixel(a, src, srcC) / 255f) return false;
            }
        }
        return true;
    }

    private static boolean resizedEquals(SceneSet s, int k, int[] canvas) {
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                int sr = (int) Math.floor((r + 0.5) * 36 / 28), sc = (int) Math.floor((c + 0.5) * 36 / 28);
                if (s.images()[k * 784 + r * 28 + c] != canvas[sr * 36 + sc] / 255f) return false;
            }
        }
        return true;
    }

    @Test
    void eachDigitLeadsOnceBeforeAnyLeadsTwice() {
        SceneSet s = MultiMnistScenes.generate(DIGITS, DIGITS.size(), 3);
        int[] expected = new int[10], actual = new int[10];
        for (int l : DIGITS.labels()) expected[l]++;
        for (int l : s.labels(Task.LEFT)) actual[l]++;
        assertArrayEquals(expected, actual, "left labels of one pass are the pool's labels, each digit once");
    }

    @Test
    void deterministicForASeed() {
        SceneSet a = MultiMnistScenes.generate(DIGITS, 100, 77), b = MultiMnistScenes.generate(DIGITS, 100, 77);
        assertArrayEquals(a.images(), b.images());
        assertArrayEquals(a.masks(), b.masks());
        assertArrayEquals(a.labels(Task.RIGHT), b.labels(Task.RIGHT));
    }
}
