package mgdaunet.mgda;

import mgdaunet.autograd.Variable;

/** INTERIM stand-in for the strategies branch (deleted at the merge). */
@FunctionalInterface
public interface TaskLoss {
    Variable apply(Variable headOutput, int[] target);
}
