package mgdaunet.mgda;

import mgdaunet.tensor.Tensor;

/** A step count in a float32 state tensor: exact up to 2^24 steps, refused beyond. */
final class StepCounter {
    private static final long EXACT = 1L << 24;

    private StepCounter() {}

    static Tensor toTensor(long steps) {
        if (steps > EXACT) throw new IllegalStateException("step count " + steps + " exceeds 2^24, which a float32 state cannot hold exactly");
        return Tensor.scalar(steps);
    }

    static long fromTensor(String strategy, Tensor t) {
        float v = t.data()[0];
        if (!(v >= 0) || v > EXACT || v != Math.rint(v)) {
            throw new IllegalArgumentException("strategy " + strategy + " state: step count " + v + " is not a whole number in [0, 2^24]");
        }
        return (long) v;
    }
}
