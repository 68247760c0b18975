package mgdaunet.tensor;

import static mgdaunet.tensor.Elementwise.*;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The contiguous runs every {@link Elementwise} kernel reduces to: binary (vector-vector,
 * vector-scalar, scalar-vector) and unary, each a Vector API loop with a plain-Java twin taken when
 * {@code simd} is false. The opcodes are {@link Elementwise}'s. Softmax and the losses call these
 * runs directly on rows of their arrays.
 */
final class ElementwiseRuns {
    private ElementwiseRuns() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    // ------------------------------------------------------------------ contiguous runs: binary

    /** {@code o[oo+i] = a[ao+i] op b[bo+i]} for i in [0, n). */
    static void runVV(int op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n, boolean simd) {
        if (!simd) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] + b[bo + i]; }
                case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] - b[bo + i]; }
                case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * b[bo + i]; }
                case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] / b[bo + i]; }
                case MAX -> { for (int i = 0; i < n; i++) o[oo + i] = Math.max(a[ao + i], b[bo + i]); }
                case MIN -> { for (int i = 0; i < n; i++) o[oo + i] = Math.min(a[ao + i], b[bo + i]); }
                default -> throw new IllegalArgumentException("unknown binary op " + op);
            }
            return;
        }
        switch (op) {
            case ADD -> addVV(a, ao, b, bo, o, oo, n);
            case SUB -> subVV(a, ao, b, bo, o, oo, n);
            case MUL -> mulVV(a, ao, b, bo, o, oo, n);
            case DIV -> divVV(a, ao, b, bo, o, oo, n);
            case MAX -> maxVV(a, ao, b, bo, o, oo, n);
            case MIN -> minVV(a, ao, b, bo, o, oo, n);
            default -> throw new IllegalArgumentException("unknown binary op " + op);
        }
    }

    /** {@code o[oo+i] = a[ao+i] op s}. */
    static void runVS(int op, float[] a, int ao, float s, float[] o, int oo, int n, boolean simd) {
        if (!simd) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] + s; }
                case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] - s; }
                case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * s; }
                case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] / s; }
                case MAX -> { for (int i = 0; i < n; i++) o[oo + i] = Math.max(a[ao + i], s); }
                case MIN -> { for (int i = 0; i < n; i++) o[oo + i] = Math.min(a[ao + i], s); }
                default -> throw new IllegalArgumentException("unknown binary op " + op);
            }
            return;
        }
        switch (op) {
            case ADD -> addVS(a, ao, s, o, oo, n);
            case SUB -> addVS(a, ao, -s, o, oo, n);
            case MUL -> mulVS(a, ao, s, o, oo, n);
            // x / s is not x * (1/s) to the last bit; keep the division so SIMD and twin agree exactly.
            case DIV -> divVS(a, ao, s, o, oo, n);
            case MAX -> maxVS(a, ao, s, o, oo, n);
            case MIN -> minVS(a, ao, s, o, oo, n);
            default -> throw new IllegalArgumentException("unknown binary op " + op);
        }
    }

    /** {@code o[oo+i] = s op b[bo+i]}. */
    static void runSV(int op, float s, float[] b, int bo, float[] o, int oo, int n, boolean simd) {
        switch (op) {
            case SUB -> {
                if (simd) rsubVS(b, bo, s, o, oo, n);
                else for (int i = 0; i < n; i++) o[oo + i] = s - b[bo + i];
            }
            case DIV -> {
                if (simd) rdivVS(b, bo, s, o, oo, n);
                else for (int i = 0; i < n; i++) o[oo + i] = s / b[bo + i];
            }
            default -> runVS(op, b, bo, s, o, oo, n, simd); // the rest commute
        }
    }

    // One small loop per op: full vectors, then a scalar tail (fewer than L elements).

    private static void addVV(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = a[ao + i] + b[bo + i];
    }

    private static void subVV(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = a[ao + i] - b[bo + i];
    }

    private static void mulVV(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = a[ao + i] * b[bo + i];
    }

    private static void divVV(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = a[ao + i] / b[bo + i];
    }

    private static void maxVV(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).max(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = Math.max(a[ao + i], b[bo + i]);
    }

    private static void minVV(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).min(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = Math.min(a[ao + i], b[bo + i]);
    }

    private static void addVS(float[] a, int ao, float s, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) FloatVector.fromArray(S, a, ao + i).add(s).intoArray(o, oo + i);
        for (; i < n; i++) o[oo + i] = a[ao + i] + s;
    }

    private static void mulVS(float[] a, int ao, float s, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) FloatVector.fromArray(S, a, ao + i).mul(s).intoArray(o, oo + i);
        for (; i < n; i++) o[oo + i] = a[ao + i] * s;
    }

    private static void divVS(float[] a, int ao, float s, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) FloatVector.fromArray(S, a, ao + i).div(s).intoArray(o, oo + i);
        for (; i < n; i++) o[oo + i] = a[ao + i] / s;
    }

    private static void maxVS(float[] a, int ao, float s, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) FloatVector.fromArray(S, a, ao + i).max(s).intoArray(o, oo + i);
        for (; i < n; i++) o[oo + i] = Math.max(a[ao + i], s);
    }

    private static void minVS(float[] a, int ao, float s, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) FloatVector.fromArray(S, a, ao + i).min(s).intoArray(o, oo + i);
        for (; i < n; i++) o[oo + i] = Math.min(a[ao + i], s);
    }

    private static void rsubVS(float[] b, int bo, float s, float[] o, int oo, int n) {
        FloatVector sv = FloatVector.broadcast(S, s);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) sv.sub(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        for (; i < n; i++) o[oo + i] = s - b[bo + i];
    }

    private static void rdivVS(float[] b, int bo, float s, float[] o, int oo, int n) {
        FloatVector sv = FloatVector.broadcast(S, s);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) sv.div(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        for (; i < n; i++) o[oo + i] = s / b[bo + i];
    }

    // ------------------------------------------------------------------ contiguous runs: unary

    /** {@code o[oo+i] = f(x[xo+i])} for the unary op with parameters p, q. */
    static void runUnary(int op, float p, float q, float[] x, int xo, float[] o, int oo, int n, boolean simd) {
        if (op == POW) {
            // Common exponents get exact, cheap forms (both paths, so SIMD and twin agree).
            if (p == 1f) {
                System.arraycopy(x, xo, o, oo, n);
                return;
            }
            if (p == 2f) op = SQUARE;
            else if (p == 0.5f) op = SQRT;
            else if (p == -1f) op = RECIPROCAL;
        }
        if (!simd) {
            unaryScalar(op, p, q, x, xo, o, oo, n);
            return;
        }
        switch (op) {
            case NEG -> negV(x, xo, o, oo, n);
            case EXP -> expV(x, xo, o, oo, n);
            case LOG -> logV(x, xo, o, oo, n);
            case SQRT -> sqrtV(x, xo, o, oo, n);
            case RELU -> maxVS(x, xo, 0f, o, oo, n);
            case SIGMOID -> sigmoidV(x, xo, o, oo, n);
            case TANH -> tanhV(x, xo, o, oo, n);
            case ABS -> absV(x, xo, o, oo, n);
            case POW -> powV(x, xo, p, o, oo, n);
            case CLAMP -> clampV(x, xo, p, q, o, oo, n);
            case LEAKY_RELU -> leakyReluV(x, xo, p, o, oo, n);
            case SQUARE -> squareV(x, xo, o, oo, n);
            case RECIPROCAL -> rdivVS(x, xo, 1f, o, oo, n);
            default -> throw new IllegalArgumentException("unknown unary op " + op);
        }
    }

    /** The scalar twins of the unary runs; transcendentals in double, rounded once to float. */
    private static void unaryScalar(int op, float p, float q, float[] x, int xo, float[] o, int oo, int n) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) o[oo + i] = -x[xo + i]; }
            case EXP -> { for (int i = 0; i < n; i++) o[oo + i] = (float) Math.exp(x[xo + i]); }
            case LOG -> { for (int i = 0; i < n; i++) o[oo + i] = (float) Math.log(x[xo + i]); }
            case SQRT -> { for (int i = 0; i < n; i++) o[oo + i] = (float) Math.sqrt(x[xo + i]); }
            case RELU -> { for (int i = 0; i < n; i++) o[oo + i] = Math.max(x[xo + i], 0f); }
            case SIGMOID -> { for (int i = 0; i < n; i++) o[oo + i] = (float) (1.0 / (1.0 + Math.exp(-x[xo + i]))); }
            case TANH -> { for (int i = 0; i < n; i++) o[oo + i] = (float) Math.tanh(x[xo + i]); }
            case ABS -> { for (int i = 0; i < n; i++) o[oo + i] = Math.abs(x[xo + i]); }
            case POW -> { for (int i = 0; i < n; i++) o[oo + i] = (float) Math.pow(x[xo + i], p); }
            case CLAMP -> { for (int i = 0; i < n; i++) o[oo + i] = Math.min(Math.max(x[xo + i], p), q); }
            case LEAKY_RELU -> { for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] > 0f ? x[xo + i] : p * x[xo + i]; }
            case SQUARE -> { for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] * x[xo + i]; }
            case RECIPROCAL -> { for (int i = 0; i < n; i++) o[oo + i] = 1f / x[xo + i]; }
            default -> throw new IllegalArgumentException("unknown unary op " + op);
        }
    }

    private static void negV(float[] x, int xo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) FloatVector.fromArray(S, x, xo + i).neg().intoArray(o, oo + i);
        for (; i < n; i++) o[oo + i] = -x[xo + i];
    }

    private static void absV(float[] x, int xo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) FloatVector.fromArray(S, x, xo + i).abs().intoArray(o, oo + i);
        for (; i < n; i++) o[oo + i] = Math.abs(x[xo + i]);
    }

    private static void squareV(float[] x, int xo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.mul(v).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = x[xo + i] * x[xo + i];
    }

    private static void sqrtV(float[] x, int xo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) FloatVector.fromArray(S, x, xo + i).sqrt().intoArray(o, oo + i);
        for (; i < n; i++) o[oo + i] = (float) Math.sqrt(x[xo + i]);
    }

    // The transcendental lanewise ops run through the JDK's vector math library (SVML on x86), accurate to
    // about 1 ulp; the scalar tails use Math, so a run is within an ulp or two of the twin throughout.

    private static void expV(float[] x, int xo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xo + i).lanewise(VectorOperators.EXP).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = (float) Math.exp(x[xo + i]);
    }

    private static void logV(float[] x, int xo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xo + i).lanewise(VectorOperators.LOG).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = (float) Math.log(x[xo + i]);
    }

    private static void tanhV(float[] x, int xo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xo + i).lanewise(VectorOperators.TANH).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = (float) Math.tanh(x[xo + i]);
    }

    private static void sigmoidV(float[] x, int xo, float[] o, int oo, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            // e = exp(-|x|) never overflows; for x < 0, sigmoid(x) = e / (1 + e) keeps full relative
            // precision deep into the negative tail, where 1 / (1 + exp(-x)) would flush to 0.
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector e = v.abs().neg().lanewise(VectorOperators.EXP);
            FloatVector r = one.div(e.add(one));
            r.blend(e.mul(r), v.compare(VectorOperators.LT, 0f)).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = (float) (1.0 / (1.0 + Math.exp(-x[xo + i])));
    }

    private static void powV(float[] x, int xo, float p, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xo + i).lanewise(VectorOperators.POW, p).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = (float) Math.pow(x[xo + i], p);
    }

    private static void clampV(float[] x, int xo, float lo, float hi, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) FloatVector.fromArray(S, x, xo + i).max(lo).min(hi).intoArray(o, oo + i);
        for (; i < n; i++) o[oo + i] = Math.min(Math.max(x[xo + i], lo), hi);
    }

    private static void leakyReluV(float[] x, int xo, float slope, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            VectorMask<Float> pos = v.compare(VectorOperators.GT, 0f);
            v.mul(slope).blend(v, pos).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = x[xo + i] > 0f ? x[xo + i] : slope * x[xo + i];
    }
}
