package mgdaunet.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import mgdaunet.tensor.Parallel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class M2nistScenesTest {
    static DigitSource mnist;
    static SceneSet scenes;
    static M2nistScenes.Plan[] plans;
    static final int N = 5000;
    static final long SEED = 2024;

    @BeforeAll
    static void generate() {
        mnist = DigitSources.embedded();
        scenes = M2nistScenes.generate(mnist.train(), N, SEED);
        plans = M2nistScenes.plan(mnist.train(), N, SEED);
    }

    @Test
    void shapeAndTasks() {
        assertEquals(N, scenes.size());
        assertEquals(64, scenes.height());
        assertEquals(84, scenes.width());
        assertEquals(java.util.EnumSet.allOf(Task.class), scenes.tasks());
        assertEquals(11, scenes.classes(Task.SEG));
        assertEquals(4, scenes.classes(Task.COUNT), "counts 2 and 3 need classes 0-3");
    }

    @Test
    void twoDigitsInAboutNinetyFivePercentThreeInTheRest() {
        int three = 0;
        for (int k = 0; k < N; k++) {
            int c = scenes.labels(Task.COUNT)[k];
            assertTrue(c == 2 || c == 3, "scene " + k + " has " + c + " digits");
            assertEquals(plans[k].digits(), c);
            if (c == 3) three++;
        }
        double share = three / (double) N;
        // 5% expected; 4 standard deviations of a binomial share over 5,000 scenes is 1.2%
        assertTrue(Math.abs(share - M2nistScenes.THREE_DIGIT_SHARE) < 0.012, "three-digit share " + share);
    }

    @Test
    void digitsArePlacedWhereTheStatisticsSay() {
        boolean[][] xSeen = new boolean[3][10];
        boolean[] ySeen = new boolean[37];
        int[] inkRight = M2nistScenes.lastInkedColumns(mnist.train());
        for (M2nistScenes.Plan p : plans) {
            for (int i = 0; i < p.digits(); i++) {
                assertTrue(p.x()[i] >= 28 * i && p.x()[i] <= 28 * i + 9, "digit " + i + " at x " + p.x()[i]);
                assertTrue(p.y()[i] >= 0 && p.y()[i] <= 36, "y " + p.y()[i]);
                assertTrue(p.x()[i] + inkRight[p.digit()[i]] < 84, "no ink cut off at the right edge");
                xSeen[i][p.x()[i] - 28 * i] = true;
                ySeen[p.y()[i]] = true;
            }
        }
        for (int i = 0; i < 2; i++) for (int dx = 0; dx < 10; dx++) assertTrue(xSeen[i][dx], "digit " + i + " never at x = " + (28 * i + dx));
        for (int y = 0; y <= 36; y++) assertTrue(ySeen[y], "no digit at y = " + y);
    }

    @Test
    void imageIsTheMaximumAndEachInkedPixelHasItsBrightestDigitsClass() {
        // an independent, per-pixel drawing of the first 300 plans
        DigitSet d = mnist.train();
        int px = 64 * 84;
        for (int k = 0; k < 300; k++) {
            M2nistScenes.Plan p = plans[k];
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 84; x++) {
                    int best = 0, label = SceneSet.BACKGROUND;
                    for (int i = 0; i < p.digits(); i++) {
                        int r = y - p.y()[i], c = x - p.x()[i];
                        if (r < 0 || r >= 28 || c < 0 || c >= 28) continue;
                        int g = d.pixel(p.digit()[i], r, c);
                        if (g > best) {
                            best = g;
                            label = d.labels()[p.digit()[i]];
                        }
                    }
                    int at = k * px + y * 84 + x;
                    if (scenes.images()[at] != best / 255f || scenes.masks()[at] != label) {
                        fail("scene " + k + " (" + y + ", " + x + "): image " + scenes.images()[at] + " class " + scenes.masks()[at] + ", expected " + best / 255f + " class " + label);
                    }
                }
            }
            assertEquals(d.labels()[p.digit()[0]], scenes.labels(Task.LEFT)[k]);
            assertEquals(d.labels()[p.digit()[p.digits() - 1]], scenes.labels(Task.RIGHT)[k]);
        }
    }

    @Test
    void everyInkedPixelHasADigitClassAndEveryBlankOneIsBackground() {
        long background = 0;
        for (int i = 0; i < scenes.masks().length; i++) {
            boolean inked = scenes.images()[i] > 0;
            int m = scenes.masks()[i];
            if (inked != (m != SceneSet.BACKGROUND) || m < 0 || m > 10) fail("pixel " + i + ": grey " + scenes.images()[i] + ", class " + m);
            if (!inked) background++;
        }
        double share = background / (double) scenes.masks().length;
        // the seed's M2NIST sample: 94.58% background
        assertTrue(share > 0.935 && share < 0.955, "background share " + share);
    }

    @Test
    void imagesAreScaledOnceIntoTheUnitInterval() {
        float max = 0;
        for (float v : scenes.images()) {
            if (!(v >= 0 && v <= 1)) fail("grey " + v);
            max = Math.max(max, v);
        }
        assertEquals(1f, max, "MNIST strokes reach 255, that is 1.0");
    }

    @Test
    void targetsDerivedFromTheMaskAgreeWithTheTruth() {
        MaskTargets.Derived d = MaskTargets.derive(scenes.masks(), N, 64, 84, "generated");
        int left = 0, right = 0, count = 0;
        for (int k = 0; k < N; k++) {
            if (d.left()[k] == scenes.labels(Task.LEFT)[k]) left++;
            if (d.right()[k] == scenes.labels(Task.RIGHT)[k]) right++;
            if (d.count()[k] == scenes.labels(Task.COUNT)[k]) count++;
        }
        assertTrue(left >= N * 0.999, left + " left labels agree");
        assertTrue(right >= N * 0.999, right + " right labels agree");
        assertTrue(count >= N * 0.995, count + " counts agree");
    }

    @Test
    void deterministicForASeedWhateverTheThreadCount() {
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            SceneSet one = M2nistScenes.generate(mnist.train(), 500, SEED);
            Parallel.setThreads(2);
            SceneSet two = M2nistScenes.generate(mnist.train(), 500, SEED);
            assertArrayEquals(one.images(), two.images());
            assertArrayEquals(one.masks(), two.masks());
            assertArrayEquals(Arrays.copyOf(scenes.images(), 500 * 64 * 84), one.images(), "the first 500 of 5000 are the same 500");
            SceneSet other = M2nistScenes.generate(mnist.train(), 500, SEED + 1);
            assertFalse(Arrays.equals(one.images(), other.images()));
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void zeroAndOneScenes() {
        assertEquals(0, M2nistScenes.generate(mnist.train(), 0, 1).size());
        SceneSet one = M2nistScenes.generate(mnist.train(), 1, 1);
        assertEquals(1, one.size());
        assertEquals(64 * 84, one.masks().length);
    }
}
