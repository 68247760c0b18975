package mgdaunet.tensor.spatial;

/**
 * Per-thread scratch buffers of the spatial kernels (padded images, im2col columns, packed weights,
 * partial sums), kept between calls so that a training step does not allocate them again and
 * again. A buffer only grows; its contents are undefined on return, so a kernel writes every cell
 * it later reads.
 *
 * <p>Each kernel uses its buffers in one of two ways: a task takes its own thread's buffers, or
 * the calling thread fills a buffer before a parallel loop and the tasks only read it (or write
 * disjoint parts of it). Different uses take different slots, so the caller's shared buffer and
 * the task buffers it uses while it works alongside the pool never collide.
 */
final class Scratch {
    private Scratch() {}

    // Slots: what each buffer holds.
    static final int PACKED = 0;     // packed weights, shared by the tasks of one call
    static final int PADDED = 1;     // a task's zero-padded input rows (or Winograd quarter planes)
    static final int GRAD = 2;       // a task's gradient rows in the padded layout
    static final int LANE_SUMS = 3;  // a task's per-lane weight-gradient sums
    static final int OUT = 4;        // a task's output before it is cropped into place
    static final int TRANSFORMED = 5; // a task's Winograd-transformed input tiles
    static final int PRODUCTS = 6;   // a task's Winograd products before the output transform
    static final int SLAB = 7;       // images side by side, padded (or their im2col columns), shared
    static final int GRAD_SLAB = 8;  // their gradient on the padded grid (or im2col rows), shared
    private static final int FLOAT_SLOTS = 9;

    static final int OFFSETS = 0;    // reduction-row offsets, shared
    static final int RUNS_G = 1;     // a task's gradient run offsets
    static final int RUNS_X = 2;     // a task's input run offsets
    static final int ROW_RUNS = 3;   // a task's gradient run offsets moved to a block of rows
    static final int TILE_OFFSETS = 4; // a task's reduction-row offsets of one tile
    static final int BLOCK_RUNS = 5; // a task's gradient run offsets of one row block
    private static final int INT_SLOTS = 6;

    static final int PARTIALS = 0;   // per-chunk weight-gradient sums, shared
    static final int TILE_SUMS = 1;  // a task's sums of one weight-gradient tile
    private static final int DOUBLE_SLOTS = 2;

    private static final ThreadLocal<Buffers> LOCAL = ThreadLocal.withInitial(Buffers::new);

    private static final class Buffers {
        final float[][] floats = new float[FLOAT_SLOTS][];
        final int[][] ints = new int[INT_SLOTS][];
        final double[][] doubles = new double[DOUBLE_SLOTS][];
    }

    /** A float buffer of at least {@code size} elements for this thread. */
    static float[] floats(int slot, int size) {
        float[][] f = LOCAL.get().floats;
        float[] b = f[slot];
        if (b == null || b.length < size) f[slot] = b = new float[grown(b == null ? 0 : b.length, size)];
        return b;
    }

    /** An int buffer of at least {@code size} elements for this thread. */
    static int[] ints(int slot, int size) {
        int[][] f = LOCAL.get().ints;
        int[] b = f[slot];
        if (b == null || b.length < size) f[slot] = b = new int[grown(b == null ? 0 : b.length, size)];
        return b;
    }

    /** A double buffer of at least {@code size} elements for this thread. */
    static double[] doubles(int slot, int size) {
        double[][] f = LOCAL.get().doubles;
        double[] b = f[slot];
        if (b == null || b.length < size) f[slot] = b = new double[grown(b == null ? 0 : b.length, size)];
        return b;
    }

    /**
     * A plane stride of at least {@code n} floats that is an odd multiple of 64 bytes. Planes a power
     * of two apart (or a multiple of 4 KiB) map onto the same L1 cache sets, and a kernel that reads
     * or writes a dozen such planes at once then evicts its own data and stalls on false aliasing.
     */
    static int spread(int n) {
        int lines = (n + 15) / 16;
        return 16 * (lines % 2 == 0 ? lines + 1 : lines);
    }

    // Grow by a quarter at least, so that a slowly growing size does not reallocate every call.
    private static int grown(int old, int size) {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(size, old + (long) old / 4));
    }
}
