package mgdaunet.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

class LaneSumsTest {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** The pairwise tree written out in scalar code: upper half onto lower half until one lane is left. */
    private static float tree(float[] lanes) {
        float[] a = lanes.clone();
        for (int half = a.length / 2; half >= 1; half /= 2) for (int i = 0; i < half; i++) a[i] += a[i + half];
        return a[0];
    }

    private static double tree(double[] lanes) {
        double[] a = lanes.clone();
        for (int half = a.length / 2; half >= 1; half /= 2) for (int i = 0; i < half; i++) a[i] += a[i + half];
        return a[0];
    }

    @Test
    void floatSumsFollowTheTreeBitForBitColdAndWarm() {
        // Values of mixed magnitude, so that a different order would round differently; enough calls
        // for the JIT to compile the sum: interpreted and compiled calls must agree with the tree.
        SplittableRandom rng = new SplittableRandom(7);
        float[] lanes = new float[F.length()];
        int differentFromNaiveOrder = 0;
        for (int call = 0; call < 50_000; call++) {
            for (int i = 0; i < lanes.length; i++) lanes[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(-3, 4)));
            float expected = tree(lanes);
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(LaneSums.sum(FloatVector.fromArray(F, lanes, 0))),
                    "call " + call);
            float naive = 0;
            for (float v : lanes) naive += v;
            if (naive != expected) differentFromNaiveOrder++;
        }
        // Guards the test: the inputs are ones where the order of the adds shows in the result.
        if (F.length() > 2) assertTrue(differentFromNaiveOrder > 1000, "only " + differentFromNaiveOrder + " sums depend on the order");
    }

    @Test
    void doubleSumsFollowTheTreeBitForBitColdAndWarm() {
        SplittableRandom rng = new SplittableRandom(8);
        double[] lanes = new double[D.length()];
        for (int call = 0; call < 50_000; call++) {
            for (int i = 0; i < lanes.length; i++) lanes[i] = rng.nextGaussian() * Math.pow(10, rng.nextInt(-8, 9));
            assertEquals(Double.doubleToLongBits(tree(lanes)), Double.doubleToLongBits(LaneSums.sum(DoubleVector.fromArray(D, lanes, 0))),
                    "call " + call);
        }
    }
}
