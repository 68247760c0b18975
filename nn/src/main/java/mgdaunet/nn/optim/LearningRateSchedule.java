package mgdaunet.nn.optim;

/**
 * A learning rate as a function of the epoch (or of the step: the caller decides what it counts),
 * in closed form as PyTorch's schedulers compute it, so that resuming at epoch e needs only e.
 * Call {@link #applyTo} at the start of each epoch.
 */
public sealed interface LearningRateSchedule {
    /** The learning rate for epoch {@code epoch} (0-based). */
    double at(int epoch);

    /** Sets the optimizer's learning rate for {@code epoch}. */
    default void applyTo(Optimizer optimizer, int epoch) {
        optimizer.setLearningRate(at(epoch));
    }

    /** The same rate every epoch. */
    record Constant(double base) implements LearningRateSchedule {
        public Constant {
            requireRate("constant", base);
        }

        @Override
        public double at(int epoch) {
            requireEpoch(epoch);
            return base;
        }
    }

    /** {@code base * gamma^floor(epoch / stepSize)}: PyTorch's {@code StepLR}. */
    record Step(double base, int stepSize, double gamma) implements LearningRateSchedule {
        public Step {
            requireRate("step", base);
            if (stepSize < 1) throw new IllegalArgumentException("step schedule: step size must be at least 1, got " + stepSize);
            if (!(gamma > 0)) throw new IllegalArgumentException("step schedule: gamma must be positive, got " + gamma);
        }

        @Override
        public double at(int epoch) {
            requireEpoch(epoch);
            return base * Math.pow(gamma, epoch / stepSize);
        }
    }

    /** {@code base * gamma^epoch}: PyTorch's {@code ExponentialLR}. */
    record Exponential(double base, double gamma) implements LearningRateSchedule {
        public Exponential {
            requireRate("exponential", base);
            if (!(gamma > 0)) throw new IllegalArgumentException("exponential schedule: gamma must be positive, got " + gamma);
        }

        @Override
        public double at(int epoch) {
            requireEpoch(epoch);
            return base * Math.pow(gamma, epoch);
        }
    }

    /**
     * Cosine annealing from {@code base} to {@code min} over {@code totalEpochs}, after an optional
     * linear warmup of {@code warmupEpochs}:
     * <pre>
     *   e &lt; W:  base * (e + 1) / (W + 1)
     *   e &gt;= W: min + (base - min) * (1 + cos(pi * (e - W) / (totalEpochs - W))) / 2
     * </pre>
     * Without warmup this is PyTorch's {@code CosineAnnealingLR(T_max = totalEpochs, eta_min = min)}
     * (which, past T_max, rises again: so does this); with it, PyTorch's
     * {@code SequentialLR([LinearLR(start_factor = 1/(W+1), total_iters = W), CosineAnnealingLR(T_max = totalEpochs - W)], [W])}.
     */
    record Cosine(double base, int totalEpochs, double min, int warmupEpochs) implements LearningRateSchedule {
        public Cosine {
            requireRate("cosine", base);
            requireRate("cosine (minimum)", min);
            if (warmupEpochs < 0) throw new IllegalArgumentException("cosine schedule: negative warmup " + warmupEpochs);
            if (totalEpochs <= warmupEpochs) {
                throw new IllegalArgumentException("cosine schedule: total epochs " + totalEpochs + " must exceed warmup epochs " + warmupEpochs);
            }
        }

        @Override
        public double at(int epoch) {
            requireEpoch(epoch);
            if (epoch < warmupEpochs) return base * (epoch + 1) / (warmupEpochs + 1);
            double progress = (double) (epoch - warmupEpochs) / (totalEpochs - warmupEpochs);
            return min + (base - min) * (1 + Math.cos(Math.PI * progress)) / 2;
        }
    }

    static Constant constant(double base) {
        return new Constant(base);
    }

    static Step step(double base, int stepSize, double gamma) {
        return new Step(base, stepSize, gamma);
    }

    static Exponential exponential(double base, double gamma) {
        return new Exponential(base, gamma);
    }

    static Cosine cosine(double base, int totalEpochs, double min) {
        return new Cosine(base, totalEpochs, min, 0);
    }

    static Cosine cosineWithWarmup(double base, int warmupEpochs, int totalEpochs, double min) {
        return new Cosine(base, totalEpochs, min, warmupEpochs);
    }

    /** Sener and Koltun's schedule for MultiMNIST (NeurIPS 2018): the rate times 0.85 every 10 epochs. */
    static Step senerKoltun(double base) {
        return new Step(base, 10, 0.85);
    }

    private static void requireRate(String what, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) throw new IllegalArgumentException(what + " schedule: invalid learning rate " + lr);
    }

    private static void requireEpoch(int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("learning-rate schedule: negative epoch " + epoch);
    }
}
