package mgdaunet.mgda;

import java.util.Map;
import mgdaunet.tensor.Tensor;

/**
 * What one training step computed, every map in task order.
 *
 * @param losses      each task's loss (unweighted)
 * @param weights     each task's weight in the step: the factor of its loss, or for the strategies
 *                    that work at Z the factor of its gradient there (see the strategy); sums to 1 for
 *                    MGDA and MGDA-UB
 * @param outputs     each head's output values (for training metrics)
 * @param diagnostics gradient norms and cosines at Z, or null for strategies that do not compute the
 *                    task gradients at Z (the loss-weighting ones); see {@link GradientProbe}
 */
public record StepResult(Map<String, Double> losses, Map<String, Double> weights, Map<String, Tensor> outputs,
                         Diagnostics diagnostics) {}
