package mgdaunet.tensor;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Recycled float arrays for gradients. A training step's backward pass makes a full-size gradient
 * per activation and drops it a few ops later; allocating each anew costs the JVM a zero-fill of
 * megabytes and the collector a region, step after step. The graph gives such arrays back here once
 * nothing can read them (see {@code Graph.backward}); kernels that overwrite every element take them
 * through {@link Tensor#scratch}.
 *
 * <p>Arrays are matched by exact length (a network asks for the same few sizes every step). The pool
 * holds at most {@code -Dmgdaunet.bufferPoolMB} megabytes (default 256; 0 turns recycling off).
 * {@code -Dmgdaunet.poisonBuffers=true} fills every recycled array with NaN before handing it out,
 * so a kernel that leaves part of a scratch tensor unwritten fails its tests (the test suite sets it).
 */
public final class Buffers {
    private Buffers() {}

    private static final long CAPACITY = Long.getLong("mgdaunet.bufferPoolMB", 256) << 20;
    private static final boolean POISON = Boolean.getBoolean("mgdaunet.poisonBuffers");
    // Arrays shorter than this are cheap to allocate: not worth a map look-up.
    private static final int MIN_LENGTH = 4096;

    private static final Map<Integer, ArrayDeque<float[]>> FREE = new HashMap<>();
    private static long pooledBytes, hits, misses;

    /** An array of {@code length} floats with undefined contents: the caller must write every element. */
    public static float[] take(int length) {
        float[] a = reuse(length);
        if (a == null) return new float[length];
        if (POISON) Arrays.fill(a, Float.NaN);
        return a;
    }

    /** An array of {@code length} zeros (a recycled one is cleared; a new one is zero already). */
    public static float[] takeZeroed(int length) {
        float[] a = reuse(length);
        if (a == null) return new float[length];
        Arrays.fill(a, 0f);
        return a;
    }

    private static float[] reuse(int length) {
        if (length < MIN_LENGTH) return null;
        synchronized (FREE) {
            ArrayDeque<float[]> q = FREE.get(length);
            if (q == null || q.isEmpty()) {
                misses++;
                return null;
            }
            hits++;
            pooledBytes -= 4L * length;
            return q.pop();
        }
    }

    /** Requests served from the pool and requests that allocated, so far (arrays of pool size only). */
    public static String stats() {
        synchronized (FREE) {
            return hits + " reused, " + misses + " allocated, " + (pooledBytes >> 20) + " MB pooled";
        }
    }

    /** Hands an array back; the caller and everyone else must never touch it again. */
    public static void give(float[] a) {
        if (a.length < MIN_LENGTH) return;
        synchronized (FREE) {
            if (pooledBytes + 4L * a.length > CAPACITY) return;
            FREE.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
            pooledBytes += 4L * a.length;
        }
    }

    /** Bytes currently held for reuse. */
    public static long pooledBytes() {
        synchronized (FREE) {
            return pooledBytes;
        }
    }

    /** Drops every pooled array (the collector reclaims them). */
    public static void clear() {
        synchronized (FREE) {
            FREE.clear();
            pooledBytes = 0;
        }
    }
}
