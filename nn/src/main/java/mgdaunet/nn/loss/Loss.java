package mgdaunet.nn.loss;

import mgdaunet.autograd.Variable;

/**
 * A loss over a network's output and a target, PyTorch's {@code loss_fn(input, target)}: a rank-0
 * variable to call backward on. T is the target's type: class indices ({@code int[]}, one per
 * position) or a tensor of the output's shape.
 */
@FunctionalInterface
public interface Loss<T> {
    Variable forward(Variable output, T target);
}
