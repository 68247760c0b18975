package mgdaunet.tensor;

/**
 * The mask of inverted dropout: each element is 0 with probability p, else {@code 1 / (1 - p)}, so
 * that {@code x * mask} keeps the expected value of x.
 *
 * <p>Counter-based: element i's uniform number is a hash of (seed, i) (the SplitMix64 finalizer), so
 * the mask depends only on the seed and the element's index, never on how the work is split over
 * threads, and chunks fill in parallel without sharing a generator.
 */
public final class DropoutMask {
    private DropoutMask() {}

    /** Fills {@code out} with a dropout mask for drop probability {@code p} in [0, 1). */
    public static Tensor fill(long seed, float p, Tensor out) {
        if (!(p >= 0f && p < 1f)) throw new IllegalArgumentException("dropout: probability must be in [0, 1), got " + p);
        float keep = 1f / (1f - p);
        float[] o = out.data();
        // Compare 24-bit uniforms with p scaled to 2^24: exact for every float p.
        long threshold = (long) Math.ceil(p * (double) (1 << 24));
        Parallel.forRange(o.length, Elementwise.GRAIN, (s, e) -> {
            for (int i = s; i < e; i++) o[i] = (mix(seed + i * 0x9E3779B97F4A7C15L) >>> 40) >= threshold ? keep : 0f;
        });
        return out;
    }

    /** SplitMix64's finalizer: a bijective 64-bit mix whose output bits look independent. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
