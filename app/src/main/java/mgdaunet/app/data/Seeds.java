package mgdaunet.app.data;

/**
 * Derives independent random streams from one user seed: the stream of scene k, of epoch e's
 * shuffle, of an augmentation shift. Each stream depends only on (seed, its parts), never on how
 * many numbers another stream drew or on which thread runs it, so results are reproducible in
 * parallel and after a resume.
 */
final class Seeds {
    private Seeds() {}

    /** A well-mixed 64-bit seed from {@code seed} and {@code parts} (SplitMix64's finalizer, applied per part). */
    static long derive(long seed, long... parts) {
        long h = mix(seed + 0x9E3779B97F4A7C15L);
        for (long p : parts) h = mix(h ^ mix(p + 0x632BE59BD9B4E019L));
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
