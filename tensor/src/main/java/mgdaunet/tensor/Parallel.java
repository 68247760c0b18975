package mgdaunet.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The one shared thread pool of the engine. Kernels parallelize coarsely through it: over the batch,
 * over channels, over GEMM blocks; never per element.
 *
 * <p>Its size defaults to the number of cores and is set by {@code -Dmgdaunet.threads=N} or
 * {@link #setThreads(int)} (the CLI's {@code --threads}). The calling thread works too, so a pool of
 * N threads starts N - 1 workers. A parallel call made from inside a task, or while another thread
 * holds the pool, runs inline: no deadlock, no oversubscription.
 *
 * <p>Workers spin briefly before parking: a training step makes hundreds of kernel calls back to back,
 * and waking a parked thread costs tens of microseconds each time.
 */
public final class Parallel {
    private Parallel() {}

    /** A body over a half-open range of task indices. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static volatile Pool pool = new Pool(initialThreads());

    private static int initialThreads() {
        String p = System.getProperty("mgdaunet.threads");
        if (p == null || p.isBlank()) return Runtime.getRuntime().availableProcessors();
        try {
            int n = Integer.parseInt(p.trim());
            if (n >= 1) return n;
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("-Dmgdaunet.threads must be a whole number >= 1, got '" + p + "'");
    }

    /** Threads that kernels use, the caller included. */
    public static int threads() {
        return pool.size;
    }

    /** Sets the number of threads (>= 1) kernels use from now on. */
    public static void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        LOCK.lock();
        try {
            if (n == pool.size) return;
            Pool old = pool;
            pool = new Pool(n);
            old.shutdown();
        } finally {
            LOCK.unlock();
        }
    }

    /** Runs {@code body.accept(i)} for every i in [0, tasks), spread over the pool; tasks are taken dynamically. */
    public static void forEach(int tasks, IntConsumer body) {
        if (tasks <= 0) return;
        Pool p = pool;
        if (tasks == 1 || p.size == 1 || inParallelRegion() || !LOCK.tryLock()) {
            for (int i = 0; i < tasks; i++) body.accept(i);
            return;
        }
        try {
            p.run(new Job(tasks, body));
        } finally {
            LOCK.unlock();
        }
    }

    /** True inside a task of a parallel call (on a worker, or on the caller while it runs tasks). */
    public static boolean inParallelRegion() {
        return Thread.currentThread() instanceof Worker || LOCK.isHeldByCurrentThread();
    }

    /**
     * Splits [0, n) into at most {@code threads()} contiguous ranges of at least {@code grain} indices
     * each and runs them in parallel. Use it when per-index work is uniform.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) return;
        int chunks = Math.max(1, Math.min(threads(), n / Math.max(1, grain)));
        if (chunks == 1) {
            body.run(0, n);
            return;
        }
        forEach(chunks, c -> body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks)));
    }

    /** {@link #forRange(int, int, RangeBody)} with a grain of one index. */
    public static void forRange(int n, RangeBody body) {
        forRange(n, 1, body);
    }

    private static final class Job {
        final int tasks;
        final IntConsumer body;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger remaining;
        volatile Throwable error;

        Job(int tasks, IntConsumer body) {
            this.tasks = tasks;
            this.body = body;
            this.remaining = new AtomicInteger(tasks);
        }

        void work() {
            int i;
            while ((i = next.getAndIncrement()) < tasks) {
                try {
                    if (error == null) body.accept(i);
                } catch (Throwable t) {
                    if (error == null) error = t;
                } finally {
                    remaining.decrementAndGet();
                }
            }
        }
    }

    private static final class Worker extends Thread {
        private static final long SPIN_NANOS = 50_000;
        final AtomicReference<Job> job = new AtomicReference<>();
        volatile boolean stop;
        // Set while the worker is (about to be) parked: the caller unparks only then (an unpark costs a system call).
        volatile boolean parked;

        Worker(int id) {
            super("mgdaunet-worker-" + id);
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!stop) {
                Job j = job.get();
                if (j == null) {
                    long until = System.nanoTime() + SPIN_NANOS;
                    while ((j = job.get()) == null && !stop && System.nanoTime() < until) Thread.onSpinWait();
                    if (j == null) {
                        parked = true;
                        // Re-check after announcing: a job posted before the flag was visible is seen here.
                        if (job.get() == null && !stop) LockSupport.park(this);
                        parked = false;
                        continue;
                    }
                }
                // Clear only the job we took: the caller may already have posted the next one.
                job.compareAndSet(j, null);
                j.work();
            }
        }
    }

    private static final class Pool {
        final int size;
        final Worker[] workers;

        Pool(int size) {
            this.size = size;
            this.workers = new Worker[size - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker(i + 1);
                workers[i].start();
            }
        }

        void run(Job job) {
            int helpers = Math.min(workers.length, job.tasks - 1);
            for (int i = 0; i < helpers; i++) {
                workers[i].job.set(job);
                if (workers[i].parked) LockSupport.unpark(workers[i]);
            }
            job.work();
            // The caller finished taking tasks; wait for the ones still running on workers. Yield now and
            // then: on a busy machine the worker may be waiting for this very core.
            for (int spins = 0; job.remaining.get() > 0; spins++) {
                if ((spins & 1023) == 1023) Thread.yield();
                else Thread.onSpinWait();
            }
            Throwable t = job.error;
            if (t instanceof RuntimeException re) throw re;
            if (t instanceof Error e) throw e;
            if (t != null) throw new RuntimeException(t);
        }

        void shutdown() {
            for (Worker w : workers) {
                w.stop = true;
                LockSupport.unpark(w);
            }
        }
    }
}
