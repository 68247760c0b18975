package mgdaunet.nn.init;

/** The activation after a layer, for PyTorch's {@code calculate_gain}. */
public enum Nonlinearity {
    /** Also conv and transposed conv with no activation: gain 1. */
    LINEAR,
    SIGMOID,
    TANH,
    RELU,
    LEAKY_RELU,
    SELU;

    /**
     * PyTorch's recommended gain: 1 for linear and sigmoid, 5/3 for tanh, sqrt(2) for ReLU,
     * sqrt(2 / (1 + slope^2)) for leaky ReLU with negative slope {@code param}, 3/4 for SELU.
     * {@code param} matters for {@link #LEAKY_RELU} only.
     */
    public double gain(double param) {
        return switch (this) {
            case LINEAR, SIGMOID -> 1.0;
            case TANH -> 5.0 / 3.0;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> Math.sqrt(2.0 / (1 + param * param));
            case SELU -> 0.75;
        };
    }

    /** The gain with PyTorch's default parameter (negative slope 0.01 for leaky ReLU). */
    public double gain() {
        return gain(0.01);
    }
}
