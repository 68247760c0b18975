package mgdaunet.mgda;

import mgdaunet.autograd.Variable;

/**
 * The loss of one task: a scalar (rank-0, the mean over the batch) from the head's output and the
 * task's targets, class indices (one per sample, or one per pixel for segmentation). A
 * {@code CrossEntropyLoss}'s {@code forward} is one: {@code new CrossEntropyLoss()::forward}.
 */
@FunctionalInterface
public interface TaskLoss {
    Variable apply(Variable headOutput, int[] target);
}
