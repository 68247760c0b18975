package mgdaunet.app.train;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request to stop training after the current step, from Ctrl-C (SIGINT) or SIGTERM. The JVM runs
 * shutdown hooks on those signals; the hook here sets the flag and waits until the trainer has
 * finished its step and saved a checkpoint, then lets the JVM exit (status 130 after Ctrl-C).
 */
public final class StopRequest {
    /** How long the hook waits for the trainer: a step and a checkpoint take seconds, an epoch's validation a little more. */
    private static final long WAIT_MINUTES = 10;

    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final int stopAfterSteps;
    private int steps;
    private Thread hook;

    /** @param stopAfterSteps stop as if interrupted after this many steps of this session (0: never) */
    public StopRequest(int stopAfterSteps) {
        this.stopAfterSteps = stopAfterSteps;
    }

    /** Installs the signal hook; messages go to {@code err}. */
    public StopRequest installHook(PrintStream err) {
        hook = new Thread(() -> {
            if (finished.getCount() == 0) return;
            requested.set(true);
            err.println();
            err.println("mgda-unet: stopping after the current step and saving a checkpoint...");
            err.flush();
            try {
                finished.await(WAIT_MINUTES, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mgda-unet-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        return this;
    }

    /** True once a stop was asked for. */
    public boolean requested() {
        return requested.get();
    }

    /** Asks for a stop (what the signal hook does). */
    public void request() {
        requested.set(true);
    }

    /** Counts a finished step, for the stop after a given number of steps. */
    public void stepDone() {
        steps++;
        if (stopAfterSteps > 0 && steps >= stopAfterSteps) requested.set(true);
    }

    /** The trainer is done (stopped, completed or failed): the hook may let the JVM exit; removes the hook otherwise. */
    public void finished() {
        finished.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the latch is open
            }
            hook = null;
        }
    }
}
