package mgdaunet.app.data;

import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mgdaunet.tensor.Tensor;

/**
 * Cuts a scene set into batches, epoch after epoch, preparing the next batch on a background thread
 * while the caller trains on the current one.
 *
 * <p>Everything random is a function of (seed, epoch, scene): the order of epoch e is the same
 * permutation whenever it is asked for, and each scene's augmentation shift depends only on the
 * seed, the epoch and the scene, not on the batch size or on timing. A resumed run therefore sees
 * exactly the batches an uninterrupted one would ({@link #epoch(int, int)} starts mid-epoch).
 *
 * <p>Augmentation, when {@link Options#maxShift()} is positive, moves each image and its mask together
 * by a random whole number of pixels in [-maxShift, maxShift] along each axis; pixels moved in are
 * blank (grey 0, background class). Per-image labels do not change.
 */
public final class BatchLoader implements AutoCloseable {
    private static final long SHUFFLE_STREAM = 0x53485546L;
    private static final long SHIFT_STREAM = 0x53484946L;

    /**
     * @param batchSize images per batch (the last one may be smaller unless {@code dropLast})
     * @param seed      seeds the shuffle and the augmentation
     * @param shuffle   a new permutation each epoch; off: the set's order
     * @param maxShift  largest augmentation shift in pixels; 0: no augmentation
     * @param dropLast  skip a last, smaller batch
     */
    public record Options(int batchSize, long seed, boolean shuffle, int maxShift, boolean dropLast) {
        public Options {
            if (batchSize < 1) throw new IllegalArgumentException("batch size " + batchSize + " (must be at least 1)");
            if (maxShift < 0) throw new IllegalArgumentException("augmentation shift " + maxShift + " (must be 0 or more)");
        }

        /** Shuffled every epoch, no augmentation, the last batch kept. */
        public static Options training(int batchSize, long seed) {
            return new Options(batchSize, seed, true, 0, false);
        }

        /** The set's order, no augmentation: for evaluation and prediction. */
        public static Options evaluation(int batchSize) {
            return new Options(batchSize, 0, false, 0, false);
        }

        public Options withShift(int pixels) {
            return new Options(batchSize, seed, shuffle, pixels, dropLast);
        }

        public Options withDropLast(boolean drop) {
            return new Options(batchSize, seed, shuffle, maxShift, drop);
        }
    }

    private final SceneSet set;
    private final List<Task> tasks;
    private final Options options;
    private ExecutorService worker;

    /** A loader over {@code set} producing the targets of {@code tasks}; a task the set lacks is refused by name. */
    public BatchLoader(SceneSet set, List<Task> tasks, Options options) {
        set.require(tasks);
        this.set = set;
        this.tasks = List.copyOf(tasks);
        this.options = options;
    }

    public SceneSet set() {
        return set;
    }

    public Options options() {
        return options;
    }

    /** Batches in one epoch. */
    public int batchesPerEpoch() {
        int n = set.size(), b = options.batchSize();
        return options.dropLast() ? n / b : (n + b - 1) / b;
    }

