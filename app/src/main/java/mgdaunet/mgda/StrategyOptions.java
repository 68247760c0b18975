package mgdaunet.mgda;

import java.util.Map;
import mgdaunet.mgda.solver.GradientNormalization;

/** INTERIM stand-in for the strategies branch (deleted at the merge). */
public record StrategyOptions(GradientNormalization normalization, Map<String, Double> fixedWeights, long seed,
                              double gradNormAlpha, double gradNormLearningRate, double cagradC, double dwaTemperature) {
    public static StrategyOptions defaults() {
        return new StrategyOptions(GradientNormalization.LOSS_PLUS, Map.of(), 0L, 1.5, 0.025, 0.5, 2.0);
    }

    public StrategyOptions withNormalization(GradientNormalization n) {
        return new StrategyOptions(n, fixedWeights, seed, gradNormAlpha, gradNormLearningRate, cagradC, dwaTemperature);
    }

    public StrategyOptions withSeed(long s) {
        return new StrategyOptions(normalization, fixedWeights, s, gradNormAlpha, gradNormLearningRate, cagradC, dwaTemperature);
    }
}
