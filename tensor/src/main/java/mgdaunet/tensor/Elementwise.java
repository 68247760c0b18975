package mgdaunet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise kernels with NumPy broadcasting, writing into an explicit output tensor.
 *
 * <p>Binary kernels ({@link #add}, {@link #sub}, {@link #mul}, {@link #div}, {@link #maximum},
 * {@link #minimum}) broadcast their operands to a common shape, which {@code out} must have; {@code out}
 * may be one of the operands when that operand already has the full shape (in-place update). Unary
 * kernels map {@code x} into an {@code out} of the same shape; {@code out} may be {@code x}.
 *
 * <p>Every kernel reduces to contiguous runs: the whole array when shapes agree or one operand is a
 * scalar, otherwise the innermost run of the broadcast after merging dimensions that are contiguous in
 * both operands (a bias {@code [1, C, 1, 1]} added to {@code [N, C, H, W]} becomes N * C runs of H * W
 * values plus one scalar each). Runs go through the Vector API, with a plain-Java twin for each run
 * kernel selected when {@link Simd#ENABLED} is false. Large arrays are split over {@link Parallel}.
 */
public final class Elementwise {
    private Elementwise() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Elements per parallel chunk: below about this, handing work to another thread costs more than it saves. */
    static final int GRAIN = 1 << 15;

    // Binary opcodes; the switch on them sits outside every loop so each loop stays monomorphic.
    static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, MAX = 4, MIN = 5;
    private static final String[] BINARY_NAMES = {"add", "sub", "mul", "div", "maximum", "minimum"};

    // Unary opcodes; p and q are their parameters (pow's exponent, clamp's bounds, leaky relu's slope).
    static final int NEG = 0, EXP = 1, LOG = 2, SQRT = 3, RELU = 4, SIGMOID = 5, TANH = 6, ABS = 7,
            POW = 8, CLAMP = 9, LEAKY_RELU = 10, SQUARE = 11, RECIPROCAL = 12;
    private static final String[] UNARY_NAMES = {"neg", "exp", "log", "sqrt", "relu", "sigmoid", "tanh", "abs",
            "pow", "clamp", "leakyRelu", "square", "reciprocal"};

    // ------------------------------------------------------------------ public kernels: binary

    /** {@code out = a + b}, broadcasting. */
    public static Tensor add(Tensor a, Tensor b, Tensor out) {
        return binary(ADD, a, b, out, Simd.ENABLED);
    }

    /** {@code out = a - b}, broadcasting. */
    public static Tensor sub(Tensor a, Tensor b, Tensor out) {
        return binary(SUB, a, b, out, Simd.ENABLED);
    }

    /** {@code out = a * b}, broadcasting. */
    public static Tensor mul(Tensor a, Tensor b, Tensor out) {
        return binary(MUL, a, b, out, Simd.ENABLED);
    }

    /** {@code out = a / b}, broadcasting (IEEE: x / 0 is +-inf or NaN). */
    public static Tensor div(Tensor a, Tensor b, Tensor out) {
        return binary(DIV, a, b, out, Simd.ENABLED);
    }

    /** {@code out = max(a, b)} elementwise, broadcasting; NaN wins, as in {@link Math#max}. */
    public static Tensor maximum(Tensor a, Tensor b, Tensor out) {
        return binary(MAX, a, b, out, Simd.ENABLED);
    }

    /** {@code out = min(a, b)} elementwise, broadcasting; NaN wins, as in {@link Math#min}. */
    public static Tensor minimum(Tensor a, Tensor b, Tensor out) {
        return binary(MIN, a, b, out, Simd.ENABLED);
    }

    // ------------------------------------------------------------------ public kernels: with a scalar

    /** {@code out = x + s}. */
    public static Tensor add(Tensor x, float s, Tensor out) {
        return withScalar(ADD, x, s, false, out, Simd.ENABLED);
    }

    /** {@code out = x - s}. */
    public static Tensor sub(Tensor x, float s, Tensor out) {
        return withScalar(SUB, x, s, false, out, Simd.ENABLED);
    }

    /** {@code out = s - x}. */
    public static Tensor rsub(float s, Tensor x, Tensor out) {
        return withScalar(SUB, x, s, true, out, Simd.ENABLED);
    }

    /** {@code out = x * s}. */
    public static Tensor mul(Tensor x, float s, Tensor out) {
        return withScalar(MUL, x, s, false, out, Simd.ENABLED);
    }

    /** {@code out = x / s}. */
    public static Tensor div(Tensor x, float s, Tensor out) {
        return withScalar(DIV, x, s, false, out, Simd.ENABLED);
    }

    /** {@code out = s / x}. */
    public static Tensor rdiv(float s, Tensor x, Tensor out) {
        return withScalar(DIV, x, s, true, out, Simd.ENABLED);
    }

    /** {@code out = max(x, s)}. */
    public static Tensor maximum(Tensor x, float s, Tensor out) {
        return withScalar(MAX, x, s, false, out, Simd.ENABLED);
    }

    /** {@code out = min(x, s)}. */
    public static Tensor minimum(Tensor x, float s, Tensor out) {
        return withScalar(MIN, x, s, false, out, Simd.ENABLED);
    }

    // ------------------------------------------------------------------ public kernels: unary

    public static Tensor neg(Tensor x, Tensor out) {
        return unary(NEG, 0f, 0f, x, out, Simd.ENABLED);
    }

    public static Tensor exp(Tensor x, Tensor out) {
        return unary(EXP, 0f, 0f, x, out, Simd.ENABLED);
    }

    /** Natural logarithm: log(0) = -inf, log of a negative number is NaN. */
    public static Tensor log(Tensor x, Tensor out) {
        return unary(LOG, 0f, 0f, x, out, Simd.ENABLED);
    }

    public static Tensor sqrt(Tensor x, Tensor out) {
        return unary(SQRT, 0f, 0f, x, out, Simd.ENABLED);
    }

    /** {@code x^p} for a scalar exponent, with {@link Math#pow} semantics (negative base, fractional p: NaN). */
    public static Tensor pow(Tensor x, float p, Tensor out) {
        return unary(POW, p, 0f, x, out, Simd.ENABLED);
    }

    /** {@code max(x, 0)}; NaN stays NaN. */
    public static Tensor relu(Tensor x, Tensor out) {
        return unary(RELU, 0f, 0f, x, out, Simd.ENABLED);
    }

    /** {@code x > 0 ? x : slope * x}. */
    public static Tensor leakyRelu(Tensor x, float slope, Tensor out) {
        return unary(LEAKY_RELU, slope, 0f, x, out, Simd.ENABLED);
    }

    /** {@code 1 / (1 + exp(-x))}: 0 and 1 in the limits, never NaN for finite or infinite x. */
    public static Tensor sigmoid(Tensor x, Tensor out) {
        return unary(SIGMOID, 0f, 0f, x, out, Simd.ENABLED);
    }

    public static Tensor tanh(Tensor x, Tensor out) {
        return unary(TANH, 0f, 0f, x, out, Simd.ENABLED);
    }

    public static Tensor abs(Tensor x, Tensor out) {
        return unary(ABS, 0f, 0f, x, out, Simd.ENABLED);
    }

    public static Tensor square(Tensor x, Tensor out) {
        return unary(SQUARE, 0f, 0f, x, out, Simd.ENABLED);
    }

    public static Tensor reciprocal(Tensor x, Tensor out) {
        return unary(RECIPROCAL, 0f, 0f, x, out, Simd.ENABLED);
    }

    /** {@code min(max(x, lo), hi)}; NaN stays NaN. */
    public static Tensor clamp(Tensor x, float lo, float hi, Tensor out) {
        if (lo > hi) throw new IllegalArgumentException("clamp: lower bound " + lo + " exceeds upper bound " + hi);
        return unary(CLAMP, lo, hi, x, out, Simd.ENABLED);
    }

    // ------------------------------------------------------------------ gradient kernels of the activations

    /** {@code out = x > 0 ? g : 0}: relu's input gradient from its input x and output gradient g. */
    public static Tensor reluBackward(Tensor x, Tensor g, Tensor out) {
        return gradient(RELU, 0f, x, g, out, Simd.ENABLED);
    }

    /** {@code out = x > 0 ? g : slope * g}. */
    public static Tensor leakyReluBackward(Tensor x, float slope, Tensor g, Tensor out) {
        return gradient(LEAKY_RELU, slope, x, g, out, Simd.ENABLED);
    }

    /** {@code out = g * y * (1 - y)} from sigmoid's output y. */
    public static Tensor sigmoidBackward(Tensor y, Tensor g, Tensor out) {
        return gradient(SIGMOID, 0f, y, g, out, Simd.ENABLED);
    }

    /** {@code out = g * (1 - y^2)} from tanh's output y. */
    public static Tensor tanhBackward(Tensor y, Tensor g, Tensor out) {
        return gradient(TANH, 0f, y, g, out, Simd.ENABLED);
    }

    /** The gradient kernels: {@code out = g * f'} with f' read from the saved input or output {@code s}. */
    static Tensor gradient(int op, float p, Tensor s, Tensor g, Tensor out, boolean simd) {
        String name = UNARY_NAMES[op] + "Backward";
        Shape.requireSame(name, s.shape(), g.shape());
        Shape.requireSame(name + " (output)", s.shape(), out.shape());
        float[] sd = s.data(), gd = g.data(), o = out.data();
        Parallel.forRange(sd.length, GRAIN, (a, e) -> runGradient(op, p, sd, gd, o, a, e - a, simd));
        return out;
    }

    static void runGradient(int op, float p, float[] s, float[] g, float[] o, int off, int n, boolean simd) {
        int i = 0;
        if (simd) {
            // One loop per op: a switch inside the loop would merge vector values across branches.
            switch (op) {
                case RELU -> i = reluGradV(s, g, o, off, n);
                case LEAKY_RELU -> i = leakyReluGradV(s, p, g, o, off, n);
                case SIGMOID -> i = sigmoidGradV(s, g, o, off, n);
                case TANH -> i = tanhGradV(s, g, o, off, n);
                default -> throw new IllegalArgumentException("no gradient kernel for " + UNARY_NAMES[op]);
            }
        }
        // The twin, and the tail of the vector path: the same expressions in the same order.
        switch (op) {
            case RELU -> { for (; i < n; i++) o[off + i] = s[off + i] > 0f ? g[off + i] : 0f; }
            case LEAKY_RELU -> { for (; i < n; i++) o[off + i] = s[off + i] > 0f ? g[off + i] : g[off + i] * p; }
            case SIGMOID -> { for (; i < n; i++) o[off + i] = g[off + i] * s[off + i] * (1f - s[off + i]); }
            case TANH -> { for (; i < n; i++) o[off + i] = g[off + i] * (1f - s[off + i] * s[off + i]); }
            default -> throw new IllegalArgumentException("no gradient kernel for " + UNARY_NAMES[op]);
        }
    }

    /** Vector part of a gradient run; returns how far it got (the caller finishes the tail). */
    private static int reluGradV(float[] x, float[] g, float[] o, int off, int n) {
        int i = 0;
        FloatVector zero = FloatVector.zero(S);
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector xv = FloatVector.fromArray(S, x, off + i);
            zero.blend(FloatVector.fromArray(S, g, off + i), xv.compare(VectorOperators.GT, 0f)).intoArray(o, off + i);
        }
        return i;
    }

    private static int leakyReluGradV(float[] x, float slope, float[] g, float[] o, int off, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector xv = FloatVector.fromArray(S, x, off + i), gv = FloatVector.fromArray(S, g, off + i);
            gv.mul(slope).blend(gv, xv.compare(VectorOperators.GT, 0f)).intoArray(o, off + i);
        }
        return i;
    }

    private static int sigmoidGradV(float[] y, float[] g, float[] o, int off, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector yv = FloatVector.fromArray(S, y, off + i);
            FloatVector.fromArray(S, g, off + i).mul(yv).mul(one.sub(yv)).intoArray(o, off + i);
        }
        return i;
    }

    private static int tanhGradV(float[] y, float[] g, float[] o, int off, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector yv = FloatVector.fromArray(S, y, off + i);
            FloatVector.fromArray(S, g, off + i).mul(one.sub(yv.mul(yv))).intoArray(o, off + i);
        }
        return i;
    }

    // ------------------------------------------------------------------ drivers (package-private: tests pick the path)

    static String binaryName(int op) {
        return BINARY_NAMES[op];
    }

    static String unaryName(int op) {
        return UNARY_NAMES[op];
    }

    /** The broadcasting binary kernel; {@code simd} chooses the Vector API runs or their scalar twins. */
    static Tensor binary(int op, Tensor a, Tensor b, Tensor out, boolean simd) {
        String name = BINARY_NAMES[op];
        int[] as = a.shape(), bs = b.shape();
        int[] shape = Shape.broadcast(name, as, bs);
        if (!out.hasShape(shape)) {
            throw new IllegalArgumentException(name + ": output of shape " + Shape.str(out.shape()) + " for operands "
                    + Shape.str(as) + " and " + Shape.str(bs) + ", which broadcast to " + Shape.str(shape));
        }
        int n = out.size();
        if (n == 0) return out;
        float[] x = a.data(), y = b.data(), o = out.data();
        if (x.length == n && y.length == n) {
            // Equal sizes after broadcasting means the same row-major layout (only size-1 dims differ).
            Parallel.forRange(n, GRAIN, (s, e) -> ElementwiseRuns.runVV(op, x, s, y, s, o, s, e - s, simd));
        } else if (y.length == 1) {
            float c = y[0];
            Parallel.forRange(n, GRAIN, (s, e) -> ElementwiseRuns.runVS(op, x, s, c, o, s, e - s, simd));
        } else if (x.length == 1) {
            float c = x[0];
            Parallel.forRange(n, GRAIN, (s, e) -> ElementwiseRuns.runSV(op, c, y, s, o, s, e - s, simd));
        } else {
            broadcastBinary(op, shape, x, as, y, bs, o, simd);
        }
        return out;
    }

    static Tensor withScalar(int op, Tensor x, float s, boolean scalarFirst, Tensor out, boolean simd) {
        String name = BINARY_NAMES[op];
        if (!out.sameShape(x)) {
            throw new IllegalArgumentException(name + ": output of shape " + Shape.str(out.shape()) + " for an operand of shape " + Shape.str(x.shape()));
        }
        float[] xd = x.data(), o = out.data();
        if (scalarFirst) Parallel.forRange(xd.length, GRAIN, (a, e) -> ElementwiseRuns.runSV(op, s, xd, a, o, a, e - a, simd));
        else Parallel.forRange(xd.length, GRAIN, (a, e) -> ElementwiseRuns.runVS(op, xd, a, s, o, a, e - a, simd));
        return out;
    }

    static Tensor unary(int op, float p, float q, Tensor x, Tensor out, boolean simd) {
        if (!out.sameShape(x)) {
            throw new IllegalArgumentException(UNARY_NAMES[op] + ": output of shape " + Shape.str(out.shape()) + " for an input of shape " + Shape.str(x.shape()));
        }
        float[] xd = x.data(), o = out.data();
        Parallel.forRange(xd.length, GRAIN, (s, e) -> ElementwiseRuns.runUnary(op, p, q, xd, s, o, s, e - s, simd));
        return out;
    }

    /**
     * General broadcasting: merge dimensions that are contiguous in both operands, then walk the outer
     * index space row by row, each row one contiguous run of the innermost merged dimension.
     */
    private static void broadcastBinary(int op, int[] shape, float[] x, int[] as, float[] y, int[] bs, float[] o, boolean simd) {
        int r = shape.length;
        int[] sa = broadcastStrides(as, r), sb = broadcastStrides(bs, r);
        int[] size = new int[r], stA = new int[r], stB = new int[r];
        int m = 0;
        for (int i = 0; i < r; i++) {
            if (shape[i] == 1) continue;
            if (m > 0 && stA[m - 1] == sa[i] * shape[i] && stB[m - 1] == sb[i] * shape[i]) {
                size[m - 1] *= shape[i];
                stA[m - 1] = sa[i];
                stB[m - 1] = sb[i];
            } else {
                size[m] = shape[i];
                stA[m] = sa[i];
                stB[m] = sb[i];
                m++;
            }
        }
        // The innermost merged dimension has stride 1 in an operand that spans it, 0 in one that is broadcast.
        int len = size[m - 1];
        boolean aRuns = stA[m - 1] != 0, bRuns = stB[m - 1] != 0;
        int outer = m - 1;
        int rows = o.length / len;
        Parallel.forRange(rows, Math.max(1, GRAIN / len), (r0, r1) -> {
            int[] idx = new int[outer];
            int offA = 0, offB = 0;
            for (int d = outer - 1, rest = r0; d >= 0; d--) {
                idx[d] = rest % size[d];
                rest /= size[d];
                offA += idx[d] * stA[d];
                offB += idx[d] * stB[d];
            }
            for (int row = r0; row < r1; row++) {
                int oo = row * len;
                if (aRuns && bRuns) ElementwiseRuns.runVV(op, x, offA, y, offB, o, oo, len, simd);
                else if (aRuns) ElementwiseRuns.runVS(op, x, offA, y[offB], o, oo, len, simd);
                else if (bRuns) ElementwiseRuns.runSV(op, x[offA], y, offB, o, oo, len, simd);
                else java.util.Arrays.fill(o, oo, oo + len, scalarOp(op, x[offA], y[offB]));
                // Odometer over the outer dimensions.
                for (int d = outer - 1; d >= 0; d--) {
                    offA += stA[d];
                    offB += stB[d];
                    if (++idx[d] < size[d]) break;
                    offA -= stA[d] * size[d];
                    offB -= stB[d] * size[d];
                    idx[d] = 0;
                }
            }
        });
    }

    /** Strides of a shape right-aligned into rank r, 0 for missing and size-1 dimensions (they broadcast). */
    static int[] broadcastStrides(int[] shape, int r) {
        int[] st = Shape.strides(shape);
        int[] out = new int[r];
        for (int i = 0; i < shape.length; i++) out[r - shape.length + i] = shape[i] == 1 ? 0 : st[i];
        return out;
    }

    static float scalarOp(int op, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            default -> throw new IllegalArgumentException("unknown binary op " + op);
        };
    }
}