    /** The order in which epoch {@code epoch} visits the scenes. */
    public int[] order(int epoch) {
        int n = set.size();
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        if (!options.shuffle()) return p;
        SplittableRandom rng = new SplittableRandom(Seeds.derive(options.seed(), SHUFFLE_STREAM, epoch));
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The batches of epoch {@code epoch}, from the first. */
    public Epoch epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /** The batches of epoch {@code epoch} from batch {@code firstBatch} on (to resume mid-epoch). */
    public Epoch epoch(int epoch, int firstBatch) {
        if (firstBatch < 0 || firstBatch > batchesPerEpoch()) throw new IllegalArgumentException("first batch " + firstBatch + " of an epoch of " + batchesPerEpoch());
        synchronized (this) {
            if (worker == null) {
                worker = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "mgda-unet-batches");
                    t.setDaemon(true);
                    return t;
                });
            }
        }
        return new Epoch(epoch, firstBatch, order(epoch));
    }

    /** Builds one batch on the calling thread. */
    public Batch batch(int epoch, int index) {
        return build(epoch, index, order(epoch));
    }

    private Batch build(int epoch, int index, int[] order) {
        int from = index * options.batchSize();
        int to = Math.min(from + options.batchSize(), set.size());
        int b = to - from, h = set.height(), w = set.width(), px = h * w;
        int[] scenes = java.util.Arrays.copyOfRange(order, from, to);
        float[] images = new float[b * px];
        boolean seg = tasks.contains(Task.SEG);
        int[] mask = seg ? new int[b * px] : null;
        float[] srcImages = set.images();
        byte[] srcMasks = set.masks();
        for (int j = 0; j < b; j++) {
            int s = scenes[j];
            int dx = 0, dy = 0;
            if (options.maxShift() > 0) {
                SplittableRandom rng = new SplittableRandom(Seeds.derive(options.seed(), SHIFT_STREAM, epoch, s));
                dx = rng.nextInt(2 * options.maxShift() + 1) - options.maxShift();
                dy = rng.nextInt(2 * options.maxShift() + 1) - options.maxShift();
            }
            copyShifted(srcImages, srcMasks, s * px, images, mask, j * px, h, w, dx, dy);
        }
        Map<Task, int[]> targets = new EnumMap<>(Task.class);
        for (Task t : tasks) {
            if (t == Task.SEG) {
                targets.put(t, mask);
            } else {
                int[] all = set.labels(t);
                int[] out = new int[b];
                for (int j = 0; j < b; j++) out[j] = all[scenes[j]];
                targets.put(t, out);
            }
        }
        return new Batch(epoch, index, scenes, Tensor.wrap(images, b, 1, h, w), targets);
    }

    /** Copies one image (and its mask, when wanted) moved by (dx, dy); uncovered pixels are blank. */
    private static void copyShifted(float[] img, byte[] msk, int src, float[] outImg, int[] outMask, int dst, int h, int w, int dx, int dy) {
        if (outMask != null) java.util.Arrays.fill(outMask, dst, dst + h * w, SceneSet.BACKGROUND);
        int x0 = Math.max(0, dx), x1 = Math.min(w, w + dx);
        for (int y = Math.max(0, dy); y < Math.min(h, h + dy); y++) {
            int from = src + (y - dy) * w + (x0 - dx), to = dst + y * w + x0, len = x1 - x0;
            if (len <= 0) continue;
            System.arraycopy(img, from, outImg, to, len);
            if (outMask != null) for (int i = 0; i < len; i++) outMask[to + i] = msk[from + i];
        }
    }

    /** Stops the background thread; an epoch still running fails on its next batch. */
    @Override
    public void close() {
        ExecutorService w;
        synchronized (this) {
            w = worker;
            worker = null;
        }
        if (w == null) return;
        w.shutdownNow();
        try {
            w.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The batches of one epoch in order; the next one is being built while the caller holds the current one. */
    public final class Epoch implements Iterator<Batch>, AutoCloseable {
        private final int epoch;
        private final int[] order;
        private final int end;
        private int next;
        private Future<Batch> pending;

        private Epoch(int epoch, int first, int[] order) {
            this.epoch = epoch;
            this.order = order;
            this.end = batchesPerEpoch();
            this.next = first;
            prefetch();
        }

        private void prefetch() {
            if (next >= end) {
                pending = null;
                return;
            }
            int index = next;
            ExecutorService w;
            synchronized (BatchLoader.this) {
                w = worker;
            }
            if (w == null) throw new IllegalStateException("the batch loader is closed");
            pending = w.submit(() -> build(epoch, index, order));
        }

        /** The index the next batch will have. */
        public int nextIndex() {
            return next;
        }

        @Override
        public boolean hasNext() {
            return next < end;
        }

        @Override
        public Batch next() {
            if (!hasNext()) throw new NoSuchElementException("epoch " + epoch + " has " + end + " batches");
            Batch batch;
            try {
                batch = pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for batch " + next + " of epoch " + epoch, e);
            } catch (CancellationException e) {
                throw new IllegalStateException("the batch loader was closed", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw new IllegalStateException("building batch " + next + " of epoch " + epoch + " failed", e.getCause());
            }
            next++;
            prefetch();
            return batch;
        }

        /** Drops the batch being prepared. */
        @Override
        public void close() {
            if (pending != null) pending.cancel(true);
            pending = null;
            next = end;
        }
    }
}
