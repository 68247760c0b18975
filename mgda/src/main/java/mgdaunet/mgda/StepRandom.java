package mgdaunet.mgda;

import java.util.SplittableRandom;

/**
 * Random streams for seeded strategies, one per (seed, step): the draws of step k depend on the seed
 * and k only, so a run resumed at step k (its step counter restored) draws what the uninterrupted run
 * would have drawn.
 */
final class StepRandom {
    private StepRandom() {}

    static SplittableRandom forStep(long seed, long step) {
        return new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + step));
    }

    /** A 64-bit finalizer (Stafford's variant 13): neighbouring inputs give unrelated seeds. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A random permutation of 0..n-1 (Fisher-Yates). */
    static int[] permutation(SplittableRandom rng, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }
}
