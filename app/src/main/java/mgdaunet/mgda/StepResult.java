package mgdaunet.mgda;

import java.util.Map;
import mgdaunet.tensor.Tensor;

/** INTERIM stand-in for the strategies branch (deleted at the merge). */
public record StepResult(Map<String, Double> losses, Map<String, Double> weights, Map<String, Tensor> outputs, Diagnostics diagnostics) {}
