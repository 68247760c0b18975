package mgdaunet.app.metrics;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernel of {@link Argmax#pixels}: a strip of one vector of pixels is carried through
 * all classes with its running maximum and class index in registers (a compare and two blends per
 * class), so nothing is stored until the strip's answer is known. Pixels past the last full strip
 * go to the scalar twin.
 */
final class ArgmaxSimd {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Int lanes of the same shape, so a float mask converts lane for lane. */
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());

    private ArgmaxSimd() {}

    static void plane(float[] logits, int image, int classes, int plane, int[] out, int outBase) {
        int bound = F.loopBound(plane);
        for (int p = 0; p < bound; p += F.length()) {
            FloatVector best = FloatVector.fromArray(F, logits, image + p);
            IntVector arg = IntVector.zero(I);
            for (int c = 1; c < classes; c++) {
                FloatVector v = FloatVector.fromArray(F, logits, image + c * plane + p);
                // v wins if larger, or if it is the first NaN (NaN is the maximum, as in NumPy)
                VectorMask<Float> wins = v.compare(VectorOperators.GT, best)
                        .or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
                best = best.blend(v, wins);
                arg = arg.blend(c, wins.cast(I));
            }
            arg.intoArray(out, outBase + p);
        }
        Argmax.planeScalar(logits, image, classes, plane, out, outBase, bound);
    }
}
