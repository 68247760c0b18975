package mgdaunet.nn.init;

import mgdaunet.tensor.Shape;

/**
 * A weight's fan-in and fan-out, computed exactly as PyTorch's {@code _calculate_fan_in_and_fan_out}:
 * {@code fanIn = shape[1] * receptive}, {@code fanOut = shape[0] * receptive}, where
 * {@code receptive} is the product of the dimensions after the first two (1 for a matrix).
 *
 * <p>So for a Conv2d weight (OIHW) fanIn = in * kh * kw and fanOut = out * kh * kw; for a Linear
 * weight (out, in) fanIn = in; and for a ConvTranspose2d weight, stored IOHW, PyTorch's rule gives
 * fanIn = out * kh * kw: PyTorch initializes transposed convolutions with that (inverted) fan, and
 * so do we, so that the same layers start from the same distribution.
 */
public record Fans(long in, long out) {
    /** The fans of a weight of the given shape (rank 2 or more). */
    public static Fans of(int... shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("fans: a weight needs at least 2 dimensions to have fan-in and fan-out, got shape " + Shape.str(shape));
        }
        long receptive = 1;
        for (int i = 2; i < shape.length; i++) receptive *= shape[i];
        return new Fans((long) shape[1] * receptive, (long) shape[0] * receptive);
    }

    /** The fan a Kaiming initializer scales by. */
    public long get(FanMode mode) {
        return mode == FanMode.FAN_IN ? in : out;
    }
}
