package mgdaunet.mgda;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import mgdaunet.mgda.solver.GradientNormalization;

/**
 * The settings of the strategies; each reads the ones it uses.
 *
 * @param normalization        how MGDA and MGDA-UB normalize the task gradients before solving for
 *                             the weights (default {@code loss+}, as in Sener and Koltun's sample
 *                             configuration); the update always combines the raw gradients
 * @param fixedWeights         {@code fixed}: every task's weight, each finite and at least 0
 * @param seed                 seeds PCGrad's task order and random loss weighting's draws
 * @param gradNormAlpha        GradNorm's asymmetry alpha (default 1.5)
 * @param gradNormLearningRate the Adam learning rate of GradNorm's task weights (default 0.025)
 * @param cagradC              CAGrad's c, the radius of the ball around the mean gradient (default 0.5)
 * @param dwaTemperature       DWA's temperature T (default 2)
 * @param headUpdate           what MGDA and MGDA-UB give the heads: their gradients scaled by the
 *                             min-norm weights (default) or their own, unscaled
 */
public record StrategyOptions(GradientNormalization normalization, Map<String, Double> fixedWeights, long seed,
                              double gradNormAlpha, double gradNormLearningRate, double cagradC, double dwaTemperature,
                              HeadUpdate headUpdate) {
    public StrategyOptions {
        if (normalization == null) throw new IllegalArgumentException("StrategyOptions: normalization is null");
        if (headUpdate == null) throw new IllegalArgumentException("StrategyOptions: headUpdate is null");
        fixedWeights = fixedWeights == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fixedWeights));
        requirePositive("gradNormAlpha", gradNormAlpha, true);
        requirePositive("gradNormLearningRate", gradNormLearningRate, false);
        requirePositive("cagradC", cagradC, true);
        requirePositive("dwaTemperature", dwaTemperature, false);
    }

    private static void requirePositive(String what, double v, boolean zeroAllowed) {
        if (!Double.isFinite(v) || v < 0 || (!zeroAllowed && v == 0)) {
            throw new IllegalArgumentException("StrategyOptions: " + what + " is " + v + ", must be finite and "
                    + (zeroAllowed ? ">= 0" : "> 0"));
        }
    }

    public static StrategyOptions defaults() {
        return new StrategyOptions(GradientNormalization.LOSS_PLUS, Map.of(), 0L, 1.5, 0.025, 0.5, 2.0, HeadUpdate.SCALED);
    }

    public StrategyOptions withNormalization(GradientNormalization n) {
        return new StrategyOptions(n, fixedWeights, seed, gradNormAlpha, gradNormLearningRate, cagradC, dwaTemperature, headUpdate);
    }

    public StrategyOptions withFixedWeights(Map<String, Double> w) {
        return new StrategyOptions(normalization, w, seed, gradNormAlpha, gradNormLearningRate, cagradC, dwaTemperature, headUpdate);
    }

    public StrategyOptions withSeed(long s) {
        return new StrategyOptions(normalization, fixedWeights, s, gradNormAlpha, gradNormLearningRate, cagradC, dwaTemperature, headUpdate);
    }

    public StrategyOptions withGradNormAlpha(double a) {
        return new StrategyOptions(normalization, fixedWeights, seed, a, gradNormLearningRate, cagradC, dwaTemperature, headUpdate);
    }

    public StrategyOptions withGradNormLearningRate(double lr) {
        return new StrategyOptions(normalization, fixedWeights, seed, gradNormAlpha, lr, cagradC, dwaTemperature, headUpdate);
    }

    public StrategyOptions withCagradC(double c) {
        return new StrategyOptions(normalization, fixedWeights, seed, gradNormAlpha, gradNormLearningRate, c, dwaTemperature, headUpdate);
    }

    public StrategyOptions withDwaTemperature(double t) {
        return new StrategyOptions(normalization, fixedWeights, seed, gradNormAlpha, gradNormLearningRate, cagradC, t, headUpdate);
    }

    public StrategyOptions withHeadUpdate(HeadUpdate h) {
        return new StrategyOptions(normalization, fixedWeights, seed, gradNormAlpha, gradNormLearningRate, cagradC, dwaTemperature, h);
    }
}
