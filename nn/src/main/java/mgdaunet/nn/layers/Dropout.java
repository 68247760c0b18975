package mgdaunet.nn.layers;

import java.util.random.RandomGenerator;
import mgdaunet.autograd.F;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;

/**
 * Inverted dropout, PyTorch's {@code nn.Dropout}: in training each value is zeroed with probability p
 * and the survivors scaled by 1 / (1 - p); in evaluation the input passes unchanged. Each forward
 * draws its mask's seed from the generator given, so a seeded generator gives reproducible runs.
 */
public final class Dropout extends Module {
    private final float p;
    private final RandomGenerator rng;

    public Dropout(float p, RandomGenerator rng) {
        if (!(p >= 0f && p < 1f)) throw new IllegalArgumentException("Dropout: probability must be in [0, 1), got " + p);
        this.p = p;
        this.rng = rng;
    }

    @Override
    protected Variable compute(Variable x) {
        return F.dropout(x, p, isTraining(), rng);
    }

    @Override
    public String toString() {
        return "Dropout(" + p + ")";
    }
}
