package mgdaunet.autograd;

/** How a loss folds its per-element values into one number. */
public enum Reduction {
    /** The (weighted) mean: the sum divided by the number (or total weight) of elements that count. */
    MEAN,
    /** The plain sum. */
    SUM
}
