package mgdaunet.mgda.solver;

/** What an iterative solver hands back to {@link MinNormSolver}: weights, steps taken, whether it met its tolerance. */
record Iterate(double[] weights, int iterations, boolean converged) {}
