package mgdaunet.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * Sums of a vector's lanes in one fixed order: the upper half added lane by lane onto the lower half,
 * then the upper quarter onto the lower quarter, and so on down to lane 0 (a pairwise tree).
 *
 * <p>Why not {@code reduceLanes(ADD)}: the Vector API leaves the order of a floating-point reduction
 * open, and the interpreter and the JIT-compiled intrinsic do differ in the last bit. The same kernel
 * on the same data then gives results that depend on whether it was warm, or on which thread (one
 * warmed up, one not) ran a block: batch statistics, and so training runs, stop being reproducible.
 * Lane-wise adds and slices are exact operations in every execution mode, so this tree is.
 */
public final class LaneSums {
    private LaneSums() {}

    /** The sum of the lanes of {@code v}, in float, in the fixed pairwise order. */
    public static float sum(FloatVector v) {
        for (int half = v.length() / 2; half >= 1; half /= 2) v = v.add(v.slice(half));
        return v.lane(0);
    }

    /** The sum of the lanes of {@code v}, in double, in the fixed pairwise order. */
    public static double sum(DoubleVector v) {
        for (int half = v.length() / 2; half >= 1; half /= 2) v = v.add(v.slice(half));
        return v.lane(0);
    }
}
